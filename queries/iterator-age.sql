-- name: iterator-age
-- description: Stream consumer lag: max Lambda IteratorAge per function and Kinesis GetRecords.IteratorAgeMilliseconds per stream, first and last value (growth)
SELECT CASE namespace WHEN 'AWS/Lambda' THEN 'function' ELSE 'stream' END AS kind,
       resource_name,
       metric_name,
       max(value) AS max_age_ms,
       first_value(value ORDER BY timestamp) AS first_age_ms,
       last_value(value ORDER BY timestamp) AS last_age_ms,
       last_value(value ORDER BY timestamp) - first_value(value ORDER BY timestamp) AS growth_ms,
       to_timestamp_millis(min(timestamp)) AS first_at,
       to_timestamp_millis(max(timestamp)) AS last_at
FROM metric_datapoints
WHERE stat = 'Maximum'
  AND ((namespace = 'AWS/Lambda' AND metric_name = 'IteratorAge')
       OR (namespace = 'AWS/Kinesis' AND metric_name = 'GetRecords.IteratorAgeMilliseconds'))
GROUP BY namespace, metric_name, resource_name
ORDER BY max_age_ms DESC, kind, resource_name
