-- name: out-of-memory
-- description: Invocations that ran out of memory (Runtime.OutOfMemory, signal: killed, or peak at the limit)
SELECT function_name, request_id, to_timestamp_millis(end_time) AS at, memory_size_mb, max_memory_used_mb, error_type
FROM lambda_invocations
WHERE oom
ORDER BY end_time
