#!/usr/bin/env python3
"""Writes fixtures/replay/xray/: the X-Ray API exchanges (GetTraceSummaries, BatchGetTraces)
that return three traces of the demo's recorded hour (fixtures/demo/telemetry/), one of
them a fault, in the shapes the X-Ray API uses. The live-X-Ray test replays them and checks
the live tables equal the recorded ones for those traces.

    scripts/gen-xray-replay.py
"""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
tele = root / "fixtures/demo/telemetry"
out = root / "fixtures/replay/xray"
out.mkdir(parents=True, exist_ok=True)
T0 = 1795950000  # 2026-11-29T11:00:00Z, the test's window start (seconds)

summaries = [json.loads(l) for l in (tele / "xray_trace_summaries.ndjson").open()]
faults = [s for s in summaries if s["has_fault"]]
chosen = summaries[:2] + faults[:1]
# fetch::traces asks for the ids in sorted order.
ids = sorted(s["trace_id"] for s in chosen)
docs = [json.loads(l) for l in (tele / "xray_segment_documents.ndjson").open()]


def api_summary(s):
    d = {
        "Id": s["trace_id"],
        "StartTime": s["trace_start"] / 1000,
        "Duration": s["duration_s"],
        "ResponseTime": s["response_time_s"],
        "HasFault": s["has_fault"],
        "HasError": s["has_error"],
        "HasThrottle": s["has_throttle"],
        "IsPartial": s["is_partial"],
        "Http": {
            "HttpMethod": s["http_method"],
            "HttpURL": s["http_url"],
            "HttpStatus": s["http_status"],
        },
        "ServiceIds": [{"Name": n} for n in s["service_names"]],
        "Users": [],
    }
    if s["entry_point"]:
        d["EntryPoint"] = {"Name": s["entry_point"]}
    if s["root_cause_services"]:
        d["FaultRootCauses"] = [
            {"Services": [{"Name": n} for n in s["root_cause_services"]]}
        ]
    return d


def write(name, operation, request, body):
    rec = {
        "service": "xray",
        "region": "us-east-1",
        "operation": operation,
        "request_body": request,
        "status": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body),
    }
    (out / name).write_text(json.dumps(rec, indent=2) + "\n")


write(
    "get-trace-summaries.json",
    "POST /TraceSummaries",
    {"StartTime": T0, "EndTime": T0 + 3600},
    {"TraceSummaries": [api_summary(s) for s in chosen], "TracesProcessedCount": len(chosen)},
)
write(
    "batch-get-traces.json",
    "POST /Traces",
    {"TraceIds": ids},
    {
        "Traces": [
            {
                "Id": i,
                "Segments": [
                    {"Id": d["segment_id"], "Document": d["document"]}
                    for d in docs
                    if d["trace_id"] == i
                ],
            }
            for i in ids
        ],
        "UnprocessedTraceIds": [],
    },
)
print("traces:", ", ".join(ids))
