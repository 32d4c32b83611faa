-- name: duration-percentiles
-- description: p50, p90 and p99 duration per function
SELECT function_name,
       count(*) AS invocations,
       round(approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms), 2) AS p50_ms,
       round(approx_percentile_cont(0.9) WITHIN GROUP (ORDER BY duration_ms), 2) AS p90_ms,
       round(approx_percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms), 2) AS p99_ms,
       max(duration_ms) AS max_ms
FROM lambda_invocations
GROUP BY function_name
ORDER BY p99_ms DESC, function_name
