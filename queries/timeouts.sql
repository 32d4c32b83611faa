-- name: timeouts
-- description: Invocations that timed out, with the configured timeout
SELECT i.function_name, i.request_id, to_timestamp_millis(i.end_time) AS at, i.duration_ms,
       f.timeout_seconds AS configured_timeout_s, i.log_stream
FROM lambda_invocations i
LEFT JOIN lambda_functions f ON f.name = i.function_name
WHERE i.timed_out
ORDER BY i.end_time
