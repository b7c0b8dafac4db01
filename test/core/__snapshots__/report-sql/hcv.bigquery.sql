-- peerkit sql: the hcv report for 2021-22 Q1 (2021-04-01 to 2021-06-30), bigquery,
-- over every site in the tables (the roll-up). One row per line: id, value, numerator, denominator.
WITH
t_hcv_awareness_sessions AS (
  SELECT * FROM `hcv_awareness_sessions`
),
t_hcv_peer_contacts AS (
  SELECT * FROM `hcv_peer_contacts`
),
values_1 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_hcv_awareness_sessions AS s CROSS JOIN UNNEST(s.`peer_ids`) AS val WHERE s.`date_held` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND val IS NOT NULL
    UNION ALL
    SELECT s.`site` AS site, val AS id FROM t_hcv_peer_contacts AS s CROSS JOIN UNNEST(s.`peer_ids`) AS val WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND val IS NOT NULL
  ) AS matched
),
line_1 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_1) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_2 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_hcv_awareness_sessions AS s WHERE s.`date_held` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_3 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`attendees` * 1000000 + 0.5) AS INT64)) FROM t_hcv_awareness_sessions AS s WHERE s.`date_held` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_4 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`prison_number` AS id FROM t_hcv_peer_contacts AS s WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`prison_number` IS NOT NULL
  ) AS matched
),
line_4 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_4) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_5 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`prison_number` AS id FROM t_hcv_peer_contacts AS s WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND EXISTS (SELECT 1 FROM UNNEST(s.`support_given`) AS element WHERE element IN ('Encouraged testing', 'Accompanied to testing')) AND s.`prison_number` IS NOT NULL
  ) AS matched
),
line_5 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_5) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_6 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`prison_number` AS id FROM t_hcv_peer_contacts AS s WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`referred_for_testing` = 'Yes' AND s.`prison_number` IS NOT NULL
  ) AS matched
),
line_6 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_6) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_7 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`prison_number` AS id FROM t_hcv_peer_contacts AS s WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`referred_for_treatment` = 'Yes' AND s.`prison_number` IS NOT NULL
  ) AS matched
),
line_7 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_7) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_8 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`prison_number` AS id FROM t_hcv_peer_contacts AS s WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Supported during treatment' IN UNNEST(s.`support_given`) AND s.`prison_number` IS NOT NULL
  ) AS matched
),
line_8 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_8) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_hcv_peer_training_and_support AS (
  SELECT * FROM `hcv_peer_training_and_support`
),
line_9 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_hcv_peer_training_and_support AS s WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`session_type` = 'Training') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_10 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_hcv_peer_training_and_support AS s CROSS JOIN UNNEST(s.`peer_ids`) AS val WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`session_type` = 'Training' AND val IS NOT NULL
  ) AS matched
),
line_10 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_10) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_11 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_hcv_peer_training_and_support AS s WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`session_type` IN ('Supervision', 'Debrief')) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_12 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_hcv_peer_training_and_support AS s CROSS JOIN UNNEST(s.`peer_ids`) AS val WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`session_type` IN ('Supervision', 'Debrief') AND val IS NOT NULL
  ) AS matched
),
line_12 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_12) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
)
SELECT id, value, numerator, denominator FROM (
  SELECT 'peers_active' AS id, 1 AS ord, value, numerator, denominator FROM line_1
  UNION ALL
  SELECT 'awareness_sessions' AS id, 2 AS ord, value, numerator, denominator FROM line_2
  UNION ALL
  SELECT 'awareness_attendees' AS id, 3 AS ord, value, numerator, denominator FROM line_3
  UNION ALL
  SELECT 'people_supported' AS id, 4 AS ord, value, numerator, denominator FROM line_4
  UNION ALL
  SELECT 'encouraged_testing' AS id, 5 AS ord, value, numerator, denominator FROM line_5
  UNION ALL
  SELECT 'referred_for_testing' AS id, 6 AS ord, value, numerator, denominator FROM line_6
  UNION ALL
  SELECT 'referred_for_treatment' AS id, 7 AS ord, value, numerator, denominator FROM line_7
  UNION ALL
  SELECT 'supported_in_treatment' AS id, 8 AS ord, value, numerator, denominator FROM line_8
  UNION ALL
  SELECT 'training_sessions' AS id, 9 AS ord, value, numerator, denominator FROM line_9
  UNION ALL
  SELECT 'peers_trained' AS id, 10 AS ord, value, numerator, denominator FROM line_10
  UNION ALL
  SELECT 'support_sessions' AS id, 11 AS ord, value, numerator, denominator FROM line_11
  UNION ALL
  SELECT 'peers_supported' AS id, 12 AS ord, value, numerator, denominator FROM line_12
) AS report_lines
ORDER BY ord
