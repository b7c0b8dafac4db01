-- peerkit sql: the ewb report for 2021-22 Q1 (2021-04-01 to 2021-06-30), bigquery,
-- over every site in the tables (the roll-up). One row per line: id, value, numerator, denominator.
WITH
t_mentee_sessions AS (
  SELECT * FROM `mentee_sessions`
),
values_1 AS (
  SELECT DISTINCT site, id FROM (
    SELECT s.`site` AS site, val AS id FROM t_mentee_sessions AS s CROSS JOIN UNNEST(s.`mentor_ids`) AS val WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND val IS NOT NULL
  ) AS matched
),
line_1 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_1) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
values_2 AS (
  SELECT DISTINCT site, id FROM (
    SELECT '' AS site, s.`prison_number` AS id FROM t_mentee_sessions AS s WHERE s.`session_date` BETWEEN DATE '2021-04-01' AND DATE '2021-06-30' AND s.`prison_number` IS NOT NULL
  ) AS matched
),
line_2 AS (
  SELECT CAST((SELECT COUNT(*) FROM values_2) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
t_wellbeing_baseline AS (
  SELECT * FROM `wellbeing_baseline`
),
cohort_sample_members AS (
  SELECT * FROM (
    SELECT '' AS site, s.`prison_number` AS id, s.`date_completed` AS d, s.`ever_self_harmed` AS first_ever_self_harmed, s.`currently_self_harming` AS first_currently_self_harming, s.`suicidal_thoughts_or_attempts_in_the_last_12_months` AS first_suicidal_thoughts_or_attempts_in_the_last_12_months,
      ROW_NUMBER() OVER (PARTITION BY s.`prison_number` ORDER BY s.`date_completed` ASC, s.`site` ASC, s.`row` ASC) AS n
    FROM t_wellbeing_baseline AS s WHERE s.`prison_number` IS NOT NULL AND s.`date_completed` IS NOT NULL
  ) AS ranked WHERE n = 1 AND d BETWEEN DATE '2021-04-01' AND DATE '2021-06-30'
),
t_wellbeing_follow_up AS (
  SELECT * FROM `wellbeing_follow_up`
),
cohort_sample_follow_ups AS (
  SELECT * FROM (
    SELECT m.site AS site, m.id AS id, f.`self_harm_since_support` AS follow_up_self_harm_since_support, f.`suicidal_thoughts_or_attempts_since_support` AS follow_up_suicidal_thoughts_or_attempts_since_support,
      ROW_NUMBER() OVER (PARTITION BY m.site, m.id ORDER BY f.`date_completed` DESC, f.`site` DESC, f.`row` DESC) AS n
    FROM cohort_sample_members AS m JOIN t_wellbeing_follow_up AS f ON f.`prison_number` = m.id AND f.`date_completed` >= m.d
  ) AS ranked WHERE n = 1
),
cohort_sample AS (
  SELECT m.*, fu.follow_up_self_harm_since_support, fu.follow_up_suicidal_thoughts_or_attempts_since_support FROM cohort_sample_members AS m LEFT JOIN cohort_sample_follow_ups AS fu ON fu.site = m.site AND fu.id = m.id
),
line_3 AS (
  SELECT CAST((SELECT COUNT(*) FROM cohort_sample AS m) AS FLOAT64) AS value, CAST(NULL AS FLOAT64) AS numerator, CAST(NULL AS FLOAT64) AS denominator
),
line_4 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.first_ever_self_harmed IS NOT NULL AND m.first_ever_self_harmed NOT IN ('Prefer not to say') AND m.first_ever_self_harmed IN ('Yes') THEN 1 END) AS numerator, COUNT(CASE WHEN m.first_ever_self_harmed IS NOT NULL AND m.first_ever_self_harmed NOT IN ('Prefer not to say') THEN 1 END) AS denominator FROM cohort_sample AS m) AS tallies
),
line_5 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.first_currently_self_harming IS NOT NULL AND m.first_currently_self_harming NOT IN ('Prefer not to say') AND m.first_currently_self_harming IN ('Yes') THEN 1 END) AS numerator, COUNT(CASE WHEN m.first_currently_self_harming IS NOT NULL AND m.first_currently_self_harming NOT IN ('Prefer not to say') THEN 1 END) AS denominator FROM cohort_sample AS m) AS tallies
),
line_6 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.follow_up_self_harm_since_support IS NOT NULL AND m.follow_up_self_harm_since_support NOT IN ('Not applicable') AND m.follow_up_self_harm_since_support IN ('Stopped', 'Reduced') THEN 1 END) AS numerator, COUNT(CASE WHEN m.follow_up_self_harm_since_support IS NOT NULL AND m.follow_up_self_harm_since_support NOT IN ('Not applicable') THEN 1 END) AS denominator FROM cohort_sample AS m WHERE m.first_currently_self_harming = 'Yes') AS tallies
),
line_7 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.first_suicidal_thoughts_or_attempts_in_the_last_12_months IS NOT NULL AND m.first_suicidal_thoughts_or_attempts_in_the_last_12_months NOT IN ('Prefer not to say') AND m.first_suicidal_thoughts_or_attempts_in_the_last_12_months IN ('Yes') THEN 1 END) AS numerator, COUNT(CASE WHEN m.first_suicidal_thoughts_or_attempts_in_the_last_12_months IS NOT NULL AND m.first_suicidal_thoughts_or_attempts_in_the_last_12_months NOT IN ('Prefer not to say') THEN 1 END) AS denominator FROM cohort_sample AS m) AS tallies
),
line_8 AS (
  SELECT CAST(CASE WHEN denominator = 0 THEN NULL ELSE DIV(200 * numerator + denominator, 2 * denominator) END AS FLOAT64) AS value, CAST(numerator AS FLOAT64) AS numerator, CAST(denominator AS FLOAT64) AS denominator
  FROM (SELECT COUNT(CASE WHEN m.follow_up_suicidal_thoughts_or_attempts_since_support IS NOT NULL AND m.follow_up_suicidal_thoughts_or_attempts_since_support NOT IN ('Not applicable') AND m.follow_up_suicidal_thoughts_or_attempts_since_support IN ('Stopped', 'Reduced') THEN 1 END) AS numerator, COUNT(CASE WHEN m.follow_up_suicidal_thoughts_or_attempts_since_support IS NOT NULL AND m.follow_up_suicidal_thoughts_or_attempts_since_support NOT IN ('Not applicable') THEN 1 END) AS denominator FROM cohort_sample AS m WHERE m.first_suicidal_thoughts_or_attempts_in_the_last_12_months = 'Yes') AS tallies
)
SELECT id, value, numerator, denominator FROM (
  SELECT 'mentors_active' AS id, 1 AS ord, value, numerator, denominator FROM line_1
  UNION ALL
  SELECT 'mentees_supported' AS id, 2 AS ord, value, numerator, denominator FROM line_2
  UNION ALL
  SELECT 'sample_size' AS id, 3 AS ord, value, numerator, denominator FROM line_3
  UNION ALL
  SELECT 'ever_self_harmed_pct' AS id, 4 AS ord, value, numerator, denominator FROM line_4
  UNION ALL
  SELECT 'current_self_harm_pct' AS id, 5 AS ord, value, numerator, denominator FROM line_5
  UNION ALL
  SELECT 'self_harm_stopped_or_reduced_pct' AS id, 6 AS ord, value, numerator, denominator FROM line_6
  UNION ALL
  SELECT 'suicidal_pct' AS id, 7 AS ord, value, numerator, denominator FROM line_7
  UNION ALL
  SELECT 'suicidal_stopped_or_reduced_pct' AS id, 8 AS ord, value, numerator, denominator FROM line_8
) AS report_lines
ORDER BY ord
