-- name: async-dropped
-- description: Asynchronous invocation losses per function: events dropped, max event age, dead-letter errors, destination delivery failures
WITH f AS (
  SELECT resource_name AS function_name,
         sum(CASE WHEN metric_name = 'AsyncEventsReceived' AND stat = 'Sum' THEN value END) AS received,
         coalesce(sum(CASE WHEN metric_name = 'AsyncEventsDropped' AND stat = 'Sum' THEN value END), 0) AS dropped,
         max(CASE WHEN metric_name = 'AsyncEventAge' AND stat = 'Maximum' THEN value END) AS max_event_age_ms,
         coalesce(sum(CASE WHEN metric_name = 'DeadLetterErrors' AND stat = 'Sum' THEN value END), 0) AS dead_letter_errors,
         coalesce(sum(CASE WHEN metric_name = 'DestinationDeliveryFailures' AND stat = 'Sum' THEN value END), 0) AS destination_delivery_failures
  FROM metric_datapoints
  WHERE namespace = 'AWS/Lambda'
    AND metric_name IN ('AsyncEventsReceived', 'AsyncEventsDropped', 'AsyncEventAge', 'DeadLetterErrors', 'DestinationDeliveryFailures')
  GROUP BY resource_name
)
SELECT function_name, received, dropped, max_event_age_ms, dead_letter_errors, destination_delivery_failures,
       dropped + dead_letter_errors + destination_delivery_failures AS lost
FROM f
ORDER BY lost DESC, dropped DESC, max_event_age_ms DESC NULLS LAST, function_name
