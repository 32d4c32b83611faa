"""Seed the local AWS emulator with a realistic serverless estate of about N resources.

Used by scripts/bench-scan (and the soak test): queues with and without DLQs, SNS fan-out,
Lambda functions with SQS event-source mappings and async configs, EventBridge rules with
targets, state machines, Kinesis streams, log groups and IAM roles, in the proportions of
the demo estate. Prints a JSON summary of what it created.

    python seed_estate.py --endpoint http://127.0.0.1:5000 --resources 1000
"""

import argparse
import io
import json
import zipfile

import boto3

ACCOUNT = "123456789012"


def tiny_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("lambda_function.py", "def lambda_handler(event, context):\n    return event\n")
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--resources", type=int, default=1000)
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--prefix", default="bench")
    args = ap.parse_args()

    kw = dict(endpoint_url=args.endpoint, region_name=args.region,
              aws_access_key_id="testing", aws_secret_access_key="testing")
    iam, sqs, sns, lam = (boto3.client(s, **kw) for s in ("iam", "sqs", "sns", "lambda"))
    events, sfn, kinesis, logs = (boto3.client(s, **kw) for s in ("events", "stepfunctions", "kinesis", "logs"))

    # One "unit" is a small flow, as a SAM or CDK stack deploys it: topic -> 2 queues (one
    # with a DLQ) -> function with its own execution role (inline policy plus a shared
    # managed policy) and log group, plus a rule; every 4th unit also a state machine and a
    # stream: ~13 resources. Resources carry team/env tags.
    units = max(1, args.resources // 13)
    created = 0
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    logs_policy = iam.create_policy(PolicyName=f"{args.prefix}-lambda-logs", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}))["Policy"]["Arn"]
    created += 1
    code = tiny_zip()
    tags = {"team": "orders", "env": "prod"}
    for u in range(units):
        p = f"{args.prefix}-{u}"
        role_arn = iam.create_role(RoleName=f"{p}-role", AssumeRolePolicyDocument=trust,
                                   Tags=[{"Key": k, "Value": v} for k, v in tags.items()])["Role"]["Arn"]
        iam.put_role_policy(RoleName=f"{p}-role", PolicyName="queues", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], "Resource": "*"}]}))
        iam.attach_role_policy(RoleName=f"{p}-role", PolicyArn=logs_policy)
        created += 1
        topic = sns.create_topic(Name=f"{p}-topic", Tags=[{"Key": k, "Value": v} for k, v in tags.items()])["TopicArn"]
        dlq_url = sqs.create_queue(QueueName=f"{p}-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        q1 = sqs.create_queue(QueueName=f"{p}-work", Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
            "ReceiveMessageWaitTimeSeconds": "20", "VisibilityTimeout": "180"}, tags=tags)["QueueUrl"]
        q2 = sqs.create_queue(QueueName=f"{p}-audit")["QueueUrl"]
        created += 4
        for q in (q1, q2):
            arn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
            created += 1
        fn = lam.create_function(FunctionName=f"{p}-worker", Runtime="python3.12", Role=role_arn,
                                 Handler="lambda_function.lambda_handler", Code={"ZipFile": code},
                                 Timeout=30, MemorySize=256, Environment={"Variables": {"TABLE_NAME": "orders"}},
                                 Tags=tags)
        q1_arn = sqs.get_queue_attributes(QueueUrl=q1, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        lam.create_event_source_mapping(EventSourceArn=q1_arn, FunctionName=fn["FunctionArn"], BatchSize=10)
        created += 2
        rule = f"{p}-rule"
        events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["app.orders"], "detail-type": [f"unit {u}"]}))
        events.put_targets(Rule=rule, Targets=[{"Id": "worker", "Arn": fn["FunctionArn"]}])
        logs.create_log_group(logGroupName=f"/aws/lambda/{p}-worker")
        created += 2
        if u % 4 == 0:
            sfn.create_state_machine(name=f"{p}-flow", roleArn=role_arn, definition=json.dumps({
                "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                                       "Parameters": {"FunctionName": fn["FunctionArn"]}, "End": True}}}))
            kinesis.create_stream(StreamName=f"{p}-stream", ShardCount=1)
            created += 2
    print(json.dumps({"units": units, "resources": created}))


if __name__ == "__main__":
    main()
