-- name: slowest-traces
-- description: The slowest X-Ray traces with their status flags, entry point and slowest downstream call
-- param: limit = 10
WITH calls AS (
  SELECT trace_id, name, aws_operation, duration_ms,
         row_number() OVER (PARTITION BY trace_id ORDER BY duration_ms DESC NULLS LAST, segment_id) AS rn
  FROM xray_segments
  WHERE is_subsegment AND namespace IN ('aws', 'remote')
)
SELECT t.trace_id, to_timestamp_millis(t.trace_start) AS at, t.response_time_s, t.duration_s,
       t.http_method, t.http_status, t.has_fault, t.has_error, t.has_throttle, t.is_partial, t.entry_point,
       array_to_string(t.root_cause_services, ', ') AS root_cause_services,
       concat_ws(' ', c.name, c.aws_operation) AS slowest_call, c.duration_ms AS slowest_call_ms
FROM xray_trace_summaries t
LEFT JOIN calls c ON c.trace_id = t.trace_id AND c.rn = 1
ORDER BY t.response_time_s DESC NULLS LAST, t.trace_id
LIMIT {{limit}}
