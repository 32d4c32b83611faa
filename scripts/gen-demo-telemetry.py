#!/usr/bin/env python3
"""Writes fixtures/demo/telemetry/log_events.ndjson: one hour of Lambda logs for the demo estate
with known aggregates (deterministic: a fixed seed, no clock).

Per function (invocations, cold starts, timeouts, OOMs, errors) as printed at the end; the
formats are Lambda's own: text START/END/REPORT with the X-Ray line, app lines with the
runtime's prefix, legacy `Task timed out` lines, `Runtime exited with error: signal: killed`,
and JSON-format platform records for orders-enrich (LogFormat JSON).
"""
import json
import random
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
