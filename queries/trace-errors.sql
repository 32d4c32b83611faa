-- name: trace-errors
-- description: X-Ray traces with a fault, error or throttle, with the deepest failing segment and its cause
WITH failing AS (
  SELECT trace_id, name, origin, aws_operation, http_status, fault, error, throttle, cause,
         row_number() OVER (PARTITION BY trace_id ORDER BY depth DESC, fault DESC, start_time, segment_id) AS rn
  FROM xray_segments
  WHERE (fault OR error OR throttle) AND cause IS NOT NULL
)
SELECT t.trace_id, to_timestamp_millis(t.trace_start) AS at, t.http_status,
       t.has_fault, t.has_error, t.has_throttle,
       array_to_string(t.root_cause_services, ', ') AS root_cause_services,
       concat_ws(' ', f.name, f.aws_operation) AS failing_segment, f.http_status AS segment_status, f.cause
FROM xray_trace_summaries t
LEFT JOIN failing f ON f.trace_id = t.trace_id AND f.rn = 1
WHERE t.has_fault OR t.has_error OR t.has_throttle
ORDER BY t.has_fault DESC, t.trace_start, t.trace_id
