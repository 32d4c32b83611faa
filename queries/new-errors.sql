-- name: new-errors
-- description: Error signatures of the latest window that did not occur in the window before it
-- param: window_minutes = 30
WITH bounds AS (SELECT max(timestamp) AS latest FROM log_events),
errors AS (
  SELECT e.timestamp,
         regexp_replace(regexp_replace(regexp_replace(substr(trim(e.message), 1, 200),
           '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<id>', 'g'),
           '[0-9]+(\.[0-9]+)?', '<n>', 'g'),
           '"[^"]*"', '"<v>"', 'g') AS signature,
         e.log_group
  FROM log_events e
  WHERE (regexp_like(e.message, '(?i)\b(error|exception|traceback|task timed out|runtime exited)\b')
         OR regexp_like(e.message, '"level"\s*:\s*"(ERROR|FATAL)"'))
    AND NOT starts_with(e.message, 'REPORT ')
    AND NOT regexp_like(e.message, '"type"\s*:\s*"platform\.')
),
windows AS (
  SELECT x.signature, x.log_group,
         CASE WHEN x.timestamp > b.latest - {{window_minutes}} * 60000 THEN 'latest'
              WHEN x.timestamp > b.latest - 2 * {{window_minutes}} * 60000 THEN 'previous' END AS w
  FROM errors x CROSS JOIN bounds b
)
SELECT signature, count(*) AS occurrences, count(DISTINCT log_group) AS log_groups
FROM windows
WHERE w = 'latest'
  AND signature NOT IN (SELECT signature FROM windows WHERE w = 'previous')
GROUP BY signature
ORDER BY occurrences DESC, signature
