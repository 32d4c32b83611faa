-- name: near-timeout
-- description: Invocations that used more than a share of the configured timeout without timing out
-- param: share = 0.8
SELECT i.function_name, i.request_id, to_timestamp_millis(i.end_time) AS at, i.duration_ms,
       f.timeout_seconds * 1000 AS timeout_ms,
       round(i.duration_ms / (f.timeout_seconds * 1000.0), 3) AS share_used
FROM lambda_invocations i
JOIN lambda_functions f ON f.name = i.function_name
WHERE NOT i.timed_out AND i.duration_ms > {{share}} * f.timeout_seconds * 1000
ORDER BY share_used DESC
