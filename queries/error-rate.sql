-- name: error-rate
-- description: Invocations, errors (error, failure, timeout or OOM) and error rate per function
SELECT function_name,
       count(*) AS invocations,
       sum(CASE WHEN status IN ('error', 'failure', 'timeout') OR timed_out OR oom THEN 1 ELSE 0 END) AS errors,
       round(100.0 * sum(CASE WHEN status IN ('error', 'failure', 'timeout') OR timed_out OR oom THEN 1 ELSE 0 END) / count(*), 2) AS error_rate_pct
FROM lambda_invocations
GROUP BY function_name
ORDER BY error_rate_pct DESC, function_name
