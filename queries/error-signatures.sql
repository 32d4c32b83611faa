-- name: error-signatures
-- description: Top error signatures in the logs (numbers, ids and quoted values normalised away)
-- param: limit = 20
WITH errors AS (
  SELECT log_group, trim(message) AS message
  FROM log_events
  WHERE (regexp_like(message, '(?i)\b(error|exception|traceback|task timed out|runtime exited)\b')
         OR regexp_like(message, '"level"\s*:\s*"(ERROR|FATAL)"'))
    -- the platform's own records are summarised in lambda_invocations
    AND NOT starts_with(message, 'REPORT ')
    AND NOT regexp_like(message, '"type"\s*:\s*"platform\.')
)
SELECT regexp_replace(regexp_replace(regexp_replace(substr(message, 1, 200),
         '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<id>', 'g'),
         '[0-9]+(\.[0-9]+)?', '<n>', 'g'),
         '"[^"]*"', '"<v>"', 'g') AS signature,
       count(*) AS occurrences,
       count(DISTINCT log_group) AS log_groups
FROM errors
GROUP BY 1
ORDER BY occurrences DESC, signature
LIMIT {{limit}}
