-- name: follow-request
-- description: Every log event of one request id, in time order, with its invocation summary
-- param: request_id
SELECT to_timestamp_millis(e.timestamp) AS at, e.log_group, e.log_stream, e.message,
       i.duration_ms, i.status, i.cold_start, i.xray_trace_id
FROM log_events e
LEFT JOIN lambda_invocations i ON i.request_id = '{{request_id}}'
WHERE strpos(e.message, '{{request_id}}') > 0
ORDER BY e.timestamp, e.event_id
