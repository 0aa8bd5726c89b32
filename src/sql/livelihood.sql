-- 三 民生诉求类 (src/sections/livelihood.rs): the month's valid transferred tickets of the
-- section's transfer category (parts.rs transferred_in), their share of all valid
-- transferred tickets, their top first-level categories with how they moved since last
-- month (src/sections/rank_shifts.rs), and the section's topic (涉嫌非法开采) over its
-- tickets of one first-level category (城市建设), with the topic's top regions and its
-- most frequent (region, town).
--
-- Topic matching is not repeated here: it is the view consultation_topic_match, defined in
-- consultation.sql (src/stats/topic.rs and category.rs category_rule), which the runner
-- has already run (section files run in name order: consultation < economic < livelihood).

-- The section's own settings.
CREATE OR REPLACE TEMPORARY VIEW livelihood_settings AS
SELECT MAX(CASE WHEN key = 'livelihood.transfer_category' THEN value END) AS transfer_category,
       CAST(MAX(CASE WHEN key = 'livelihood.top_n' THEN value END) AS BIGINT) AS top_n,
       MAX(CASE WHEN key = 'livelihood.topic_category' THEN value END) AS topic_category,
       CAST(MAX(CASE WHEN key = 'livelihood.region_top_n' THEN value END) AS BIGINT) AS region_top_n
FROM settings_scalars;

-- This month's section tickets (valid, transferred, of its transfer category; a blank
-- category names the tickets without one, as the core's narrowing by symbol does), those
-- of the topic's first-level category among them, and all valid transferred tickets.
CREATE OR REPLACE TEMPORARY VIEW livelihood_total AS
SELECT COALESCE(SUM(CASE WHEN COALESCE(t.transfer_category, '') = s.transfer_category THEN 1 ELSE 0 END), 0) AS total,
       COALESCE(SUM(CASE WHEN COALESCE(t.transfer_category, '') = s.transfer_category
                          AND COALESCE(t.category1, '') = s.topic_category THEN 1 ELSE 0 END), 0) AS in_category,
       COUNT(*) AS transferred
FROM t CROSS JOIN livelihood_settings s
WHERE t.period = 'current' AND t.valid AND t.transferred;

-- Whether the letter says how the top categories moved (rank_shifts.rs Moves::of): the data
-- holds last month, and at least MIN_MONTHS = 3 held months up to this one (analysis.rs
-- held_months: a month holding at least 5% of the largest month's tickets). The 3 is the
-- core's constant, not a setting.
CREATE OR REPLACE TEMPORARY VIEW livelihood_moves_shown AS
SELECT r.has_previous AND h.n >= 3 AS shown
FROM report r
CROSS JOIN (
    SELECT COUNT(*) AS n
    FROM month_counts c
    CROSS JOIN (SELECT MAX(n) AS largest FROM month_counts) l
    CROSS JOIN report m
    WHERE c.n > 0 AND c.n * 20 >= l.largest AND c.month <= m.month
) h;

-- The top N named first-level categories of the section's tickets this month (largest
-- first, ties by name), each with last month's count (parts.rs transferred_in_previous)
-- and its rank then: competition ranking among every value last month, the blank one
-- included (rank_shifts.rs ranked); none without tickets then.
CREATE OR REPLACE TEMPORARY VIEW livelihood_top AS
WITH categories AS (
    SELECT COALESCE(t.category1, '') AS name,
           SUM(CASE WHEN t.period = 'current' THEN 1 ELSE 0 END) AS c,
           SUM(CASE WHEN t.period = 'previous' THEN 1 ELSE 0 END) AS p
    FROM t CROSS JOIN livelihood_settings s
    WHERE t.period IN ('current', 'previous') AND t.valid AND t.transferred
      AND COALESCE(t.transfer_category, '') = s.transfer_category
    GROUP BY COALESCE(t.category1, '')
),
ranked AS (
    SELECT name, c, p,
           CASE WHEN name <> '' AND c > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN name <> '' AND c > 0 THEN 1 ELSE 0 END
                                        ORDER BY c DESC, name) - 1 END AS i,
           RANK() OVER (ORDER BY p DESC) AS previous_rank
    FROM categories
)
SELECT r.i, r.name, r.c, r.p, CASE WHEN r.p > 0 THEN r.previous_rank END AS previous_rank
FROM ranked r CROSS JOIN livelihood_settings s
WHERE r.i < s.top_n;

-- Where each region and town first appears in the tickets, the order the core's codes
-- follow (a value's code is its order of first appearance, the blank one first), which
-- breaks a tie for the most frequent (region, town). The core reads its files in the
-- order they were given; the SQL knows only their names, so across several files this
-- takes them in name order (one file, or files given in name order, agree exactly).
CREATE OR REPLACE TEMPORARY VIEW livelihood_first_seen AS
WITH firsts AS (
    SELECT v.facet,
           CASE v.facet WHEN 'region' THEN COALESCE(k.region, '') ELSE COALESCE(k.town, '') END AS value,
           COALESCE(k.source_file, '') AS source_file, MIN(k.source_row) AS source_row
    FROM tickets k CROSS JOIN (VALUES ('region'), ('town')) AS v(facet)
    GROUP BY v.facet, CASE v.facet WHEN 'region' THEN COALESCE(k.region, '') ELSE COALESCE(k.town, '') END,
             COALESCE(k.source_file, '')
),
earliest AS (
    SELECT facet, value, source_file, source_row,
           ROW_NUMBER() OVER (PARTITION BY facet, value ORDER BY source_file, source_row) AS k
    FROM firsts
)
SELECT facet, value,
       ROW_NUMBER() OVER (PARTITION BY facet
                          ORDER BY CASE WHEN value = '' THEN 0 ELSE 1 END, source_file, source_row) - 1 AS code
FROM earliest WHERE k = 1;

-- Everything the topic prints, from one count of the topic's tickets by bucket, region and
-- town: the topic's name and tickets, its share of the section's tickets of the topic's
-- first-level category, the sub-topics with tickets ranked (count, the settings' order,
-- name; "other" included), the top N regions (the blank one left out) as shares of the
-- topic, and the most frequent (region, town) with a town (ties to the earlier region,
-- then town, as livelihood_first_seen orders them) as a share of that region's topic
-- tickets. Each bucket appears with every (region, town) it holds (or once, empty); rows
-- are (path, kind, name, n, total) as in livelihood_items.
CREATE OR REPLACE TEMPORARY VIEW livelihood_topic_items AS
WITH counted AS (
    SELECT b.bucket_no, b.name, b.rank_of, b.topic_name, b.other_no, m.region, m.town, COALESCE(m.n, 0) AS n
    FROM consultation_topic_buckets b
    LEFT JOIN (
        SELECT x.bucket_no, COALESCE(x.region, '') AS region, COALESCE(x.town, '') AS town, COUNT(*) AS n
        FROM consultation_topic_match x CROSS JOIN livelihood_settings s
        WHERE x.section = 'livelihood' AND x.period = 'current' AND x.valid AND x.transferred
          AND COALESCE(x.transfer_category, '') = s.transfer_category
          AND COALESCE(x.category1, '') = s.topic_category
        GROUP BY x.bucket_no, COALESCE(x.region, ''), COALESCE(x.town, '')
    ) m ON m.bucket_no = b.bucket_no
    WHERE b.section = 'livelihood'
),
summed AS (
    SELECT c.*,
           SUM(n) OVER () AS total,
           SUM(n) OVER (PARTITION BY bucket_no) AS bucket_n,
           ROW_NUMBER() OVER (PARTITION BY bucket_no ORDER BY region, town) AS in_bucket,
           SUM(n) OVER (PARTITION BY region) AS region_n,
           ROW_NUMBER() OVER (PARTITION BY region ORDER BY bucket_no, town) AS in_region,
           SUM(n) OVER (PARTITION BY region, town) AS pair_n,
           ROW_NUMBER() OVER (PARTITION BY region, town ORDER BY bucket_no) AS in_pair
    FROM counted c
),
ranked AS (
    SELECT s.*,
           CASE WHEN in_bucket = 1 AND bucket_n > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN in_bucket = 1 AND bucket_n > 0 THEN 1 ELSE 0 END
                                        ORDER BY bucket_n DESC, rank_of, name, bucket_no) - 1 END AS i,
           CASE WHEN in_region = 1 AND region <> '' AND region_n > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN in_region = 1 AND region <> '' AND region_n > 0 THEN 1 ELSE 0 END
                                        ORDER BY region_n DESC, region) - 1 END AS ri,
           CASE WHEN in_pair = 1 AND town <> '' AND pair_n > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN in_pair = 1 AND town <> '' AND pair_n > 0 THEN 1 ELSE 0 END
                                        ORDER BY pair_n DESC, rc.code, tc.code) END AS ti
    FROM summed s
    LEFT JOIN livelihood_first_seen rc ON rc.facet = 'region' AND rc.value = s.region
    LEFT JOIN livelihood_first_seen tc ON tc.facet = 'town' AND tc.value = s.town
)
SELECT CASE v.what WHEN 'topic' THEN 'livelihood.topic'
                   WHEN 'ratio' THEN 'livelihood.topic.share'
                   WHEN 'subtopics' THEN 'livelihood.topic.subtopics[' || CAST(r.i AS STRING) || ']'
                   WHEN 'regions' THEN 'livelihood.topic_regions[' || CAST(r.ri AS STRING) || ']'
                   ELSE 'livelihood.topic_top_town.' || v.what END AS path,
       CASE WHEN v.what IN ('topic', 'ratio') THEN v.what
            WHEN v.what IN ('region', 'town') THEN 'text'
            WHEN v.what = 'share' THEN 'ratio'
            ELSE 'share' END AS kind,
       CASE v.what WHEN 'topic' THEN r.topic_name WHEN 'subtopics' THEN r.name
                   WHEN 'regions' THEN r.region WHEN 'region' THEN r.region WHEN 'town' THEN r.town END AS name,
       CASE v.what WHEN 'topic' THEN r.total WHEN 'ratio' THEN r.total WHEN 'subtopics' THEN r.bucket_n
                   WHEN 'regions' THEN r.region_n WHEN 'share' THEN r.pair_n END AS n,
       CASE v.what WHEN 'ratio' THEN c.in_category WHEN 'subtopics' THEN r.total WHEN 'regions' THEN r.total
                   WHEN 'share' THEN r.region_n END AS total
FROM ranked r
CROSS JOIN (VALUES ('topic'), ('ratio'), ('subtopics'), ('regions'), ('region'), ('town'), ('share')) AS v(what)
CROSS JOIN livelihood_total c
CROSS JOIN livelihood_settings s
WHERE (v.what IN ('topic', 'ratio') AND r.bucket_no = r.other_no AND r.in_bucket = 1)
   OR (v.what = 'subtopics' AND r.i IS NOT NULL)
   OR (v.what = 'regions' AND r.ri IS NOT NULL AND r.ri < s.region_top_n)
   OR (v.what IN ('region', 'town', 'share') AND r.ti = 1);

-- Every share, ratio and count the section prints: (path, kind, name, n, total); kind
-- 'share' prints name/count/of/bp, 'ratio' num/den/bp, 'topic' name/total, 'count' count,
-- 'text' the name at the path itself.
CREATE OR REPLACE TEMPORARY VIEW livelihood_items AS
SELECT 'livelihood.total' AS path, 'count' AS kind, CAST(NULL AS STRING) AS name, total AS n, CAST(NULL AS BIGINT) AS total
FROM livelihood_total
UNION ALL
SELECT 'livelihood.share_of_transferred', 'ratio', NULL, total, transferred FROM livelihood_total
UNION ALL
SELECT 'livelihood.top[' || CAST(x.i AS STRING) || ']', 'share', x.name, x.c, c.total
FROM livelihood_top x CROSS JOIN livelihood_total c
UNION ALL
SELECT path, kind, name, n, total FROM livelihood_topic_items;

SELECT 'livelihood.' || v.list || '[]' AS path, CAST(NULL AS BIGINT) AS num, CAST(NULL AS STRING) AS txt,
       CAST(NULL AS BOOLEAN) AS flag
FROM (VALUES ('top'), ('topic.subtopics'), ('topic_regions')) AS v(list)
UNION ALL
SELECT CASE WHEN f.k = '' THEN i.path ELSE i.path || '.' || f.k END,
       CASE WHEN f.k IN ('count', 'num', 'total') THEN i.n
            WHEN f.k IN ('of', 'den') THEN i.total
            WHEN f.k = 'bp' AND i.total > 0
                 THEN CAST(FLOOR((i.n * 20000 + i.total) / CAST(2 * i.total AS DOUBLE)) AS BIGINT) END,
       CASE WHEN f.k IN ('name', '') THEN i.name END,
       NULL
FROM livelihood_items i
JOIN (VALUES ('share', 'name'), ('share', 'count'), ('share', 'of'), ('share', 'bp'),
             ('ratio', 'num'), ('ratio', 'den'), ('ratio', 'bp'),
             ('topic', 'name'), ('topic', 'total'), ('count', 'count'), ('text', '')) AS f(kind, k)
  ON f.kind = i.kind
UNION ALL
SELECT 'livelihood.moves.' || v.list || '[]', NULL, NULL, NULL
FROM livelihood_moves_shown m CROSS JOIN (VALUES ('changes'), ('ranks')) AS v(list)
WHERE m.shown
UNION ALL
SELECT CASE WHEN f.k IN ('current', 'previous', 'bp') THEN 'livelihood.moves.changes[' ELSE 'livelihood.moves.ranks[' END
       || CAST(r.i AS STRING) || '].' || f.k,
       CASE f.k WHEN 'current' THEN r.c
                WHEN 'previous' THEN r.p
                WHEN 'bp' THEN CASE WHEN r.p > 0
                    THEN CAST(SIGN(r.c - r.p) * FLOOR((ABS(r.c - r.p) * 20000 + r.p) / CAST(2 * r.p AS DOUBLE)) AS BIGINT) END
                WHEN 'rank' THEN r.i + 1
                WHEN 'previous_rank' THEN r.previous_rank END,
       CASE WHEN f.k = 'name' THEN r.name END,
       NULL
FROM livelihood_top r
CROSS JOIN livelihood_moves_shown m
CROSS JOIN (VALUES ('current'), ('previous'), ('bp'), ('name'), ('rank'), ('previous_rank')) AS f(k)
WHERE m.shown;
