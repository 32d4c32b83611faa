-- name: sns-failures
-- description: Per SNS topic: messages published, notifications failed and the failure rate
WITH t AS (
  SELECT resource_name AS topic,
         sum(CASE WHEN metric_name = 'NumberOfMessagesPublished' THEN value END) AS published,
         sum(CASE WHEN metric_name = 'NumberOfNotificationsDelivered' THEN value END) AS delivered,
         coalesce(sum(CASE WHEN metric_name = 'NumberOfNotificationsFailed' THEN value END), 0) AS failed
  FROM metric_datapoints
  WHERE namespace = 'AWS/SNS' AND stat = 'Sum'
    AND metric_name IN ('NumberOfMessagesPublished', 'NumberOfNotificationsDelivered', 'NumberOfNotificationsFailed')
  GROUP BY resource_name
)
SELECT topic, published, delivered, failed,
       -- failed notifications per notification attempt when deliveries are known, else per published message
       round(100.0 * failed / nullif(coalesce(delivered + failed, published), 0), 2) AS failure_pct
FROM t
ORDER BY failed DESC, failure_pct DESC NULLS LAST, topic
