-- 预警提示 (src/sections/warning.rs): the alerts of src/trends/alerts.rs, each watched
-- dimension's values counted month by month over the months `history` (common.sql) holds,
-- with the expected count, its normal range and the score in the core's order of floating
-- operations; and the new phrases the core found (`emerging_phrases`, written by hotline
-- export: finding them reads texts as runs of characters, which portable SQL cannot).
-- Nothing is written when `history` is empty (the section off, or too few months).
--
-- The topics are counted from the topic matching in consultation.sql (which runs first:
-- files run in name order), within each topic section's scope as that section narrows it.

-- The section's thresholds (warning.rs alert_settings: percentages as fractions).
CREATE OR REPLACE TEMPORARY VIEW warning_settings AS
SELECT CAST(MAX(CASE WHEN key = 'warning.sigmas' THEN value END) AS DOUBLE) AS z,
       CAST(MAX(CASE WHEN key = 'warning.variation_percent' THEN value END) AS DOUBLE) / CAST(100 AS DOUBLE) AS variation,
       CAST(MAX(CASE WHEN key = 'warning.rise_percent' THEN value END) AS DOUBLE) / CAST(100 AS DOUBLE) AS rise_ratio,
       CAST(MAX(CASE WHEN key = 'warning.fall_percent' THEN value END) AS DOUBLE) / CAST(100 AS DOUBLE) AS fall_ratio,
       CAST(MAX(CASE WHEN key = 'warning.min_count' THEN value END) AS BIGINT) AS min_count,
       CAST(MAX(CASE WHEN key = 'warning.shown' THEN value END) AS BIGINT) AS shown,
       MAX(CASE WHEN key = 'livelihood.transfer_category' THEN value END) AS livelihood_transfer_category,
       MAX(CASE WHEN key = 'livelihood.topic_category' THEN value END) AS livelihood_topic_category,
       MAX(CASE WHEN key = 'economic.transfer_category' THEN value END) AS economic_transfer_category
FROM settings_scalars;

-- The valid tickets of the months read, with their month's number and whether each is a
-- consultation.
CREATE OR REPLACE TEMPORARY VIEW warning_tickets AS
SELECT k.month, h.month_no, COALESCE(k.source_file, '') AS source_file, k.source_row,
       k.category1, k.category2, k.category3, k.region, k.town, k.unit,
       k.transferred, k.transfer_category, cs.name IS NOT NULL AS consultation
FROM tickets k
JOIN history h ON h.month = k.month
LEFT JOIN (SELECT DISTINCT name FROM settings_ticket_types WHERE is_invalid) iv ON k.ticket_type = iv.name
LEFT JOIN (SELECT DISTINCT name FROM settings_ticket_types WHERE is_consultation) cs ON k.ticket_type = cs.name
WHERE iv.name IS NULL;

-- Valid tickets per watched dimension (by its position in settings_watched_dimensions),
-- value and month; blank values are left out (trends/mod.rs counted). A ticket's topic
-- value is its sub-topic bucket's name, inside its section's scope (consultation: the
-- consultation type; economic and livelihood: transferred tickets of their transfer
-- category, livelihood's also of its first-level category). A dimension is named by one
-- key, `facet:section` (joining on the two columns makes Spark 4's generated code fail to
-- compile, "Expression java.lang.Long is not an rvalue").
CREATE OR REPLACE TEMPORARY VIEW warning_counts AS
SELECT d.position, v.value, v.month_no, COUNT(*) AS n
FROM (
    SELECT 'category1:' AS dimension, category1 AS value, month_no FROM warning_tickets
    UNION ALL
    SELECT 'category2:', category2, month_no FROM warning_tickets
    UNION ALL
    SELECT 'category3:', category3, month_no FROM warning_tickets
    UNION ALL
    SELECT 'region:', region, month_no FROM warning_tickets
    UNION ALL
    SELECT 'town:', town, month_no FROM warning_tickets
    UNION ALL
    SELECT 'unit:', unit, month_no FROM warning_tickets
    UNION ALL
    SELECT 'topic:' || f.section, b.name, k.month_no
    FROM warning_tickets k
    JOIN consultation_topic_found f
      ON f.month = k.month AND f.source_file = k.source_file AND f.source_row = k.source_row
    JOIN consultation_topic_buckets b
      ON b.section = f.section AND b.bucket_no = COALESCE(f.subtopic_no, b.other_no)
    CROSS JOIN warning_settings s
    WHERE (f.section = 'consultation' AND k.consultation)
       OR (f.section = 'economic' AND k.transferred
           AND COALESCE(k.transfer_category, '') = s.economic_transfer_category)
       OR (f.section = 'livelihood' AND k.transferred
           AND COALESCE(k.transfer_category, '') = s.livelihood_transfer_category
           AND COALESCE(k.category1, '') = s.livelihood_topic_category)
) v
JOIN (SELECT position, facet || ':' || section AS dimension FROM settings_watched_dimensions) d
  ON d.dimension = v.dimension
WHERE COALESCE(v.value, '') <> ''
GROUP BY d.position, v.value, v.month_no;

-- Each value's count in the report month (back 0) and in every month with data before it
-- (held: a month of a few stray records is no history), zero where it had no tickets.
CREATE OR REPLACE TEMPORARY VIEW warning_series AS
SELECT v.position, v.value, h.back, h.held, COALESCE(c.n, 0) AS n
FROM (SELECT DISTINCT position, value FROM warning_counts) v
CROSS JOIN history h
LEFT JOIN warning_counts c ON c.position = v.position AND c.value = v.value AND c.month_no = h.month_no
WHERE h.held OR h.back = 0;

-- The trailing basis (alerts.rs expected): the median of the counts of the (at most six)
-- latest months with data before the report month.
CREATE OR REPLACE TEMPORARY VIEW warning_trailing AS
WITH latest AS (
    SELECT position, value, n, ROW_NUMBER() OVER (PARTITION BY position, value ORDER BY back) AS k
    FROM warning_series WHERE back > 0 AND held
),
sorted AS (
    SELECT position, value, n,
           ROW_NUMBER() OVER (PARTITION BY position, value ORDER BY n) AS j,
           COUNT(*) OVER (PARTITION BY position, value) AS months
    FROM latest WHERE k <= 6
)
SELECT position, value, MAX(months) AS months, AVG(CAST(n AS DOUBLE)) AS median
FROM sorted
WHERE j BETWEEN FLOOR((months + 1) / CAST(2 AS DOUBLE)) AND FLOOR(months / CAST(2 AS DOUBLE)) + 1
GROUP BY position, value;

-- Each value's expected count and its basis: with the same month a year earlier and the
-- three months before each held, last year's count scaled by the recent level against a
-- year earlier (medians of three, the ratio clamped to 0.5..2 when both reach 5); else the
-- trailing median over at least two months; else none.
CREATE OR REPLACE TEMPORARY VIEW warning_expected AS
WITH c AS (
    SELECT position, value,
           COALESCE(MAX(CASE WHEN back = 0 THEN n END), 0) AS observed,
           MAX(CASE WHEN back = 1 AND held THEN n END) AS c1,
           MAX(CASE WHEN back = 2 AND held THEN n END) AS c2,
           MAX(CASE WHEN back = 3 AND held THEN n END) AS c3,
           MAX(CASE WHEN back = 12 AND held THEN n END) AS c12,
           MAX(CASE WHEN back = 13 AND held THEN n END) AS c13,
           MAX(CASE WHEN back = 14 AND held THEN n END) AS c14,
           MAX(CASE WHEN back = 15 AND held THEN n END) AS c15
    FROM warning_series
    GROUP BY position, value
),
m AS (
    SELECT c.*,
           c1 + c2 + c3 - GREATEST(c1, c2, c3) - LEAST(c1, c2, c3) AS recent,
           c13 + c14 + c15 - GREATEST(c13, c14, c15) - LEAST(c13, c14, c15) AS then_level,
           c12 IS NOT NULL AND c1 IS NOT NULL AND c2 IS NOT NULL AND c3 IS NOT NULL
               AND c13 IS NOT NULL AND c14 IS NOT NULL AND c15 IS NOT NULL AS with_last_year
    FROM c
)
SELECT m.position, m.value, m.observed,
       CASE WHEN m.with_last_year THEN 'last_year' WHEN tr.months >= 2 THEN 'trailing' END AS basis,
       CASE WHEN m.with_last_year
            THEN CAST(m.c12 AS DOUBLE)
                 * CASE WHEN m.then_level >= 5 AND m.recent >= 5
                        THEN LEAST(GREATEST(CAST(m.recent AS DOUBLE) / CAST(m.then_level AS DOUBLE), CAST(0.5 AS DOUBLE)),
                                   CAST(2 AS DOUBLE))
                        ELSE CAST(1 AS DOUBLE) END
            WHEN tr.months >= 2 THEN tr.median END AS expected,
       m.c12 AS year_ago, tr.months AS trailing_months
FROM m LEFT JOIN warning_trailing tr ON tr.position = m.position AND tr.value = m.value;

-- The judgement (alerts.rs judge): outside the normal range (z spreads of sqrt(expected +
-- (variation · expected)²), at least 1), by the ratio, and over the minimum count.
CREATE OR REPLACE TEMPORARY VIEW warning_judged AS
WITH b AS (
    SELECT e.*, s.z, s.rise_ratio, s.fall_ratio, s.min_count,
           GREATEST(SQRT(e.expected + (s.variation * e.expected) * (s.variation * e.expected)), CAST(1 AS DOUBLE)) AS spread
    FROM warning_expected e CROSS JOIN warning_settings s
    WHERE e.basis IS NOT NULL
),
r AS (
    SELECT b.*, GREATEST(expected - z * spread, CAST(0 AS DOUBLE)) AS low, expected + z * spread AS high
    FROM b
)
SELECT position, value, observed, expected, low, high, basis, year_ago, trailing_months,
       CASE WHEN observed > high AND observed >= rise_ratio * expected AND observed >= min_count THEN 'rise'
            WHEN observed < low AND observed <= fall_ratio * expected AND expected >= min_count THEN 'fall' END AS direction,
       (observed - expected) / spread AS score
FROM r;

-- The alerts, a category's left out when a deeper level's alert has the same observed and
-- expected counts (it says the same), ranked by how unusual (ties: the dimensions' order,
-- then the value).
CREATE OR REPLACE TEMPORARY VIEW warning_alerts AS
WITH a AS (
    SELECT j.*, d.label AS dimension,
           CASE d.facet WHEN 'category1' THEN 1 WHEN 'category2' THEN 2 WHEN 'category3' THEN 3 ELSE 0 END AS level
    FROM warning_judged j JOIN settings_watched_dimensions d ON d.position = j.position
    WHERE j.direction IS NOT NULL
),
kept AS (
    SELECT a.* FROM a
    LEFT JOIN (SELECT DISTINCT level, observed, expected FROM a WHERE level > 0) deeper
      ON a.level > 0 AND deeper.level > a.level AND deeper.observed = a.observed AND deeper.expected = a.expected
    WHERE deeper.level IS NULL
)
SELECT kept.*, ROW_NUMBER() OVER (ORDER BY ABS(score) DESC, position, value) - 1 AS place,
       COUNT(*) OVER () AS found
FROM kept;

-- What the section reads, in one row: whether it is written at all (the months read),
-- the months with data the expectations drew on (the report month's included), the report
-- month, and the alerts found.
CREATE OR REPLACE TEMPORARY VIEW warning_state AS
SELECT h.months_read, h.months, h.month, h.month_no, a.found
FROM (
    SELECT COUNT(*) AS months_read, SUM(CASE WHEN held THEN 1 ELSE 0 END) AS months,
           MAX(CASE WHEN back = 0 THEN month END) AS month, MAX(CASE WHEN back = 0 THEN month_no END) AS month_no
    FROM history
) h
CROSS JOIN (SELECT COUNT(*) AS found FROM warning_alerts) a;

-- The section's fields: the months, the alerts listed and how many more, and the new
-- phrases (null when the data holds no earlier held month of tickets to compare texts with,
-- which history's three held months rule out: the null is written for the core's sake).
WITH shown AS (
    SELECT a.*, 'warning.alerts[' || CAST(a.place AS STRING) || '].' AS prefix
    FROM warning_alerts a CROSS JOIN warning_settings s
    WHERE a.place < s.shown
),
state AS (
    SELECT w.*, e.earlier > 0 AS earlier_held
    FROM warning_state w
    CROSS JOIN (
        SELECT COUNT(*) AS earlier
        FROM months_held m CROSS JOIN warning_state w
        WHERE m.held AND m.month_no < w.month_no
    ) e
    WHERE w.months_read > 0
),
phrases AS (
    SELECT p.*, 'warning.emerging[' || CAST(p.position AS STRING) || '].' AS prefix
    FROM emerging_phrases p JOIN state w ON p.report_month = w.month
)
SELECT 'warning.months' AS path, CAST(months AS DOUBLE) AS num, CAST(NULL AS STRING) AS txt,
       CAST(NULL AS BOOLEAN) AS flag
FROM state
UNION ALL
SELECT 'warning.alerts[]', NULL, NULL, NULL FROM state
UNION ALL
SELECT 'warning.more_alerts', CAST(GREATEST(w.found - s.shown, 0) AS DOUBLE), NULL, NULL
FROM state w CROSS JOIN warning_settings s
UNION ALL
SELECT prefix || 'dimension', NULL, dimension, NULL FROM shown
UNION ALL
SELECT prefix || 'label', NULL, value, NULL FROM shown
UNION ALL
SELECT prefix || 'direction', NULL, direction, NULL FROM shown
UNION ALL
SELECT prefix || 'observed.count', CAST(observed AS DOUBLE), NULL, NULL FROM shown
UNION ALL
SELECT prefix || 'expected', expected, NULL, NULL FROM shown
UNION ALL
SELECT prefix || 'low', low, NULL, NULL FROM shown
UNION ALL
SELECT prefix || 'high', high, NULL, NULL FROM shown
UNION ALL
SELECT prefix || 'basis.kind', NULL, basis, NULL FROM shown
UNION ALL
SELECT prefix || 'basis.count', CAST(year_ago AS DOUBLE), NULL, NULL FROM shown WHERE basis = 'last_year'
UNION ALL
SELECT prefix || 'basis.months', CAST(trailing_months AS DOUBLE), NULL, NULL FROM shown WHERE basis = 'trailing'
UNION ALL
SELECT prefix || 'score', score, NULL, NULL FROM shown
UNION ALL
SELECT 'warning.emerging[]', NULL, NULL, NULL FROM state WHERE earlier_held
UNION ALL
SELECT 'warning.emerging', NULL, NULL, NULL FROM state WHERE NOT earlier_held
UNION ALL
SELECT prefix || 'phrase', NULL, phrase, NULL FROM phrases
UNION ALL
SELECT prefix || 'tickets.count', CAST(tickets AS DOUBLE), NULL, NULL FROM phrases
UNION ALL
SELECT prefix || 'earlier', CAST(earlier AS DOUBLE), NULL, NULL FROM phrases
UNION ALL
SELECT prefix || 'per_10k', per_10k, NULL, NULL FROM phrases
UNION ALL
SELECT prefix || 'per_10k_earlier', per_10k_earlier, NULL, NULL FROM phrases
UNION ALL
SELECT prefix || 'earlier_months', CAST(earlier_months AS DOUBLE), NULL, NULL FROM phrases
UNION ALL
SELECT prefix || 'town[0]', NULL, town, NULL FROM phrases WHERE town IS NOT NULL
UNION ALL
SELECT prefix || 'town[1]', CAST(town_tickets AS DOUBLE), NULL, NULL FROM phrases WHERE town IS NOT NULL
UNION ALL
SELECT prefix || 'town', NULL, NULL, NULL FROM phrases WHERE town IS NULL
UNION ALL
SELECT prefix || 'unit[0]', NULL, unit, NULL FROM phrases WHERE unit IS NOT NULL
UNION ALL
SELECT prefix || 'unit[1]', CAST(unit_tickets AS DOUBLE), NULL, NULL FROM phrases WHERE unit IS NOT NULL
UNION ALL
SELECT prefix || 'unit', NULL, NULL, NULL FROM phrases WHERE unit IS NULL;
