#!/usr/bin/env python3
"""Writes the before/after snapshot pair of fixtures/compare/ from the demo estate.

    scripts/gen-compare-fixtures.py

before.json is the demo snapshot as scanned on 2026-11-01. after.json is the same estate a
week later, with these changes (what the diff and report tests expect):
  - video-transcode-720p: visibility timeout 30 -> 400 s, long polling 20 s (fixes SQS003,
    SQS002);
  - orders-intake: long polling turned off (new SQS002);
  - legacy-reports queue deleted (its findings resolved);
  - the order-events HTTPS subscription deleted (an edge removed);
  - a new queue invoice-requests (no DLQ, no policy, no encryption) subscribed to
    order-events (new findings, an edge added);
  - Glue in us-east-1 denied to the scanner (a new coverage gap).
"""
import copy
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
demo = json.loads((root / "fixtures/demo/snapshot.json").read_text())
out = root / "fixtures/compare"
out.mkdir(parents=True, exist_ok=True)

before = copy.deepcopy(demo)
before["scan"]["source"] = "fixture"

after = copy.deepcopy(before)
after["scan"]["started_at"] = "2026-11-08T09:00:00Z"
after["scan"]["finished_at"] = "2026-11-08T09:00:51Z"
r = after["resources"]
ACCOUNT, REGION = "111122223333", "us-east-1"
queues = {q["name"]: q for q in r["sqs_queues"]}
queues["video-transcode-720p"]["visibility_timeout_seconds"] = 400
queues["video-transcode-720p"]["receive_wait_time_seconds"] = 20
queues["orders-intake"]["receive_wait_time_seconds"] = 0
r["sqs_queues"] = [q for q in r["sqs_queues"] if q["name"] != "legacy-reports"]
r["sns_subscriptions"] = [
    s for s in r["sns_subscriptions"] if s.get("protocol") != "https"
]
invoice = {
    "arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:invoice-requests",
    "url": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/invoice-requests",
    "name": "invoice-requests",
    "visibility_timeout_seconds": 30,
    "message_retention_seconds": 345600,
    "delay_seconds": 0,
    "receive_wait_time_seconds": 20,
    "maximum_message_size": 262144,
    "approximate_messages": 0,
    "approximate_messages_not_visible": 0,
    "approximate_messages_delayed": 0,
    "created_timestamp": 1794300000,
    "tags": {"app": "orders", "owner": "billing-team"},
}
r["sqs_queues"].append(invoice)
template = next(s for s in r["sns_subscriptions"] if s.get("protocol") == "sqs")
sub = copy.deepcopy(template)
sub.update(
    {
        "arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:order-events:7d1c6a52-3f0e-5b7a-9c41-0b6a2f3e9d10",
        "topic_arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:order-events",
        "protocol": "sqs",
        "endpoint": invoice["arn"],
    }
)
for k in ("filter_policy", "redrive_policy", "redrive_dead_letter_arn"):
    sub.pop(k, None)
r["sns_subscriptions"].append(sub)
for cell in after["coverage"]:
    if cell["region"] == REGION and cell["service"] == "glue":
        cell.update(
            {
                "status": "denied",
                "operation": "GetJobs",
                "message": "AccessDeniedException: not authorized to perform glue:GetJobs",
                "resources": 0,
            }
        )
for key in ("glue_jobs", "glue_crawlers", "glue_triggers", "glue_security_configurations", "glue_connections"):
    r[key] = [x for x in r[key] if f":{REGION}:" not in x.get("arn", "")]

for name, doc in (("before.json", before), ("after.json", after)):
    (out / name).write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote {out / name}")
