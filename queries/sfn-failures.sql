-- name: sfn-failures
-- description: Per Step Functions state machine: executions started, failed, timed out and throttled, and max p99 execution time
SELECT resource_name AS state_machine,
       sum(CASE WHEN metric_name = 'ExecutionsStarted' THEN value END) AS started,
       coalesce(sum(CASE WHEN metric_name = 'ExecutionsFailed' THEN value END), 0) AS failed,
       coalesce(sum(CASE WHEN metric_name = 'ExecutionsTimedOut' THEN value END), 0) AS timed_out,
       coalesce(sum(CASE WHEN metric_name = 'ExecutionThrottled' THEN value END), 0) AS throttled,
       coalesce(sum(CASE WHEN metric_name = 'ExecutionsAborted' THEN value END), 0) AS aborted,
       max(CASE WHEN metric_name = 'ExecutionTime' AND stat = 'p99' THEN value END) AS max_execution_time_p99_ms,
       min(dimensions['StateMachineArn']) AS state_machine_arn
FROM metric_datapoints
WHERE namespace = 'AWS/States'
  AND (stat = 'Sum' OR metric_name = 'ExecutionTime')
GROUP BY resource_name
ORDER BY failed + timed_out + throttled + aborted DESC, failed DESC, state_machine
