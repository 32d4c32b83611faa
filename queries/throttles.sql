-- name: throttles
-- description: Lambda throttles per function (CloudWatch Throttles) with peak concurrency and when, throttled functions first
SELECT resource_name AS function_name,
       sum(CASE WHEN metric_name = 'Throttles' AND stat = 'Sum' THEN value END) AS throttles,
       sum(CASE WHEN metric_name = 'Invocations' AND stat = 'Sum' THEN value END) AS invocations,
       round(100.0 * sum(CASE WHEN metric_name = 'Throttles' AND stat = 'Sum' THEN value END)
             / nullif(sum(CASE WHEN metric_name IN ('Throttles', 'Invocations') AND stat = 'Sum' THEN value END), 0), 2) AS throttled_pct,
       max(CASE WHEN metric_name = 'ConcurrentExecutions' AND stat = 'Maximum' THEN value END) AS max_concurrent,
       count(DISTINCT CASE WHEN metric_name = 'Throttles' AND stat = 'Sum' AND value > 0 THEN timestamp END) AS throttled_periods,
       to_timestamp_millis(min(CASE WHEN metric_name = 'Throttles' AND stat = 'Sum' AND value > 0 THEN timestamp END)) AS first_throttled,
       to_timestamp_millis(max(CASE WHEN metric_name = 'Throttles' AND stat = 'Sum' AND value > 0 THEN timestamp END)) AS last_throttled
FROM metric_datapoints
WHERE namespace = 'AWS/Lambda' AND metric_name IN ('Throttles', 'Invocations', 'ConcurrentExecutions')
GROUP BY resource_name
HAVING sum(CASE WHEN metric_name = 'Throttles' AND stat = 'Sum' THEN value END) IS NOT NULL
ORDER BY throttles DESC, function_name
