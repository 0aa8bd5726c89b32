-- 三 经济违法行为举报类 (src/sections/economic.rs): the month's valid transferred tickets of
-- the section's transfer category (parts.rs transferred_in), their share of all valid
-- transferred tickets, their top first-level categories, the section's topic (烟类相关商品)
-- over them, and its focus sub-topic (售卖假烟) with that sub-topic's top regions.
--
-- Topic matching is not repeated here: it is the view consultation_topic_match (with
-- consultation_topic_buckets), defined in consultation.sql after src/stats/topic.rs and
-- category.rs category_rule, which the runner has already run (section files run in name
-- order: consultation < economic < livelihood).

-- The section's own settings.
CREATE OR REPLACE TEMPORARY VIEW economic_settings AS
SELECT MAX(CASE WHEN key = 'economic.transfer_category' THEN value END) AS transfer_category,
       CAST(MAX(CASE WHEN key = 'economic.top_n' THEN value END) AS BIGINT) AS top_n,
       MAX(CASE WHEN key = 'economic.focus_subtopic' THEN value END) AS focus_subtopic,
       CAST(MAX(CASE WHEN key = 'economic.region_top_n' THEN value END) AS BIGINT) AS region_top_n
FROM settings_scalars;

-- This month's section tickets (valid, transferred, of its transfer category; a blank
-- category names the tickets without one, as the core's narrowing by symbol does) and all
-- valid transferred tickets.
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
-- region: the topic's name and tickets, its share of the section's tickets, the
-- sub-topics with tickets ranked (count, the settings' order, name; "other" included),
-- the focus sub-topic (the first named sub-topic of that name; printed when it has
-- tickets) as a share of the topic, and its top N regions (the blank region left out) as
-- shares of it. Each bucket appears with every region it holds (or once, empty); rows are
-- (path, kind, name, n, total) as in economic_items.
CREATE OR REPLACE TEMPORARY VIEW economic_topic_items AS
WITH counted AS (
    SELECT b.bucket_no, b.name, b.rank_of, b.topic_name, b.other_no, m.region, COALESCE(m.n, 0) AS n,
           MIN(CASE WHEN b.name = s.focus_subtopic AND b.bucket_no < b.other_no THEN b.bucket_no END) OVER () AS focus_no
    FROM consultation_topic_buckets b
    CROSS JOIN economic_settings s
    LEFT JOIN (
        SELECT x.bucket_no, COALESCE(x.region, '') AS region, COUNT(*) AS n
        FROM consultation_topic_match x CROSS JOIN economic_settings s
        WHERE x.section = 'economic' AND x.period = 'current' AND x.valid AND x.transferred
          AND COALESCE(x.transfer_category, '') = s.transfer_category
        GROUP BY x.bucket_no, COALESCE(x.region, '')
    ) m ON m.bucket_no = b.bucket_no
    WHERE b.section = 'economic'
),
summed AS (
    SELECT c.*,
           SUM(n) OVER () AS total,
           SUM(n) OVER (PARTITION BY bucket_no) AS bucket_n,
           ROW_NUMBER() OVER (PARTITION BY bucket_no ORDER BY region) AS in_bucket
    FROM counted c
),
ranked AS (
    SELECT s.*,
           CASE WHEN in_bucket = 1 AND bucket_n > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN in_bucket = 1 AND bucket_n > 0 THEN 1 ELSE 0 END
                                        ORDER BY bucket_n DESC, rank_of, name, bucket_no) - 1 END AS i,
           CASE WHEN bucket_no = focus_no AND region <> '' AND n > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN bucket_no = focus_no AND region <> '' AND n > 0 THEN 1 ELSE 0 END
                                        ORDER BY n DESC, region) - 1 END AS ri
    FROM summed s
)
SELECT CASE v.what WHEN 'topic' THEN 'economic.topic'
                   WHEN 'ratio' THEN 'economic.topic.share'
                   WHEN 'subtopics' THEN 'economic.topic.subtopics[' || CAST(r.i AS STRING) || ']'
                   WHEN 'focus' THEN 'economic.focus'
                   ELSE 'economic.focus_regions[' || CAST(r.ri AS STRING) || ']' END AS path,
       CASE WHEN v.what IN ('topic', 'ratio') THEN v.what ELSE 'share' END AS kind,
       CASE v.what WHEN 'topic' THEN r.topic_name WHEN 'ratio' THEN NULL
                   WHEN 'regions' THEN r.region ELSE r.name END AS name,
       CASE v.what WHEN 'topic' THEN r.total WHEN 'ratio' THEN r.total
                   WHEN 'regions' THEN r.n ELSE r.bucket_n END AS n,
       CASE v.what WHEN 'ratio' THEN c.total WHEN 'regions' THEN r.bucket_n ELSE r.total END AS total
FROM ranked r
CROSS JOIN (VALUES ('topic'), ('ratio'), ('subtopics'), ('focus'), ('regions')) AS v(what)
CROSS JOIN economic_total c
CROSS JOIN economic_settings s
WHERE (v.what IN ('topic', 'ratio') AND r.bucket_no = r.other_no AND r.in_bucket = 1)
   OR (v.what = 'subtopics' AND r.i IS NOT NULL)
   OR (v.what = 'focus' AND r.bucket_no = r.focus_no AND r.in_bucket = 1 AND r.bucket_n > 0)
   OR (v.what = 'regions' AND r.ri IS NOT NULL AND r.ri < s.region_top_n);

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

SELECT 'economic.' || v.list || '[]' AS path, CAST(NULL AS BIGINT) AS num, CAST(NULL AS STRING) AS txt,
       CAST(NULL AS BOOLEAN) AS flag
FROM (VALUES ('top'), ('topic.subtopics'), ('focus_regions')) AS v(list)
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
