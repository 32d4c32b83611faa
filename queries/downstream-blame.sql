-- name: downstream-blame
-- description: Downstream calls in X-Ray (aws and remote subsegments) by service and operation: calls, faults, errors, throttles, p95 duration, worst first
SELECT name, aws_operation,
       count(*) AS calls,
       count(DISTINCT trace_id) AS traces,
       sum(CASE WHEN fault THEN 1 ELSE 0 END) AS faults,
       sum(CASE WHEN error AND NOT throttle THEN 1 ELSE 0 END) AS errors,
       sum(CASE WHEN throttle THEN 1 ELSE 0 END) AS throttles,
       round(approx_percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms), 2) AS p95_ms,
       max(duration_ms) AS max_ms,
       array_to_string(array_agg(DISTINCT aws_resource) FILTER (WHERE aws_resource IS NOT NULL), ', ') AS resources
FROM xray_segments
WHERE is_subsegment AND namespace IN ('aws', 'remote')
GROUP BY name, aws_operation
ORDER BY faults DESC, throttles + errors DESC, p95_ms DESC NULLS LAST, name, aws_operation
