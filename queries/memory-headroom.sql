-- name: memory-headroom
-- description: Peak memory against the configured size per function (right-sizing)
SELECT function_name,
       max(memory_size_mb) AS memory_size_mb,
       max(max_memory_used_mb) AS peak_used_mb,
       round(100.0 * max(max_memory_used_mb) / max(memory_size_mb), 1) AS peak_pct,
       round(avg(max_memory_used_mb), 1) AS avg_used_mb
FROM lambda_invocations
WHERE memory_size_mb IS NOT NULL
GROUP BY function_name
ORDER BY peak_pct DESC, function_name
