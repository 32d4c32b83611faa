-- name: duration-over-time
-- description: p99 duration and invocations per function per time bucket
-- param: bucket_minutes = 5
SELECT function_name,
       to_timestamp_millis(end_time - end_time % ({{bucket_minutes}} * 60000)) AS bucket,
       count(*) AS invocations,
       round(approx_percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms), 2) AS p99_ms
FROM lambda_invocations
GROUP BY 1, 2
ORDER BY 1, 2
