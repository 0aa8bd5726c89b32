-- 三 经济违法行为举报类 (src/sections/economic.rs): the month's valid transferred tickets of
-- the section's transfer category (parts.rs transferred_in), their share of all valid
-- transferred tickets, their top first-level categories, the section's topic (烟类相关商品)
-- over them, and its focus sub-topic (售卖假烟) with that sub-topic's top regions.
--
-- Topic matching is not repeated here: it is the view consultation_topic_match, defined in
-- consultation.sql (src/stats/topic.rs and category.rs category_rule), which the runner
-- has already run (section files run in name order: consultation < economic < livelihood).

-- The section's own settings.
CREATE OR REPLACE TEMPORARY VIEW economic_settings AS
SELECT MAX(CASE WHEN key = 'economic.transfer_category' THEN value END) AS transfer_category,
       CAST(MAX(CASE WHEN key = 'economic.top_n' THEN value END) AS BIGINT) AS top_n,
       MAX(CASE WHEN key = 'economic.focus_subtopic' THEN value END) AS focus_subtopic,
       CAST(MAX(CASE WHEN key = 'economic.region_top_n' THEN value END) AS BIGINT) AS region_top_n
FROM settings_scalars;

-- The section's tickets (valid, transferred, of its transfer category; a blank category
-- names the tickets without one, as the core's narrowing by symbol does) and all valid
-- transferred tickets, this month.
CREATE OR REPLACE TEMPORARY VIEW economic_total AS
SELECT COALESCE(SUM(CASE WHEN COALESCE(t.transfer_category, '') = s.transfer_category THEN 1 ELSE 0 END), 0) AS total,
       COUNT(*) AS transferred
FROM t CROSS JOIN economic_settings s
WHERE t.period = 'current' AND t.valid AND t.transferred;

-- The top N named first-level categories of the section's tickets (largest first, ties by
-- name).
CREATE OR REPLACE TEMPORARY VIEW economic_top AS
SELECT x.name, x.n, x.i
FROM (
    SELECT COALESCE(t.category1, '') AS name, COUNT(*) AS n,
           ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, COALESCE(t.category1, '')) - 1 AS i
    FROM t CROSS JOIN economic_settings s
    WHERE t.period = 'current' AND t.valid AND t.transferred
      AND COALESCE(t.transfer_category, '') = s.transfer_category
      AND COALESCE(t.category1, '') <> ''
    GROUP BY COALESCE(t.category1, '')
) x CROSS JOIN economic_settings s
WHERE x.i < s.top_n;

-- Everything the topic prints, from one count of the section's topic tickets by bucket and
-- region (so the topic match is searched once): the topic's name and tickets, its share of
-- the section's tickets, the sub-topics with tickets ranked (count, the settings' order,
-- name; "other" included), the focus sub-topic (the first named sub-topic of that name;
-- shown when it has tickets) as a share of the topic, and its top N regions (blank region
-- left out) as shares of it. Rows are (path, kind, name, n, total) as in economic_items.
CREATE OR REPLACE TEMPORARY VIEW economic_topic_items AS
WITH m AS (
    SELECT x.bucket_no, COALESCE(x.region, '') AS region, COUNT(*) AS n
    FROM consultation_topic_match x CROSS JOIN economic_settings s
    WHERE x.section = 'economic' AND x.period = 'current' AND x.valid AND x.transferred
      AND COALESCE(x.transfer_category, '') = s.transfer_category
    GROUP BY x.bucket_no, COALESCE(x.region, '')
),
counted AS (
    SELECT b.bucket_no, b.name, b.rank_of, COALESCE(c.n, 0) AS n
    FROM consultation_topic_buckets b
    LEFT JOIN (SELECT bucket_no, SUM(n) AS n FROM m GROUP BY bucket_no) c ON c.bucket_no = b.bucket_no
    WHERE b.section = 'economic'
),
topic AS (
    SELECT p.name, c.total, d.total AS den
    FROM settings_topics p
    CROSS JOIN (SELECT COALESCE(SUM(n), 0) AS total FROM counted) c
    CROSS JOIN economic_total d
    WHERE p.section = 'economic' AND p.subtopic_no = 0
),
ranked AS (
    SELECT name, n, ROW_NUMBER() OVER (ORDER BY n DESC, rank_of, name, bucket_no) - 1 AS i
    FROM counted WHERE n > 0
),
focus AS (
    SELECT s.focus_subtopic AS name, MIN(p.subtopic_no) AS bucket_no
    FROM economic_settings s
    LEFT JOIN settings_topics p
      ON p.section = 'economic' AND p.subtopic_no > 0 AND p.name = s.focus_subtopic
    GROUP BY s.focus_subtopic
),
focus_total AS (
    SELECT f.name, COALESCE(SUM(m.n), 0) AS n
    FROM focus f LEFT JOIN m ON m.bucket_no = f.bucket_no
    GROUP BY f.name
),
focus_regions AS (
    SELECT m.region AS name, SUM(m.n) AS n,
           ROW_NUMBER() OVER (ORDER BY SUM(m.n) DESC, m.region) - 1 AS i
    FROM m JOIN focus f ON m.bucket_no = f.bucket_no
    WHERE m.region <> ''
    GROUP BY m.region
)
SELECT 'economic.topic' AS path, 'topic' AS kind, name, total AS n, CAST(NULL AS BIGINT) AS total FROM topic
UNION ALL
SELECT 'economic.topic.share', 'ratio', NULL, total, den FROM topic
UNION ALL
SELECT 'economic.topic.subtopics[' || CAST(r.i AS STRING) || ']', 'share', r.name, r.n, p.total
FROM ranked r CROSS JOIN topic p
UNION ALL
SELECT 'economic.focus', 'share', f.name, f.n, p.total
FROM focus_total f CROSS JOIN topic p WHERE f.n > 0
UNION ALL
SELECT 'economic.focus_regions[' || CAST(r.i AS STRING) || ']', 'share', r.name, r.n, f.n
FROM focus_regions r CROSS JOIN focus_total f CROSS JOIN economic_settings s
WHERE r.i < s.region_top_n;

-- Every share, ratio and count the section prints: (path, kind, name, n, total); kind
-- 'share' prints name/count/of/bp, 'ratio' num/den/bp, 'topic' name/total, 'count' count.
CREATE OR REPLACE TEMPORARY VIEW economic_items AS
SELECT 'economic.total' AS path, 'count' AS kind, CAST(NULL AS STRING) AS name, total AS n, CAST(NULL AS BIGINT) AS total
FROM economic_total
UNION ALL
SELECT 'economic.share_of_transferred', 'ratio', NULL, total, transferred FROM economic_total
UNION ALL
SELECT 'economic.top[' || CAST(x.i AS STRING) || ']', 'share', x.name, x.n, c.total
FROM economic_top x CROSS JOIN economic_total c
UNION ALL
SELECT path, kind, name, n, total FROM economic_topic_items;

SELECT 'economic.top[]' AS path, CAST(NULL AS BIGINT) AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
UNION ALL
SELECT 'economic.topic.subtopics[]', NULL, NULL, NULL
UNION ALL
SELECT 'economic.focus_regions[]', NULL, NULL, NULL
UNION ALL
SELECT i.path || '.' || f.k,
       CASE WHEN f.k IN ('count', 'num', 'total') THEN i.n
            WHEN f.k IN ('of', 'den') THEN i.total
            WHEN f.k = 'bp' AND i.total > 0
                 THEN CAST(FLOOR((i.n * 20000 + i.total) / CAST(2 * i.total AS DOUBLE)) AS BIGINT) END,
       CASE WHEN f.k = 'name' THEN i.name END,
       NULL
FROM economic_items i
JOIN (VALUES ('share', 'name'), ('share', 'count'), ('share', 'of'), ('share', 'bp'),
             ('ratio', 'num'), ('ratio', 'den'), ('ratio', 'bp'),
             ('topic', 'name'), ('topic', 'total'), ('count', 'count')) AS f(kind, k)
  ON f.kind = i.kind;
