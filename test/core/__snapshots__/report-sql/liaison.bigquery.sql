-- peerkit sql: the liaison report for 2021-22 Q1 (2021-04-01 to 2021-06-30), bigquery,
-- over every site in the tables (the roll-up). One row per line: id, value, numerator, denominator.
WITH
t_l_d_engagements AS (
  SELECT * FROM `l_d_engagements`
),
values_1 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_l_d_engagements AS s CROSS JOIN UNNEST(s.`worker_ids`) AS val WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND val IS NOT NULL
  ) AS matched
),
line_1 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_1) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_2 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_3 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`setting` = 'Police custody') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_4 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`setting` = 'Court') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_5 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`setting` = 'Community') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_6 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`setting` = 'Phone') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_7 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, s.`case_reference` AS id FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`case_reference` IS NOT NULL
  ) AS matched
),
line_7 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_7) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_8 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, s.`case_reference` AS id FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`hard_to_engage` = 'Yes' AND s.`case_reference` IS NOT NULL
  ) AS matched
),
line_8 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_8) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_9 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, s.`case_reference` AS id FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`hard_to_engage` = 'Yes' AND s.`outcome` = 'Engaged with L&D service' AND s.`case_reference` IS NOT NULL
  ) AS matched
),
line_9 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_9) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_10 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, s.`case_reference` AS id FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`outcome` = 'Engaged with L&D service' AND s.`case_reference` IS NOT NULL
  ) AS matched
),
line_10 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_10) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_11 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, s.`case_reference` AS id FROM t_l_d_engagements AS s WHERE s.`engagement_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`outcome` = 'Referred to another service' AND s.`case_reference` IS NOT NULL
  ) AS matched
),
line_11 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_11) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_l_d_supervision AS (
  SELECT * FROM `l_d_supervision`
),
line_12 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_l_d_supervision AS s WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_13 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_l_d_supervision AS s CROSS JOIN UNNEST(s.`worker_ids`) AS val WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND val IS NOT NULL
  ) AS matched
),
line_13 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_13) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
)
SELECT id, value, numerator, denominator FROM (
  SELECT 'workers_active' AS id, 1 AS ord, value, numerator, denominator FROM line_1
  UNION ALL
  SELECT 'engagements' AS id, 2 AS ord, value, numerator, denominator FROM line_2
  UNION ALL
  SELECT 'engagements_police_custody' AS id, 3 AS ord, value, numerator, denominator FROM line_3
  UNION ALL
  SELECT 'engagements_court' AS id, 4 AS ord, value, numerator, denominator FROM line_4
  UNION ALL
  SELECT 'engagements_community' AS id, 5 AS ord, value, numerator, denominator FROM line_5
  UNION ALL
  SELECT 'engagements_phone' AS id, 6 AS ord, value, numerator, denominator FROM line_6
  UNION ALL
  SELECT 'people_engaged' AS id, 7 AS ord, value, numerator, denominator FROM line_7
  UNION ALL
  SELECT 'hard_to_engage' AS id, 8 AS ord, value, numerator, denominator FROM line_8
  UNION ALL
  SELECT 'hard_to_engage_engaged' AS id, 9 AS ord, value, numerator, denominator FROM line_9
  UNION ALL
  SELECT 'engaged_with_service' AS id, 10 AS ord, value, numerator, denominator FROM line_10
  UNION ALL
  SELECT 'referred_on' AS id, 11 AS ord, value, numerator, denominator FROM line_11
  UNION ALL
  SELECT 'supervision_sessions' AS id, 12 AS ord, value, numerator, denominator FROM line_12
  UNION ALL
  SELECT 'workers_supervised' AS id, 13 AS ord, value, numerator, denominator FROM line_13
) AS report_lines
ORDER BY ord
