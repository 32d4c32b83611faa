-- name: follow-request
-- description: Every log event and X-Ray segment of one request id, in time order, with its invocation summary
-- param: request_id
WITH inv AS (
  SELECT * FROM lambda_invocations WHERE request_id = '{{request_id}}'
),
traces AS (
  SELECT xray_trace_id AS trace_id FROM inv WHERE xray_trace_id IS NOT NULL
  UNION
  SELECT trace_id FROM xray_segments WHERE aws_request_id = '{{request_id}}'
),
rows AS (
  SELECT 'log' AS source, e.timestamp AS ts, e.event_id AS seq,
         e.log_group, e.log_stream, CAST(NULL AS VARCHAR) AS segment, e.message,
         i.duration_ms, i.status, i.cold_start, i.xray_trace_id
  FROM log_events e
  LEFT JOIN inv i ON true
  WHERE e.request_id = '{{request_id}}' OR strpos(e.message, '{{request_id}}') > 0
  UNION ALL
  SELECT 'xray' AS source, s.start_time AS ts, lpad(CAST(s.depth AS VARCHAR), 3, '0') || s.segment_id AS seq,
         CAST(NULL AS VARCHAR) AS log_group, CAST(NULL AS VARCHAR) AS log_stream,
         repeat('  ', CAST(s.depth AS INT)) || s.name AS segment,
         concat_ws(' ', s.origin, s.aws_operation, s.aws_resource,
                   CASE WHEN s.http_status IS NOT NULL THEN 'HTTP ' || CAST(s.http_status AS VARCHAR) END,
                   s.cause) AS message,
         s.duration_ms,
         CASE WHEN s.fault THEN 'fault' WHEN s.throttle THEN 'throttle' WHEN s.error THEN 'error'
              WHEN s.in_progress THEN 'in_progress' ELSE 'ok' END AS status,
         CAST(NULL AS BOOLEAN) AS cold_start, s.trace_id AS xray_trace_id
  FROM xray_segments s
  JOIN traces t ON t.trace_id = s.trace_id
)
SELECT source, to_timestamp_millis(ts) AS at, log_group, log_stream, segment, message,
       duration_ms, status, cold_start, xray_trace_id
FROM rows
ORDER BY ts, source, seq
