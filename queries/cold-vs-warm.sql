-- name: cold-vs-warm
-- description: What cold starts cost: duration of cold and warm invocations per function
SELECT function_name,
       sum(CASE WHEN cold_start THEN 1 ELSE 0 END) AS cold,
       sum(CASE WHEN cold_start THEN 0 ELSE 1 END) AS warm,
       round(avg(CASE WHEN cold_start THEN duration_ms + COALESCE(init_duration_ms, restore_duration_ms, 0) END), 2) AS avg_cold_total_ms,
       round(avg(CASE WHEN NOT cold_start THEN duration_ms END), 2) AS avg_warm_ms
FROM lambda_invocations
GROUP BY function_name
ORDER BY avg_cold_total_ms DESC NULLS LAST, function_name
