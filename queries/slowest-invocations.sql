-- name: slowest-invocations
-- description: The slowest invocations with their X-Ray trace ids (follow them in traces)
-- param: limit = 10
SELECT function_name, request_id, to_timestamp_millis(end_time) AS at, duration_ms, cold_start,
       status, xray_trace_id
FROM lambda_invocations
ORDER BY duration_ms DESC, request_id
LIMIT {{limit}}
