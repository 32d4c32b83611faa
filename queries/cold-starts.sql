-- name: cold-starts
-- description: Cold starts, their share and init (or SnapStart restore) duration per function
SELECT function_name,
       count(*) AS invocations,
       sum(CASE WHEN cold_start THEN 1 ELSE 0 END) AS cold_starts,
       round(100.0 * sum(CASE WHEN cold_start THEN 1 ELSE 0 END) / count(*), 2) AS cold_pct,
       round(avg(COALESCE(init_duration_ms, restore_duration_ms)), 2) AS avg_init_ms,
       max(COALESCE(init_duration_ms, restore_duration_ms)) AS max_init_ms
FROM lambda_invocations
GROUP BY function_name
ORDER BY cold_starts DESC, function_name
