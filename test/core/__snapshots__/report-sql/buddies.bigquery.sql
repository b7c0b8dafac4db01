-- peerkit sql: the buddies report for 2021-22 Q1 (2021-04-01 to 2021-06-30), bigquery,
-- over every site in the tables (the roll-up). One row per line: id, value, numerator, denominator.
WITH
t_buddy_support AS (
  SELECT * FROM `buddy_support`
),
values_1 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, s.`buddy_id` AS id FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`buddy_id` IS NOT NULL
  ) AS matched
),
line_1 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_1) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_2 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`recipient_prison_number` AS id FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`recipient_prison_number` IS NOT NULL
  ) AS matched
),
line_2 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_2) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_3 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_4 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`hours` * 1000000 + 0.5) AS INT64)) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_5 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Collecting meals' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_6 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Cleaning cell' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_7 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Laundry' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_8 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Pushing wheelchair' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_9 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Moving around the prison' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_10 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Company and conversation' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_11 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Reading and writing' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_12 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Canteen and shopping' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_13 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_buddy_support AS s WHERE s.`support_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND 'Other' IN UNNEST(s.`support_given`)) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_buddy_staff_time AS (
  SELECT * FROM `buddy_staff_time`
),
line_14 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`hours` * 1000000 + 0.5) AS INT64)) FROM t_buddy_staff_time AS s WHERE s.`date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_15 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`hours` * 1000000 + 0.5) AS INT64)) FROM t_buddy_staff_time AS s WHERE s.`date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`activity` = 'Supervising buddies'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_16 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`hours` * 1000000 + 0.5) AS INT64)) FROM t_buddy_staff_time AS s WHERE s.`date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`activity` = 'Coordinating the scheme'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_17 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`hours` * 1000000 + 0.5) AS INT64)) FROM t_buddy_staff_time AS s WHERE s.`date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`activity` = 'Training buddies'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_18 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`hours` * 1000000 + 0.5) AS INT64)) FROM t_buddy_staff_time AS s WHERE s.`date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`activity` = 'Recruiting buddies'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_buddy_pay AS (
  SELECT * FROM `buddy_pay`
),
line_19 AS (
  SELECT CAST(FLOOR(((COALESCE((SELECT SUM(CAST(FLOOR(s.`amount_paid_` * 1000000 + 0.5) AS INT64)) FROM t_buddy_pay AS s WHERE s.`week_ending` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30'), 0)) + 5000) / 10000) / 100 AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_recipient_reviews AS (
  SELECT * FROM `recipient_reviews`
),
cohort_reviewed_members AS (
  SELECT * FROM (
    SELECT '' AS site, s.`recipient_prison_number` AS id, s.`date_completed` AS d, s.`independence_since_support` AS first_independence_since_support, s.`wellbeing_since_support` AS first_wellbeing_since_support, s.`happy_with_the_support` AS first_happy_with_the_support,
      ROW_NUMBER() OVER (PARTITION BY s.`recipient_prison_number` ORDER BY s.`date_completed` DESC, s.`site` DESC, s.`row` DESC) AS n
    FROM t_recipient_reviews AS s WHERE s.`recipient_prison_number` IS NOT NULL AND s.`date_completed` IS NOT NULL AND s.`date_completed` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30'
  ) AS ranked WHERE n = 1 AND d BETWEEN DATE '2021-04-01' AND DATE '2021-06-30'
),
line_20 AS (
  SELECT CAST((SELECT COUNT(*) FROM cohort_reviewed_members AS m) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_21 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.first_independence_since_support IS NOT NULL AND m.first_independence_since_support NOT IN ('Prefer not to say') AND m.first_independence_since_support IN ('Improved') THEN 1 END) AS numerator, COUNT(CASE WHEN m.first_independence_since_support IS NOT NULL AND m.first_independence_since_support NOT IN ('Prefer not to say') THEN 1 END) AS denominator FROM cohort_reviewed_members AS m) AS tallies
),
line_22 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.first_wellbeing_since_support IS NOT NULL AND m.first_wellbeing_since_support NOT IN ('Prefer not to say') AND m.first_wellbeing_since_support IN ('Improved') THEN 1 END) AS numerator, COUNT(CASE WHEN m.first_wellbeing_since_support IS NOT NULL AND m.first_wellbeing_since_support NOT IN ('Prefer not to say') THEN 1 END) AS denominator FROM cohort_reviewed_members AS m) AS tallies
),
line_23 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.first_happy_with_the_support IS NOT NULL AND m.first_happy_with_the_support NOT IN ('Prefer not to say') AND m.first_happy_with_the_support IN ('Yes') THEN 1 END) AS numerator, COUNT(CASE WHEN m.first_happy_with_the_support IS NOT NULL AND m.first_happy_with_the_support NOT IN ('Prefer not to say') THEN 1 END) AS denominator FROM cohort_reviewed_members AS m) AS tallies
),
t_safeguarding_concerns AS (
  SELECT * FROM `safeguarding_concerns`
),
line_24 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_safeguarding_concerns AS s WHERE s.`date_raised` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30') AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_25 AS (
  SELECT CAST((SELECT COUNT(*) FROM t_safeguarding_concerns AS s WHERE s.`date_raised` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`category` IN ('Exploitation of a buddy', 'Buddy working beyond their role')) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
)
SELECT id, value, numerator, denominator FROM (
  SELECT 'buddies_active' AS id, 1 AS ord, value, numerator, denominator FROM line_1
  UNION ALL
  SELECT 'recipients_supported' AS id, 2 AS ord, value, numerator, denominator FROM line_2
  UNION ALL
  SELECT 'support_sessions' AS id, 3 AS ord, value, numerator, denominator FROM line_3
  UNION ALL
  SELECT 'support_hours' AS id, 4 AS ord, value, numerator, denominator FROM line_4
  UNION ALL
  SELECT 'support_collecting_meals' AS id, 5 AS ord, value, numerator, denominator FROM line_5
  UNION ALL
  SELECT 'support_cleaning_cell' AS id, 6 AS ord, value, numerator, denominator FROM line_6
  UNION ALL
  SELECT 'support_laundry' AS id, 7 AS ord, value, numerator, denominator FROM line_7
  UNION ALL
  SELECT 'support_pushing_wheelchair' AS id, 8 AS ord, value, numerator, denominator FROM line_8
  UNION ALL
  SELECT 'support_moving_around_the_prison' AS id, 9 AS ord, value, numerator, denominator FROM line_9
  UNION ALL
  SELECT 'support_company_and_conversation' AS id, 10 AS ord, value, numerator, denominator FROM line_10
  UNION ALL
  SELECT 'support_reading_and_writing' AS id, 11 AS ord, value, numerator, denominator FROM line_11
  UNION ALL
  SELECT 'support_canteen_and_shopping' AS id, 12 AS ord, value, numerator, denominator FROM line_12
  UNION ALL
  SELECT 'support_other' AS id, 13 AS ord, value, numerator, denominator FROM line_13
  UNION ALL
  SELECT 'staff_hours' AS id, 14 AS ord, value, numerator, denominator FROM line_14
  UNION ALL
  SELECT 'staff_hours_supervising_buddies' AS id, 15 AS ord, value, numerator, denominator FROM line_15
  UNION ALL
  SELECT 'staff_hours_coordinating_the_scheme' AS id, 16 AS ord, value, numerator, denominator FROM line_16
  UNION ALL
  SELECT 'staff_hours_training_buddies' AS id, 17 AS ord, value, numerator, denominator FROM line_17
  UNION ALL
  SELECT 'staff_hours_recruiting_buddies' AS id, 18 AS ord, value, numerator, denominator FROM line_18
  UNION ALL
  SELECT 'buddy_pay' AS id, 19 AS ord, value, numerator, denominator FROM line_19
  UNION ALL
  SELECT 'recipients_reviewed' AS id, 20 AS ord, value, numerator, denominator FROM line_20
  UNION ALL
  SELECT 'independence_improved_pct' AS id, 21 AS ord, value, numerator, denominator FROM line_21
  UNION ALL
  SELECT 'wellbeing_improved_pct' AS id, 22 AS ord, value, numerator, denominator FROM line_22
  UNION ALL
  SELECT 'happy_with_support_pct' AS id, 23 AS ord, value, numerator, denominator FROM line_23
  UNION ALL
  SELECT 'safeguarding_concerns' AS id, 24 AS ord, value, numerator, denominator FROM line_24
  UNION ALL
  SELECT 'safeguarding_buddy_concerns' AS id, 25 AS ord, value, numerator, denominator FROM line_25
) AS report_lines
ORDER BY ord
