-- name: dlq-depth
-- description: Dead-letter and on-failure queues with metric data: max messages visible, max age of the oldest message, what feeds them
WITH failure_queues AS (
  SELECT q.name AS queue,
         array_to_string(array_agg(DISTINCT e.kind) FILTER (WHERE e.kind IS NOT NULL), ', ') AS fed_by
  FROM sqs_queues q
  LEFT JOIN edges e
    ON e.to_arn = q.arn
   AND (e.invocation = 'on_failure'
        OR e.kind IN ('sqs_redrive', 'lambda_dlq', 'lambda_on_failure', 'esm_on_failure', 'sns_redrive', 'rule_target_dlq'))
  WHERE e.to_arn IS NOT NULL OR lower(q.name) LIKE '%dlq%' OR lower(q.name) LIKE '%failures%'
  GROUP BY q.name
)
SELECT f.queue,
       f.fed_by,
       max(CASE WHEN m.metric_name = 'ApproximateNumberOfMessagesVisible' THEN m.value END) AS max_visible,
       max(CASE WHEN m.metric_name = 'ApproximateAgeOfOldestMessage' THEN m.value END) AS max_oldest_age_s,
       to_timestamp_millis(min(CASE WHEN m.metric_name = 'ApproximateNumberOfMessagesVisible' AND m.value > 0 THEN m.timestamp END)) AS first_nonempty,
       last_value(m.value ORDER BY m.timestamp) FILTER (WHERE m.metric_name = 'ApproximateNumberOfMessagesVisible') AS last_visible
FROM failure_queues f
JOIN metric_datapoints m
  ON m.namespace = 'AWS/SQS' AND m.resource_name = f.queue
 AND m.metric_name IN ('ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage')
 AND m.stat = 'Maximum'
GROUP BY f.queue, f.fed_by
ORDER BY max_visible DESC, max_oldest_age_s DESC, f.queue
