-- Views every section reads, over `tickets` (hotline export's Parquet, with its partition
-- column `month`) and the settings tables `settings_<name>`. Portable SQL: it runs
-- unchanged on DuckDB and Spark SQL (and is meant to on Trino and Hive).
--
-- Conventions shared by the section files:
--   * a percentage is basis points rounded half up:
--       CASE WHEN d > 0 THEN CAST(FLOOR((n * 20000 + d) / CAST(2 * d AS DOUBLE)) AS BIGINT) END
--     (exact in double for any count below 10^11);
--   * a change is signed, rounded half away from zero:
--       CASE WHEN p > 0 THEN CAST(SIGN(c - p) * FLOOR((ABS(c - p) * 20000 + p) / CAST(2 * p AS DOUBLE)) AS BIGINT) END;
--   * ties in a ranking go to the name in byte order (both engines' default for text).

-- Tickets per statistical month.
CREATE OR REPLACE TEMPORARY VIEW month_counts AS
SELECT month, COUNT(*) AS n FROM tickets GROUP BY month;

-- The report month: the settings' month, else the latest month holding at least 5% of the
-- largest month's tickets (a few stray later records are no month of data).
CREATE OR REPLACE TEMPORARY VIEW report_month AS
SELECT CASE WHEN r.month <> '' THEN r.month ELSE h.month END AS month
FROM settings_period_rule r
CROSS JOIN (
    SELECT MAX(c.month) AS month
    FROM month_counts c CROSS JOIN (SELECT MAX(n) AS largest FROM month_counts) l
    WHERE c.n * 20 >= l.largest
) h;

-- The report month with its dates, and whether the data holds the month before and the
-- same month a year earlier.
CREATE OR REPLACE TEMPORARY VIEW report AS
SELECT p.month, p.start_date, p.end_date, p.days, p.previous_month, p.year_ago_month,
       COALESCE(pc.n, 0) > 0 AS has_previous,
       COALESCE(yc.n, 0) > 0 AS has_year_ago
FROM settings_periods p
JOIN report_month m ON p.month = m.month
LEFT JOIN month_counts pc ON pc.month = p.previous_month
LEFT JOIN month_counts yc ON yc.month = p.year_ago_month;

-- Which fields the export held (a field no file supplied is null throughout).
CREATE OR REPLACE TEMPORARY VIEW present AS
SELECT COUNT(status) > 0 AS has_status,
       COUNT(closed_time) > 0 AS has_closed_time,
       COUNT(deadline) > 0 AS has_deadline,
       COUNT(satisfaction) > 0 AS has_satisfaction,
       COUNT(replied) > 0 AS has_replied,
       COUNT(category1) > 0 AS has_category,
       COUNT(region) > 0 AS has_region,
       COUNT(unit) > 0 AS has_unit,
       COUNT(platform) > 0 AS has_platform,
       COUNT(duty_leader) > 0 AS has_duty_leader,
       COUNT(content) > 0 AS has_content
FROM tickets;

-- How each satisfaction value counts: not evaluated before satisfied before unsatisfied
-- when a value is listed twice (0, 1, 2).
CREATE OR REPLACE TEMPORARY VIEW satisfaction_class AS
SELECT value, MIN(CASE class WHEN 'not_evaluated' THEN 0 WHEN 'satisfied' THEN 1 ELSE 2 END) AS rank_no
FROM settings_satisfaction_classes GROUP BY value;

-- The tickets of the report month, the month before and the month a year earlier, with
-- what every section asks of a ticket.
CREATE OR REPLACE TEMPORARY VIEW t AS
SELECT k.*,
       CASE WHEN k.month = r.month THEN 'current'
            WHEN k.month = r.previous_month THEN 'previous'
            ELSE 'year_ago' END AS period,
       iv.name IS NULL AS valid,
       cs.name IS NOT NULL AS consultation,
       CASE WHEN pr.has_status THEN st.status IS NOT NULL ELSE k.closed_time IS NOT NULL END AS closed,
       CASE WHEN COALESCE(k.satisfaction, '') = '' OR sc.rank_no = 0 THEN 'not_evaluated'
            WHEN sc.rank_no = 1 THEN 'satisfied'
            WHEN sc.rank_no = 2 THEN 'unsatisfied'
            ELSE 'unknown' END AS evaluation
FROM tickets k
CROSS JOIN report r
CROSS JOIN present pr
LEFT JOIN (SELECT DISTINCT name FROM settings_ticket_types WHERE is_invalid) iv ON k.ticket_type = iv.name
LEFT JOIN (SELECT DISTINCT name FROM settings_ticket_types WHERE is_consultation) cs ON k.ticket_type = cs.name
LEFT JOIN (SELECT DISTINCT status FROM settings_closed_statuses) st ON k.status = st.status
LEFT JOIN satisfaction_class sc ON k.satisfaction = sc.value
WHERE k.month = r.month OR k.month = r.previous_month OR k.month = r.year_ago_month;

-- Closed by its deadline (only a closed ticket with both times).
CREATE OR REPLACE TEMPORARY VIEW tc AS
SELECT t.*,
       (closed AND closed_time IS NOT NULL AND deadline IS NOT NULL AND closed_time <= deadline) AS on_time
FROM t;

-- Every month the data holds, numbered (year * 12 + month - 1), and whether it holds a real
-- share of the tickets (analysis.rs held_months: at least 5% of the largest month's).
CREATE OR REPLACE TEMPORARY VIEW months_held AS
SELECT month, n,
       CAST(SUBSTR(month, 1, 4) AS BIGINT) * 12 + CAST(SUBSTR(month, 6, 2) AS BIGINT) - 1 AS month_no,
       n * 20 >= MAX(n) OVER () AS held
FROM month_counts;

-- The months early warning reads (src/sections/warning.rs compute): the report month (back
-- 0, even when it holds no tickets) and those of the 15 before it (back 1 to 15) that hold
-- tickets, when the warning section is on and the data holds enough months: at least
-- min_months (and 3) held months up to the report month, which lies within the data's
-- months, at least min_months months counted from its first. Empty otherwise. Defined here
-- because the topic matching (consultation.sql) asks these months' valid tickets too.
CREATE OR REPLACE TEMPORARY VIEW history AS
WITH s AS (
    SELECT MAX(CASE WHEN key = 'warning.enabled' THEN value END) = 'true' AS enabled,
           GREATEST(CAST(MAX(CASE WHEN key = 'warning.min_months' THEN value END) AS BIGINT), 3) AS min_months
    FROM settings_scalars
),
r AS (
    SELECT month, CAST(SUBSTR(month, 1, 4) AS BIGINT) * 12 + CAST(SUBSTR(month, 6, 2) AS BIGINT) - 1 AS month_no
    FROM report
),
span AS (
    SELECT MIN(m.month_no) AS first_no, MAX(m.month_no) AS last_no,
           SUM(CASE WHEN m.held AND m.month_no <= r.month_no THEN 1 ELSE 0 END) AS held_up_to
    FROM months_held m CROSS JOIN r
),
months AS (
    SELECT month, month_no, held FROM months_held
    UNION ALL
    SELECT r.month, r.month_no, FALSE FROM r LEFT JOIN months_held m ON m.month = r.month WHERE m.month IS NULL
)
SELECT m.month, m.month_no, r.month_no - m.month_no AS back, m.held
FROM months m CROSS JOIN r CROSS JOIN s CROSS JOIN span
WHERE s.enabled
  AND span.held_up_to >= s.min_months
  AND r.month_no BETWEEN span.first_no AND span.last_no
  AND r.month_no - span.first_no + 1 >= s.min_months
  AND m.month_no BETWEEN r.month_no - 15 AND r.month_no;

-- The figures' own period: the report month with its dates, and the month before when the
-- data holds it (Figures.period, Figures.previous).
SELECT 'period.month.year' AS path, CAST(SUBSTR(month, 1, 4) AS BIGINT) AS num, CAST(NULL AS STRING) AS txt,
       CAST(NULL AS BOOLEAN) AS flag
FROM report
UNION ALL
SELECT 'period.month.month', CAST(SUBSTR(month, 6, 2) AS BIGINT), NULL, NULL FROM report
UNION ALL
SELECT 'period.start', NULL, start_date, NULL FROM report
UNION ALL
SELECT 'period.end', NULL, end_date, NULL FROM report
UNION ALL
SELECT 'previous.month.year', CAST(SUBSTR(p.month, 1, 4) AS BIGINT), NULL, NULL
FROM report r JOIN settings_periods p ON p.month = r.previous_month WHERE r.has_previous
UNION ALL
SELECT 'previous.month.month', CAST(SUBSTR(p.month, 6, 2) AS BIGINT), NULL, NULL
FROM report r JOIN settings_periods p ON p.month = r.previous_month WHERE r.has_previous
UNION ALL
SELECT 'previous.start', NULL, p.start_date, NULL
FROM report r JOIN settings_periods p ON p.month = r.previous_month WHERE r.has_previous
UNION ALL
SELECT 'previous.end', NULL, p.end_date, NULL
FROM report r JOIN settings_periods p ON p.month = r.previous_month WHERE r.has_previous;
