#!/usr/bin/env python3
"""Writes N Lambda log events (NDJSON, one CloudWatch Logs event per line, the shape
`watershed record` writes) for the telemetry benchmark, deterministically.

    gen_logs.py N OUT.ndjson

200 functions; each invocation: START, one or two app lines, sometimes an [ERROR] line
(eight signatures with ids and numbers in them), sometimes a timeout line, END, and REPORT
with the X-Ray line; the first invocation of each execution environment is a cold start.
Prints the request id to follow (it appears in one invocation).
"""
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
T0 = 1795950000000
functions = [f"svc-{i:03d}" for i in range(200)]
errors = [
    "ClientError: An error occurred (ThrottlingException) when calling the UpdateItem operation: Rate of requests exceeds the allowed throughput for table orders-{n}",
    "KeyError: 'customer_{n}' not found in payload",
    "ValueError: invalid order total {n}.{n} for order {id}",
    "TimeoutError: connection to payments-{n}.internal:443 timed out after {n} ms",
    "botocore.exceptions.ClientError: AccessDeniedException on arn:aws:s3:::bucket-{n}/key-{id}",
    "json.decoder.JSONDecodeError: Expecting value: line {n} column {n} (char {n})",
    "ConditionalCheckFailedException: The conditional request failed for item {id}",
    "ReadTimeoutError: HTTPSConnectionPool(host='api.partner-{n}.com', port=443): Read timed out.",
]
hexd = "0123456789abcdef"


def rid():
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:]}"


def iso(ms):
    s, m = divmod(ms, 1000)
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)) + f".{m:03d}Z"


envs = {f: [] for f in functions}
written = 0
follow = None
ts = T0
count = 0
with open(out, "w", buffering=1 << 22) as w:
    def emit(group, stream, t, msg):
        global written
        msg = msg.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
        w.write(f'{{"log_group":"{group}","log_stream":"{stream}","timestamp":{t},"ingestion_time":{t + 300},"message":"{msg}","event_id":"{written:020d}"}}\n')
        written += 1

    while written < n:
        f = functions[rng.randrange(200)]
        group = f"/aws/lambda/{f}"
        cold = not envs[f] or rng.random() < 0.02
        if cold:
            envs[f].append("2026/11/29/[$LATEST]%032x" % rng.getrandbits(128))
        stream = envs[f][-1] if cold else rng.choice(envs[f])
        ts += rng.randint(1, 40)
        r = rid()
        count += 1
        if count == 1000:
            follow = r
        dur = round(rng.lognormvariate(4.5, 1.0), 2)
        timeout = rng.random() < 0.004
        if timeout:
            dur = 3000 + round(rng.random() * 20, 2)
        emit(group, stream, ts, f"START RequestId: {r} Version: $LATEST\n")
        emit(group, stream, ts + 1, f"[INFO]\t{iso(ts + 1)}\t{r}\tbatch of {rng.randint(1, 10)}\n")
        if rng.random() < 0.5:
            emit(group, stream, ts + 2, f"[INFO]\t{iso(ts + 2)}\t{r}\tput order-{rng.randint(1, 10**6)}\n")
        if rng.random() < 0.03:
            e = rng.choice(errors).format(n=rng.randint(1, 99999), id=rid())
            emit(group, stream, ts + 3, f"[ERROR]\t{iso(ts + 3)}\t{r}\t{e}\n")
        end = ts + int(dur)
        if timeout:
            emit(group, stream, end - 1, f"{iso(end - 1)} {r} Task timed out after 3.00 seconds\n")
        emit(group, stream, end, f"END RequestId: {r}\n")
        init = f"Init Duration: {rng.uniform(150, 900):.2f} ms\t" if cold else ""
        emit(group, stream, end + 1, f"REPORT RequestId: {r}\tDuration: {dur:.2f} ms\tBilled Duration: {int(dur) + 1} ms\tMemory Size: 512 MB\tMax Memory Used: {rng.randint(60, 400)} MB\t{init}\nXRAY TraceId: 1-{rng.getrandbits(32):08x}-{rng.getrandbits(96):024x}\tSegmentId: {rng.getrandbits(64):016x}\tSampled: true\t\n")
print(follow)
