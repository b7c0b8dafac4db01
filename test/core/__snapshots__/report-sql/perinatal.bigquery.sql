-- peerkit sql: the perinatal report for 2021-22 Q1 (2021-04-01 to 2021-06-30), bigquery,
-- over every site in the tables (the roll-up). One row per line: id, value, numerator, denominator.
WITH
t_contacts AS (
  SELECT * FROM `contacts`
),
t_training AS (
  SELECT * FROM `training`
),
t_supporters AS (
  SELECT * FROM `supporters`
),
registered_1 AS (
  SELECT site, id, ok FROM (
    SELECT s.`site` AS site, s.`supporter_id` AS id, COALESCE('Perinatal' IN UNNEST(s.`schemes`), FALSE) AS ok,
      ROW_NUMBER() OVER (PARTITION BY s.`site`, s.`supporter_id` ORDER BY (s.`schemes` IS NULL), s.`timestamp` DESC NULLS LAST, s.`row` DESC, s.`site` DESC) AS n
    FROM t_supporters AS s WHERE s.`supporter_id` IS NOT NULL
  ) AS merged WHERE n = 1
),
t_supervision AS (
  SELECT * FROM `supervision`
),
values_1 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_contacts AS s CROSS JOIN UNNEST(s.`peer_supporters`) AS val WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`scheme` = 'Perinatal' AND val IS NOT NULL
    UNION ALL
    SELECT s.`site` AS site, val AS id FROM t_training AS s CROSS JOIN UNNEST(s.`attendees`) AS val LEFT JOIN registered_1 AS r ON r.id = val AND r.site = s.`site` WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Perinatal' IN UNNEST(s.`schemes`) AND val IS NOT NULL AND (r.id IS NULL OR r.ok)
    UNION ALL
    SELECT s.`site` AS site, val AS id FROM t_supervision AS s CROSS JOIN UNNEST(s.`attendees`) AS val LEFT JOIN registered_1 AS r ON r.id = val AND r.site = s.`site` WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Perinatal' IN UNNEST(s.`schemes`) AND val IS NOT NULL AND (r.id IS NULL OR r.ok)
  ) AS matched
),
line_1 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_1) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_2 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`prison_number` AS id FROM t_contacts AS s WHERE s.`contact_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`scheme` = 'Perinatal' AND s.`prison_number` IS NOT NULL
  ) AS matched
),
line_2 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_2) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_3 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_training AS s WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Perinatal' IN UNNEST(s.`schemes`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_4 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_supervision AS s WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Perinatal' IN UNNEST(s.`schemes`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_5 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_supervision AS s CROSS JOIN UNNEST(s.`attendees`) AS val LEFT JOIN registered_1 AS r ON r.id = val AND r.site = s.`site` WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Perinatal' IN UNNEST(s.`schemes`) AND val IS NOT NULL AND (r.id IS NULL OR r.ok)
  ) AS matched
),
line_5 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_5) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_questionnaires AS (
  SELECT * FROM `questionnaires`
),
line_6 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_questionnaires AS s WHERE s.`date_completed` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`scheme` = 'Perinatal') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_focus_groups AS (
  SELECT * FROM `focus_groups`
),
line_7 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_focus_groups AS s WHERE s.`date_held` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`scheme` = 'Perinatal') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
)
SELECT id, value, numerator, denominator FROM (
  SELECT 'active_supporters' AS id, 1 AS ord, value, numerator, denominator FROM line_1
  UNION ALL
  SELECT 'women_supported' AS id, 2 AS ord, value, numerator, denominator FROM line_2
  UNION ALL
  SELECT 'training_sessions' AS id, 3 AS ord, value, numerator, denominator FROM line_3
  UNION ALL
  SELECT 'supervision_sessions' AS id, 4 AS ord, value, numerator, denominator FROM line_4
  UNION ALL
  SELECT 'supervision_attendees' AS id, 5 AS ord, value, numerator, denominator FROM line_5
  UNION ALL
  SELECT 'questionnaires' AS id, 6 AS ord, value, numerator, denominator FROM line_6
  UNION ALL
  SELECT 'focus_groups' AS id, 7 AS ord, value, numerator, denominator FROM line_7
) AS report_lines
ORDER BY ord
