-- name: cost-estimate
-- description: GB-seconds and estimated compute cost per function (billed duration x memory)
-- param: usd_per_gb_second = 0.0000166667
-- param: usd_per_million_requests = 0.20
SELECT function_name,
       count(*) AS invocations,
       round(sum(COALESCE(billed_duration_ms, duration_ms) / 1000.0 * memory_size_mb / 1024.0), 3) AS gb_seconds,
       round(sum(COALESCE(billed_duration_ms, duration_ms) / 1000.0 * memory_size_mb / 1024.0) * {{usd_per_gb_second}}
             + count(*) * {{usd_per_million_requests}} / 1000000.0, 6) AS estimated_usd
FROM lambda_invocations
GROUP BY function_name
ORDER BY estimated_usd DESC, function_name
