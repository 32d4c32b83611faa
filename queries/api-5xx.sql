-- name: api-5xx
-- description: Per API Gateway API and stage: requests, 5XX and 4XX errors, 5XX rate, max p99 latency and integration latency and the gap between them
SELECT m.resource_name AS api,
       coalesce(max(r.name), max(h.name), m.resource_name) AS api_name,
       m.dimensions['Stage'] AS stage,
       sum(CASE WHEN m.metric_name = 'Count' THEN m.value END) AS requests,
       coalesce(sum(CASE WHEN m.metric_name IN ('5XXError', '5xx') THEN m.value END), 0) AS errors_5xx,
       coalesce(sum(CASE WHEN m.metric_name IN ('4XXError', '4xx') THEN m.value END), 0) AS errors_4xx,
       round(100.0 * coalesce(sum(CASE WHEN m.metric_name IN ('5XXError', '5xx') THEN m.value END), 0)
             / nullif(sum(CASE WHEN m.metric_name = 'Count' THEN m.value END), 0), 2) AS rate_5xx_pct,
       max(CASE WHEN m.metric_name = 'Latency' AND m.stat = 'p99' THEN m.value END) AS max_latency_p99_ms,
       max(CASE WHEN m.metric_name = 'IntegrationLatency' AND m.stat = 'p99' THEN m.value END) AS max_integration_latency_p99_ms,
       round(max(CASE WHEN m.metric_name = 'Latency' AND m.stat = 'p99' THEN m.value END)
             - max(CASE WHEN m.metric_name = 'IntegrationLatency' AND m.stat = 'p99' THEN m.value END), 2) AS gateway_overhead_ms
FROM metric_datapoints m
LEFT JOIN rest_apis r ON r.name = m.resource_name
LEFT JOIN http_apis h ON h.id = m.resource_name
WHERE m.namespace = 'AWS/ApiGateway'
  AND (m.stat = 'Sum' OR m.metric_name IN ('Latency', 'IntegrationLatency'))
GROUP BY m.resource_name, m.dimensions['Stage']
ORDER BY errors_5xx DESC, rate_5xx_pct DESC NULLS LAST, api, stage
