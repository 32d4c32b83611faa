#!/usr/bin/env python3
"""Writes fixtures/demo/telemetry/: one hour (T0 = 2026-11-29T11:00Z) of the demo estate's
telemetry with known aggregates (deterministic: fixed seeds, no clock).

log_events.ndjson: Lambda logs. Per function (invocations, cold starts, timeouts, OOMs, errors)
as printed at the end; the formats are Lambda's own: text START/END/REPORT with the X-Ray line,
app lines with the runtime's prefix, legacy `Task timed out` lines, `Runtime exited with error:
signal: killed`, and JSON-format platform records for orders-enrich (LogFormat JSON).

metric_datapoints.ndjson / metrics_catalog.ndjson: 60-second CloudWatch datapoints (T0 ..
T0+59min) for Lambda, SQS, SNS, Kinesis, API Gateway and Step Functions, and the ListMetrics
catalog of those series. Lambda Invocations, Errors, Duration and ConcurrentExecutions are
derived from the log events above. Sum and Maximum series have a point every minute (0 when
idle); percentile series (Duration, Latency, ExecutionTime p99) only in minutes with requests.

xray_trace_summaries.ndjson / xray_segment_documents.ndjson: 40 X-Ray traces of POST
/petcuddleotron (API Gateway stage petcuddleotron/prod -> api_lambda -> StartExecution of
PetCuddleOTron, some with an SNS Publish), two segment documents each. Five reuse the trace ids
(and request ids) of api_lambda REPORT lines in the logs.

Everything after the logs uses its own random.Random, so log_events.ndjson does not change
when the metrics or traces do.
"""
import json
import random
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "demo" / "telemetry" / "log_events.ndjson"
T0 = 1795950000000  # 2026-11-29T11:00:00Z


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"
rng = random.Random(20261129)

# function: (memory MB and timeout s as in the demo snapshot, invocations, cold starts, timeouts, ooms, errors, duration range ms, runtime)
PLAN = {
    "transcode-720p": (1024, 60, 40, 3, 2, 0, 1, (800, 9000), "python"),
    "transcode-480p": (512, 60, 30, 2, 0, 2, 0, (600, 6000), "python"),
    "transcode-1080p": (2048, 120, 20, 1, 0, 0, 0, (2000, 20000), "python"),
    "video-thumbnail": (128, 3, 25, 2, 0, 0, 3, (100, 900), "python"),
    "api_lambda": (128, 3, 60, 4, 3, 0, 2, (40, 2500), "python"),
    "email_reminder_lambda": (128, 3, 15, 1, 0, 0, 0, (80, 400), "python"),
    "clickstream-enricher": (256, 30, 50, 2, 0, 0, 0, (20, 300), "node"),
    "orders-consumer": (512, 30, 12, 1, 1, 0, 2, (200, 28000), "python"),
    "orders-enrich": (512, 60, 30, 2, 0, 0, 1, (50, 700), "json"),
}

events = []
counter = [0]


def event(group, stream, ts, message):
    counter[0] += 1
    events.append({
        "log_group": group,
        "log_stream": stream,
        "timestamp": ts,
        "ingestion_time": ts + rng.randint(100, 900),
        "message": message,
        "event_id": f"{ts}{counter[0]:06d}",
    })


def rid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


totals = {}
for fn, (mem, timeout, n, colds, timeouts, ooms, errors, (lo, hi), kind) in PLAN.items():
    group = f"/aws/lambda/{fn}"
    envs = [f"2026/11/29/[$LATEST]{rng.getrandbits(128):032x}" for _ in range(colds)]
    # spread invocations over envs; the first invocation of each env is its cold start
    slots = list(range(n))
    special = rng.sample(slots[colds:], timeouts + ooms + errors)
    t_set = set(special[:timeouts])
    o_set = set(special[timeouts:timeouts + ooms])
    e_set = set(special[timeouts + ooms:])
    ts = T0
    for i in range(n):
        env = envs[i % colds] if i >= colds else envs[i]
        cold = i < colds
        ts += rng.randint(20_000, 90_000)
        r = rid()
        dur = round(rng.uniform(lo, hi), 2)
        init = round(rng.uniform(180, 650), 2) if cold else None
        used = rng.randint(int(mem * 0.2), int(mem * 0.7))
        status = None
        if i in t_set:
            dur = timeout * 1000 + round(rng.uniform(0.5, 30), 2)
        if i in o_set:
            used = mem
        billed = int(-(-(dur + (init or 0)) // 1))
        if kind == "json":
            event(group, env, ts, json.dumps({"time": iso(ts), "type": "platform.start", "record": {"requestId": r, "version": "$LATEST"}}))
            if i in e_set:
                event(group, env, ts + 5, json.dumps({"timestamp": iso(ts + 5), "level": "ERROR", "requestId": r, "message": "enrichment failed: customer not found"}))
            metrics = {"durationMs": dur, "billedDurationMs": billed, "memorySizeMB": mem, "maxMemoryUsedMB": used}
            if init:
                metrics["initDurationMs"] = init
            rec = {"requestId": r, "metrics": metrics, "status": "error" if i in e_set else "success"}
            if i in e_set:
                rec["errorType"] = "Runtime.HandlerError"
            event(group, env, ts + int(dur), json.dumps({"time": iso(ts + int(dur)), "type": "platform.report", "record": rec}))
            continue
        event(group, env, ts, f"START RequestId: {r} Version: $LATEST\n")
        if kind == "node":
            event(group, env, ts + 3, f"{iso(ts + 3)}\t{r}\tINFO\tenriching batch\n")
        else:
            event(group, env, ts + 3, f"[INFO]\t{iso(ts + 3)}\t{r}\tprocessing\n")
        if i in e_set:
            event(group, env, ts + 10, f"[ERROR]\t{iso(ts + 10)}\t{r}\tClientError: An error occurred (ThrottlingException) when calling the UpdateItem operation\n")
        if i in t_set:
            event(group, env, ts + int(dur) - 1, f"{iso(ts + int(dur) - 1)}\t{r}\tTask timed out after {timeout}.00 seconds\n")
        if i in o_set:
            event(group, env, ts + int(dur) - 1, "Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n")
        event(group, env, ts + int(dur), f"END RequestId: {r}\n")
        report = f"REPORT RequestId: {r}\tDuration: {dur:.2f} ms\tBilled Duration: {billed} ms\tMemory Size: {mem} MB\tMax Memory Used: {used} MB\t"
        if init:
            report += f"Init Duration: {init:.2f} ms\t"
        report += f"\nXRAY TraceId: 1-{rng.getrandbits(32):08x}-{rng.getrandbits(96):024x}\tSegmentId: {rng.getrandbits(64):016x}\tSampled: true\t\n"
        event(group, env, ts + int(dur) + 1, report)
    totals[fn] = dict(invocations=n, cold_starts=colds, timeouts=timeouts, ooms=ooms, errors=errors)

OUT.parent.mkdir(parents=True, exist_ok=True)
with OUT.open("w") as f:
    for e in events:
        f.write(json.dumps(e) + "\n")
print(f"{OUT}: {len(events)} events")
for fn, t in totals.items():
    print(fn, t)

# --- Metrics and X-Ray -------------------------------------------------------------------------
# A separate generator: the log events above stay byte-identical whatever changes below.
mrng = random.Random(2026112911)
DIR = OUT.parent
MIN = 60_000
MINUTES = range(60)
ACCOUNT, REGION = "111122223333", "us-east-1"


def minute_of(ms):
    return min(59, max(0, (ms - T0) // MIN))


# The invocations, read back from the log events just generated.
invocations = []  # dicts: fn, request_id, start, duration_ms, init_ms, failed (timeout/oom/error), trace_id, segment_id
by_request = {}
current = {}
for e in events:
    fn = e["log_group"].rsplit("/", 1)[1]
    m = e["message"]
    if m.startswith("{"):
        j = json.loads(m)
        if j.get("type") == "platform.start":
            inv = dict(fn=fn, request_id=j["record"]["requestId"], start=e["timestamp"], duration_ms=0.0,
                       init_ms=None, failed=None, trace_id=None, segment_id=None)
            invocations.append(inv)
            by_request[inv["request_id"]] = inv
        elif j.get("type") == "platform.report":
            inv = by_request[j["record"]["requestId"]]
            inv["duration_ms"] = j["record"]["metrics"]["durationMs"]
            inv["init_ms"] = j["record"]["metrics"].get("initDurationMs")
            if j["record"].get("status") == "error":
                inv["failed"] = "error"
        continue
    if m.startswith("START RequestId: "):
        inv = dict(fn=fn, request_id=m.split()[2], start=e["timestamp"], duration_ms=0.0, init_ms=None,
                   failed=None, trace_id=None, segment_id=None)
        invocations.append(inv)
        by_request[inv["request_id"]] = inv
        current[fn] = inv
    elif m.startswith("REPORT RequestId: "):
        inv = by_request[m.split()[2]]
        inv["duration_ms"] = float(re.search(r"\tDuration: ([0-9.]+) ms", m).group(1))
        init = re.search(r"Init Duration: ([0-9.]+) ms", m)
        inv["init_ms"] = float(init.group(1)) if init else None
        inv["trace_id"] = re.search(r"XRAY TraceId: (\S+)", m).group(1)
        inv["segment_id"] = re.search(r"SegmentId: (\S+)", m).group(1)
    elif "Task timed out after" in m:
        current[fn]["failed"] = "timeout"
    elif "Runtime exited with error: signal: killed" in m:
        current[fn]["failed"] = "oom"
    elif m.startswith("[ERROR]"):
        current[fn]["failed"] = "error"
for fn, t in totals.items():
    mine = [i for i in invocations if i["fn"] == fn]
    assert len(mine) == t["invocations"], fn
    assert sum(1 for i in mine if i["failed"]) == t["timeouts"] + t["ooms"] + t["errors"], fn


def per_minute(rows, key=lambda r: r["start"]):
    out = [0] * 60
    for r in rows:
        out[minute_of(key(r))] += 1
    return out


def spread(total, minutes):
    """`total` over `minutes` as evenly as possible (the first ones take the remainder)."""
    out = [0] * 60
    for k, m in enumerate(minutes):
        out[m] = total // len(minutes) + (1 if k < total % len(minutes) else 0)
    return out


datapoints = []


def series(namespace, metric, dims, stat, unit, values):
    """One datapoint per minute for every value that is not None."""
    main = {"AWS/Lambda": "FunctionName", "AWS/SQS": "QueueName", "AWS/SNS": "TopicName",
            "AWS/Kinesis": "StreamName", "AWS/States": "StateMachineArn"}.get(namespace)
    if namespace == "AWS/ApiGateway":
        main = "ApiName" if "ApiName" in dims else "ApiId"
    resource = dims[main].rsplit(":", 1)[1] if namespace == "AWS/States" else dims[main]
    for m, v in zip(MINUTES, values):
        if v is None:
            continue
        datapoints.append({"namespace": namespace, "metric_name": metric, "dimensions": dict(sorted(dims.items())),
                           "resource_name": resource, "stat": stat, "period_s": 60, "timestamp": T0 + m * MIN,
                           "value": float(v), "unit": unit})
    return list(values)


def concurrency(rows, m):
    """Most invocations of `rows` running at once during minute m."""
    lo, hi = T0 + m * MIN, T0 + (m + 1) * MIN
    spans = [(r["start"], r["start"] + (r["init_ms"] or 0) + r["duration_ms"]) for r in rows]
    points = [lo] + [s for s, _ in spans if lo <= s < hi]
    return max(sum(1 for s, e in spans if s <= p < e) for p in points)


known = {}

# AWS/Lambda: the PLAN functions, from their logs.
THROTTLES = {"api_lambda": dict(zip(range(20, 30), [2, 5, 7, 6, 4, 3, 4, 3, 2, 1])),
             "transcode-720p": {m: 1 for m in range(40, 45)}}
for fn in PLAN:
    rows = [i for i in invocations if i["fn"] == fn]
    d = {"FunctionName": fn}
    series("AWS/Lambda", "Invocations", d, "Sum", "Count", per_minute(rows))
    series("AWS/Lambda", "Errors", d, "Sum", "Count", per_minute([r for r in rows if r["failed"]]))
    p99 = [None] * 60
    for r in rows:
        m = minute_of(r["start"])
        p99[m] = max(p99[m] or 0.0, r["duration_ms"])
    series("AWS/Lambda", "Duration", d, "p99", "Milliseconds", p99)
    series("AWS/Lambda", "ConcurrentExecutions", d, "Maximum", "Count", [concurrency(rows, m) for m in MINUTES])
    series("AWS/Lambda", "Throttles", d, "Sum", "Count", [THROTTLES.get(fn, {}).get(m, 0) for m in MINUTES])
known["Lambda Invocations / Errors sums"] = {fn: (t["invocations"], t["timeouts"] + t["ooms"] + t["errors"])
                                            for fn, t in totals.items()}
known["throttles per function"] = {fn: sum(v.values()) for fn, v in THROTTLES.items()}

# Kinesis lag: clickstream-enricher falls behind, linearly from 1 s to 180 s.
lag = [round(1000 + (180_000 - 1000) * m / 59) for m in MINUTES]
series("AWS/Lambda", "IteratorAge", {"FunctionName": "clickstream-enricher"}, "Maximum", "Milliseconds", lag)
series("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", {"StreamName": "clickstream"}, "Maximum", "Milliseconds", lag)
series("AWS/Kinesis", "IncomingRecords", {"StreamName": "clickstream"}, "Sum", "Count",
       [mrng.randint(900, 1400) for _ in MINUTES])
known["final iterator age ms (clickstream-enricher, stream clickstream)"] = lag[-1]

# Async invocations: video-thumbnail drops 4 events (minutes 50..53) after its retries; audit-writer
# fails to deliver 2 events to its dead-letter queue.
thumb = per_minute([i for i in invocations if i["fn"] == "video-thumbnail"])
dropped = [1 if 50 <= m <= 53 else 0 for m in MINUTES]
d = {"FunctionName": "video-thumbnail"}
series("AWS/Lambda", "AsyncEventsReceived", d, "Sum", "Count", [a + b for a, b in zip(thumb, dropped)])
series("AWS/Lambda", "AsyncEventsDropped", d, "Sum", "Count", dropped)
age = [round(mrng.uniform(40, 400), 1) for _ in MINUTES]
for m, v in zip(range(48, 54), [60_000, 120_000, 181_000, 183_500, 186_000, 188_500]):
    age[m] = v
series("AWS/Lambda", "AsyncEventAge", d, "Maximum", "Milliseconds", age)
series("AWS/Lambda", "DeadLetterErrors", {"FunctionName": "audit-writer"}, "Sum", "Count",
       [1 if m in (33, 47) else 0 for m in MINUTES])
known["AsyncEventsDropped video-thumbnail"] = sum(dropped)
known["AsyncEventAge max ms video-thumbnail"] = max(age)
known["DeadLetterErrors audit-writer"] = 2

# AWS/SQS. video-transcode-dlq: each transcode timeout or OOM lands 3 messages, redriven 10 minutes
# after the minute it failed in (maxReceiveCount 5 x 2 min visibility timeout).
fail_ms = sorted(i["start"] + int(i["duration_ms"]) for i in invocations
                 if i["fn"].startswith("transcode-") and i["failed"] in ("timeout", "oom"))
arrivals = [minute_of(t) + 1 + 10 for t in fail_ms]


def dlq(arrival_minutes, per_arrival):
    depth = [per_arrival * sum(1 for a in arrival_minutes if a <= m) for m in MINUTES]
    first = min(arrival_minutes)
    oldest = [(m + 1 - first) * 60 if m >= first else 0 for m in MINUTES]
    return depth, oldest


DLQS = {"video-transcode-dlq": dlq(arrivals, 3), "orders-intake-dlq": dlq([10, 10, 10], 1)}
for q in ("audit-writer-dlq", "clickstream-failures", "orders-enrich-failures"):
    DLQS[q] = ([0] * 60, [0] * 60)
for q, (depth, oldest) in DLQS.items():
    series("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": q}, "Maximum", "Count", depth)
    series("AWS/SQS", "ApproximateAgeOfOldestMessage", {"QueueName": q}, "Maximum", "Seconds", oldest)
sent = [mrng.randint(0, 4) for _ in MINUTES]
series("AWS/SQS", "NumberOfMessagesSent", {"QueueName": "orders-intake"}, "Sum", "Count", sent)
series("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": "orders-intake"}, "Maximum", "Count",
       [mrng.randint(0, 3) for _ in MINUTES])
known["DLQ max depth / max age s"] = {q: (max(d), max(a)) for q, (d, a) in DLQS.items()}
known["orders-intake NumberOfMessagesSent"] = sum(sent)

# AWS/SNS.
SNS_FAILED = {"order-events": [12, 13, 31, 44, 45, 46], "video-uploaded": [], "petcuddleotron-sms-reminders": [8, 37]}
published_sns = {
    "order-events": [mrng.randint(3, 9) for _ in MINUTES],
    "video-uploaded": thumb,
    "petcuddleotron-sms-reminders": [mrng.randint(0, 2) for _ in MINUTES],
}
for topic, pub in published_sns.items():
    failed = [1 if m in SNS_FAILED[topic] else 0 for m in MINUTES]
    pub = [max(p, f) for p, f in zip(pub, failed)]
    series("AWS/SNS", "NumberOfMessagesPublished", {"TopicName": topic}, "Sum", "Count", pub)
    series("AWS/SNS", "NumberOfNotificationsFailed", {"TopicName": topic}, "Sum", "Count", failed)
    known.setdefault("SNS published / failed", {})[topic] = (sum(pub), sum(failed))

# X-Ray traces (built before API Gateway's metrics, which count their faults and throttles).
URL = "https://k3x8q1v7m2.execute-api.us-east-1.amazonaws.com/prod/petcuddleotron"
FN_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:api_lambda"
SM_ARN = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:PetCuddleOTron"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:petcuddleotron-sms-reminders"


def hex16():
    return f"{mrng.getrandbits(64):016x}"


def req_id():
    return str(uuid.UUID(int=mrng.getrandbits(128), version=4))


def secs(ms):
    return round(ms / 1000, 3)


def client_error(code, message):
    return {"exceptions": [{"id": hex16(), "message": f"An error occurred ({code}) when calling the StartExecution "
                            f"operation (reached max retries: 4): {message}", "type": "ClientError", "remote": True}]}


# kind: ok, slow (the 3 slowest), fault_sfn_unhandled / fault_sfn_handled (PetCuddleOTron is the
# root cause), fault_lambda (api_lambda is), throttle (Lambda throttled the invoke).
linked_pool = [i for i in invocations if i["fn"] == "api_lambda" and not i["failed"]
               and i["duration_ms"] + (i["init_ms"] or 0) < 2000]
cold_pool = [i for i in linked_pool if i["init_ms"]]
linked = sorted(mrng.sample(cold_pool, 1) + mrng.sample([i for i in linked_pool if not i["init_ms"]], 4),
                key=lambda i: i["start"])
plans = [dict(kind="linked", inv=i) for i in linked]
plans += [dict(kind="slow", total_ms=t) for t in (2900, 2700, 2500)]
plans += [dict(kind="fault_sfn_unhandled"), dict(kind="fault_sfn_handled"), dict(kind="fault_lambda")]
plans += [dict(kind="throttle"), dict(kind="throttle")]
plans += [dict(kind="ok") for _ in range(40 - len(plans))]
taken = {minute_of(i["start"]) for i in linked}
for p in plans:
    p["pre"], p["post"] = mrng.randint(8, 18), mrng.randint(10, 22)  # API Gateway before and after the function
    if p["kind"] == "linked":
        # The log's START is the invocation's start; Initialization (cold) and API Gateway come before it.
        p["start"] = p["inv"]["start"] - round(p["inv"]["init_ms"] or 0) - p["pre"]
        continue
    minutes = range(20, 30) if p["kind"] == "throttle" else range(60)
    m = mrng.choice([x for x in minutes if x not in taken])
    taken.add(m)
    p["start"] = T0 + m * MIN + mrng.randint(0, 58) * 1000
plans.sort(key=lambda p: p["start"])

summaries, documents, subsegment_stats = [], [], []
cold = set(mrng.sample(range(len(plans)), 6))  # the traces (ok or fault_lambda among them) that start cold
for k, p in enumerate(plans):
    kind = p["kind"]
    start = p["start"]
    if kind == "linked":
        inv = p["inv"]
        trace_id, fn_seg_id, request_id = inv["trace_id"], inv["segment_id"], inv["request_id"]
        init_ms, run_ms = inv["init_ms"], inv["duration_ms"]
    else:
        trace_id = f"1-{start // 1000:08x}-{mrng.getrandbits(96):024x}"
        fn_seg_id, request_id = hex16(), req_id()
        init_ms = round(mrng.uniform(180, 650), 2) if kind in ("ok", "fault_lambda") and k in cold else None
        run_ms = None
    api_seg_id = hex16()
    pre, post = p["pre"], p["post"]
    fn_start = start + pre
    # The Invocation's downstream calls: StartExecution always (but when throttled), Publish on some.
    sfn_ms = p["total_ms"] - 300 + mrng.randint(-20, 20) if kind == "slow" else mrng.randint(45, 220)
    sns = kind in ("ok", "linked") and mrng.random() < 0.35
    sns_ms = mrng.randint(18, 70) if sns else 0
    if kind == "throttle":
        run_ms = 0.0
    elif run_ms is None:
        run_ms = float(sfn_ms + sns_ms + mrng.randint(30, 400)) if kind != "slow" else float(p["total_ms"] - pre - post)
    run_ms = float(run_ms)
    fn_end = fn_start + round((init_ms or 0) + run_ms) if kind != "throttle" else fn_start + mrng.randint(3, 9)
    end = fn_end + post
    status = {"fault_sfn_unhandled": 502, "fault_sfn_handled": 500, "fault_lambda": 502, "throttle": 429}.get(kind, 200)
    fault, throttle = status >= 500, status == 429

    fn_seg = {"id": fn_seg_id, "name": "api_lambda", "trace_id": trace_id, "parent_id": api_seg_id,
              "start_time": secs(fn_start), "end_time": secs(fn_end), "origin": "AWS::Lambda::Function",
              "resource_arn": FN_ARN, "aws": {"request_id": request_id, "account_id": ACCOUNT, "region": REGION},
              "http": {"request": {"method": "POST", "url": URL}, "response": {"status": status}},
              "fault": kind in ("fault_sfn_unhandled", "fault_lambda"), "error": throttle, "throttle": throttle}
    if throttle:
        fn_seg["cause"] = {"exceptions": [{"id": hex16(), "message": "Rate Exceeded.", "type": "TooManyRequestsException"}]}
    else:
        subs = []
        t = fn_start
        if init_ms:
            subs.append({"id": hex16(), "name": "Initialization", "start_time": secs(t), "end_time": secs(t + round(init_ms))})
            t += round(init_ms)
        inv_start, inv_end = t, fn_end
        calls = []
        c0 = inv_start + mrng.randint(3, 12)
        sfn = {"id": hex16(), "name": "StepFunctions", "namespace": "aws", "start_time": secs(c0),
               "end_time": secs(c0 + sfn_ms),
               "aws": {"operation": "StartExecution", "region": REGION, "request_id": req_id(),
                       "resource_names": [SM_ARN], "retries": 0},
               "http": {"response": {"status": 200}}}
        if kind in ("fault_sfn_unhandled", "fault_sfn_handled"):
            code, msg, st = (("InternalFailure", "An internal error occurred.", 500) if kind == "fault_sfn_unhandled"
                             else ("ServiceUnavailable", "Service Unavailable", 503))
            sfn.update(fault=True, cause=client_error(code, msg))
            sfn["aws"]["retries"] = 4
            sfn["http"]["response"]["status"] = st
        calls.append(sfn)
        subsegment_stats.append(("StepFunctions", "StartExecution", sfn_ms, sfn.get("fault", False)))
        if sns:
            c1 = c0 + sfn_ms + mrng.randint(2, 8)
            calls.append({"id": hex16(), "name": "SNS", "namespace": "aws", "start_time": secs(c1), "end_time": secs(c1 + sns_ms),
                          "aws": {"operation": "Publish", "region": REGION, "request_id": req_id(), "topic_arn": TOPIC_ARN,
                                  "retries": 0},
                          "http": {"response": {"status": 200}}})
            subsegment_stats.append(("SNS", "Publish", sns_ms, False))
        invocation = {"id": hex16(), "name": "Invocation", "start_time": secs(inv_start), "end_time": secs(inv_end),
                      "subsegments": calls}
        if kind == "fault_sfn_unhandled":
            invocation["fault"] = True
            fn_seg["cause"] = {"exceptions": [{"id": hex16(), "message": sfn["cause"]["exceptions"][0]["message"],
                                               "type": "ClientError"}]}
        if kind == "fault_lambda":
            invocation["fault"] = True
            fn_seg["cause"] = {"exceptions": [{"id": hex16(), "message": "Object of type datetime is not JSON serializable",
                                               "type": "TypeError",
                                               "stack": [{"path": "/var/task/lambda_function.py", "line": 41,
                                                          "label": "lambda_handler"}]}]}
        subs.append(invocation)
        fn_seg["subsegments"] = subs
    api_seg = {"id": api_seg_id, "name": "petcuddleotron/prod", "trace_id": trace_id, "start_time": secs(start),
               "end_time": secs(end), "origin": "AWS::ApiGateway::Stage",
               "resource_arn": f"arn:aws:apigateway:{REGION}::/restapis/k3x8q1v7m2/stages/prod",
               "aws": {"api_gateway": {"account_id": ACCOUNT, "rest_api_id": "k3x8q1v7m2", "stage": "prod",
                                       "request_id": req_id()}},
               "http": {"request": {"method": "POST", "url": URL, "client_ip": f"203.0.113.{mrng.randint(2, 250)}"},
                        "response": {"status": status}},
               "fault": fault, "error": throttle, "throttle": throttle,
               "annotations": {"aws:api_id": "k3x8q1v7m2", "aws:api_stage": "prod"}}
    for seg in (api_seg, fn_seg):
        documents.append({"trace_id": trace_id, "segment_id": seg["id"], "document": json.dumps(seg)})
    services = ["petcuddleotron/prod", "api_lambda"] + ([] if throttle else ["PetCuddleOTron"])
    if sns:
        services.append("petcuddleotron-sms-reminders")
    root = {"fault_sfn_unhandled": ["PetCuddleOTron"], "fault_sfn_handled": ["PetCuddleOTron"],
            "fault_lambda": ["api_lambda"], "throttle": ["api_lambda"]}.get(kind, [])
    duration = round((end - start) / 1000, 3)
    summaries.append({"trace_id": trace_id, "trace_start": start, "duration_s": duration, "response_time_s": duration,
                      "has_fault": fault, "has_error": throttle, "has_throttle": throttle, "is_partial": False,
                      "http_method": "POST", "http_url": URL, "http_status": status, "entry_point": "petcuddleotron/prod",
                      "service_names": services, "root_cause_services": root, "annotations": None})
    p["status"] = status

# AWS/ApiGateway. REST petcuddleotron: 5XX = api_lambda's failed invocations in the logs (timeouts,
# errors), the 3 faulted traces and one 502 of GET /reminders (list_reminders); 4XX = the 2
# throttled traces and 12 rejected GET /reminders (Cognito authorizer); Count adds list_reminders'
# calls and the traced requests.
api_rows = [i for i in invocations if i["fn"] == "api_lambda"]
traced = [p for p in plans if p["kind"] != "linked"]
e5 = per_minute([r for r in api_rows if r["failed"]])
for p in traced:
    if p["status"] >= 500:
        e5[minute_of(p["start"])] += 1
e5[mrng.choice([x for x in MINUTES if e5[x] == 0])] += 1
e4 = [0] * 60
for p in traced:
    if p["status"] == 429:
        e4[minute_of(p["start"])] += 1
for m in mrng.sample([x for x in MINUTES if e4[x] == 0], 12):
    e4[m] += 1
count = [a + b + mrng.randint(0, 3) for a, b in zip(per_minute(api_rows), e4)]
count = [max(c, x + y) for c, x, y in zip(count, e4, e5)]
for p in traced:
    count[minute_of(p["start"])] += 1
integ = [None] * 60
for r in api_rows:
    m = minute_of(r["start"])
    integ[m] = max(integ[m] or 0, r["duration_ms"] + (r["init_ms"] or 0) + mrng.uniform(4, 12))
for s in summaries:
    m = minute_of(s["trace_start"])
    integ[m] = max(integ[m] or 0, s["duration_s"] * 1000 - mrng.uniform(18, 30))
for m in MINUTES:
    if integ[m] is None and count[m] > 0:
        integ[m] = mrng.uniform(60, 350)  # list_reminders only
integ = [None if v is None else round(v, 2) for v in integ]
latency = [None if v is None else round(v + mrng.uniform(20, 40), 2) for v in integ]
d = {"ApiName": "petcuddleotron", "Stage": "prod"}
series("AWS/ApiGateway", "Count", d, "Sum", "Count", count)
series("AWS/ApiGateway", "5XXError", d, "Sum", "Count", e5)
series("AWS/ApiGateway", "4XXError", d, "Sum", "Count", e4)
series("AWS/ApiGateway", "Latency", d, "p99", "Milliseconds", latency)
series("AWS/ApiGateway", "IntegrationLatency", d, "p99", "Milliseconds", integ)
known["API petcuddleotron/prod Count / 5XX / 4XX"] = (sum(count), sum(e5), sum(e4))
known["API petcuddleotron/prod max Latency p99 / max IntegrationLatency p99"] = (
    max(v for v in latency if v), max(v for v in integ if v))

# HTTP API orders-http ($default): POST /orders -> orders-enrich, POST /queue -> orders-intake.
enrich = [i for i in invocations if i["fn"] == "orders-enrich"]
h_count = [a + b for a, b in zip(per_minute(enrich), sent)]
h_integ = [None] * 60
for r in enrich:
    m = minute_of(r["start"])
    h_integ[m] = max(h_integ[m] or 0, r["duration_ms"] + (r["init_ms"] or 0) + mrng.uniform(3, 9))
for m in MINUTES:
    if h_integ[m] is None and h_count[m] > 0:
        h_integ[m] = mrng.uniform(25, 80)  # SQS SendMessage only
h_integ = [None if v is None else round(v, 2) for v in h_integ]
h_latency = [None if v is None else round(v + mrng.uniform(5, 15), 2) for v in h_integ]
d = {"ApiId": "p4n9w2c6z1", "Stage": "$default"}
series("AWS/ApiGateway", "Count", d, "Sum", "Count", h_count)
series("AWS/ApiGateway", "5xx", d, "Sum", "Count", [0] * 60)
series("AWS/ApiGateway", "Latency", d, "p99", "Milliseconds", h_latency)
series("AWS/ApiGateway", "IntegrationLatency", d, "p99", "Milliseconds", h_integ)
known["API p4n9w2c6z1/$default Count / 5XX"] = (sum(h_count), 0)

# AWS/States.
ok_api = per_minute([r for r in api_rows if not r["failed"]])
SFN = {
    "PetCuddleOTron": ([a + sum(1 for p in traced if minute_of(p["start"]) == m and p["status"] in (200, 502)
                                and p["kind"] != "fault_sfn_unhandled")
                        for m, a in zip(MINUTES, ok_api)], [], [], (60_000, 300_000)),
    "orders-fulfilment": ([mrng.randint(1, 4) for _ in MINUTES], [17, 18, 39, 52], [27], (800, 5000)),
    "orders-audit": ([mrng.randint(0, 3) for _ in MINUTES], [], [], (40, 250)),
}
for name, (started, failed_m, timed_out_m, (lo, hi)) in SFN.items():
    d = {"StateMachineArn": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"}
    series("AWS/States", "ExecutionsStarted", d, "Sum", "Count", started)
    series("AWS/States", "ExecutionsFailed", d, "Sum", "Count", [1 if m in failed_m else 0 for m in MINUTES])
    series("AWS/States", "ExecutionsTimedOut", d, "Sum", "Count", [1 if m in timed_out_m else 0 for m in MINUTES])
    series("AWS/States", "ExecutionThrottled", d, "Sum", "Count", [0] * 60)
    series("AWS/States", "ExecutionTime", d, "p99", "Milliseconds",
           [round(mrng.uniform(lo, hi), 1) if s else None for s in started])
    known.setdefault("SFN started / failed / timed out / throttled", {})[name] = (
        sum(started), len(failed_m), len(timed_out_m), 0)

# The files.
catalog = {}
for dp in datapoints:
    key = (dp["namespace"], dp["metric_name"], json.dumps(dp["dimensions"], sort_keys=True))
    catalog.setdefault(key, {"namespace": dp["namespace"], "metric_name": dp["metric_name"],
                             "dimensions": dp["dimensions"], "resource_name": dp["resource_name"]})
for name, rows in (("metric_datapoints.ndjson", datapoints), ("metrics_catalog.ndjson", list(catalog.values())),
                   ("xray_trace_summaries.ndjson", summaries), ("xray_segment_documents.ndjson", documents)):
    with (DIR / name).open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"{DIR / name}: {len(rows)} rows")

slowest = sorted(summaries, key=lambda s: -s["response_time_s"])[:3]
known["slowest 3 traces (id, response_time_s)"] = [(s["trace_id"], s["response_time_s"]) for s in slowest]
known["faulted traces (id, status, root cause)"] = [(s["trace_id"], s["http_status"], s["root_cause_services"])
                                                    for s in summaries if s["has_fault"]]
known["throttled traces"] = [s["trace_id"] for s in summaries if s["has_throttle"]]
known["traces linked to api_lambda logs (trace id, request id)"] = [(i["trace_id"], i["request_id"]) for i in linked]
for name in ("StepFunctions", "SNS"):
    durs = sorted(d for n, _, d, _ in subsegment_stats if n == name)
    known.setdefault("downstream calls / faults / p95 ms (nearest rank)", {})[name] = (
        len(durs), sum(1 for n, _, _, f in subsegment_stats if n == name and f), durs[-(-len(durs) * 95 // 100) - 1])
for k, v in known.items():
    print(f"{k}: {v}")
