-- 三 消费维权投诉类 (src/sections/consumer.rs): the month's valid transferred tickets of
-- one transfer category, its share of every valid transferred ticket, its goods and
-- services halves (category1) with each half's top second-level categories, and the
-- third-level breakdown of one second-level category (售后服务), when it has tickets.

-- The section's settings (settings_scalars `consumer.*`), one row.
CREATE OR REPLACE TEMPORARY VIEW consumer_settings AS
SELECT MAX(CASE WHEN key = 'consumer.transfer_category' THEN value END) AS transfer_category,
       MAX(CASE WHEN key = 'consumer.goods' THEN value END) AS goods,
       MAX(CASE WHEN key = 'consumer.services' THEN value END) AS services,
       CAST(MAX(CASE WHEN key = 'consumer.top_n' THEN value END) AS BIGINT) AS top_n,
       MAX(CASE WHEN key = 'consumer.detail_category' THEN value END) AS detail_category,
       CAST(MAX(CASE WHEN key = 'consumer.detail_top_n' THEN value END) AS BIGINT) AS detail_top_n
FROM settings_scalars;

-- The valid transferred tickets of the month (parts.rs transferred_in), with whether each
-- is of the section's transfer category. `narrow` matches the interned value, where a
-- field the export lacked reads as '' (hence COALESCE).
CREATE OR REPLACE TEMPORARY VIEW consumer_transferred AS
SELECT t.category1, t.category2, t.category3,
       COALESCE(t.transfer_category, '') = s.transfer_category AS in_category
FROM t CROSS JOIN consumer_settings s
WHERE t.period = 'current' AND t.valid AND t.transferred;

-- The counts (0 in a month without tickets): the category's tickets, every valid
-- transferred ticket, the two halves and the detailed second-level category (all within
-- the category).
CREATE OR REPLACE TEMPORARY VIEW consumer_counts AS
SELECT COALESCE(SUM(CASE WHEN x.in_category THEN 1 ELSE 0 END), 0) AS total,
       COUNT(*) AS transferred,
       COALESCE(SUM(CASE WHEN x.in_category AND COALESCE(x.category1, '') = s.goods THEN 1 ELSE 0 END), 0) AS goods,
       COALESCE(SUM(CASE WHEN x.in_category AND COALESCE(x.category1, '') = s.services THEN 1 ELSE 0 END), 0) AS services,
       COALESCE(SUM(CASE WHEN x.in_category AND COALESCE(x.category2, '') = s.detail_category THEN 1 ELSE 0 END), 0) AS detail
FROM consumer_transferred x CROSS JOIN consumer_settings s;

-- Shares of every non-empty value (View::shares): goods' and services' second levels, and
-- the detailed category's third level; (list, name, count, of, how many the list keeps).
CREATE OR REPLACE TEMPORARY VIEW consumer_shares AS
SELECT 'consumer.goods_top' AS list, x.category2 AS name, COUNT(*) AS n, MAX(c.goods) AS total, MAX(s.top_n) AS keep
FROM consumer_transferred x CROSS JOIN consumer_settings s CROSS JOIN consumer_counts c
WHERE x.in_category AND COALESCE(x.category1, '') = s.goods AND x.category2 <> ''
GROUP BY x.category2
UNION ALL
SELECT 'consumer.services_top', x.category2, COUNT(*), MAX(c.services), MAX(s.top_n)
FROM consumer_transferred x CROSS JOIN consumer_settings s CROSS JOIN consumer_counts c
WHERE x.in_category AND COALESCE(x.category1, '') = s.services AND x.category2 <> ''
GROUP BY x.category2
UNION ALL
SELECT 'consumer.detail.items', x.category3, COUNT(*), MAX(c.detail), MAX(s.detail_top_n)
FROM consumer_transferred x CROSS JOIN consumer_settings s CROSS JOIN consumer_counts c
WHERE x.in_category AND COALESCE(x.category2, '') = s.detail_category AND x.category3 <> ''
GROUP BY x.category3;

-- Largest first, ties by name (ratio.rs rank), cut to the list's top n (stats top).
CREATE OR REPLACE TEMPORARY VIEW consumer_top AS
SELECT list, name, n, total, i
FROM (
    SELECT list, name, n, total, keep,
           ROW_NUMBER() OVER (PARTITION BY list ORDER BY n DESC, name) - 1 AS i
    FROM consumer_shares
) r
WHERE i < keep;

-- The two halves as shares of the category: (path, name, count, of).
CREATE OR REPLACE TEMPORARY VIEW consumer_single AS
SELECT 'consumer.goods' AS path, s.goods AS name, c.goods AS n, c.total AS total
FROM consumer_counts c CROSS JOIN consumer_settings s
UNION ALL
SELECT 'consumer.services', s.services, c.services, c.total
FROM consumer_counts c CROSS JOIN consumer_settings s;

SELECT 'consumer.total.count' AS path, total AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM consumer_counts
UNION ALL
SELECT 'consumer.share_of_transferred.num', total, NULL, NULL FROM consumer_counts
UNION ALL
SELECT 'consumer.share_of_transferred.den', transferred, NULL, NULL FROM consumer_counts
UNION ALL
SELECT 'consumer.share_of_transferred.bp',
       CASE WHEN transferred > 0 THEN CAST(FLOOR((total * 20000 + transferred) / CAST(2 * transferred AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM consumer_counts
UNION ALL
SELECT path || '.name', NULL, name, NULL FROM consumer_single
UNION ALL
SELECT path || '.count', n, NULL, NULL FROM consumer_single
UNION ALL
SELECT path || '.of', total, NULL, NULL FROM consumer_single
UNION ALL
SELECT path || '.bp', CASE WHEN total > 0 THEN CAST(FLOOR((n * 20000 + total) / CAST(2 * total AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM consumer_single
UNION ALL
SELECT 'consumer.goods_top[]', NULL, NULL, NULL
UNION ALL
SELECT 'consumer.services_top[]', NULL, NULL, NULL
UNION ALL
SELECT 'consumer.detail.name', NULL, s.detail_category, NULL
FROM consumer_counts c CROSS JOIN consumer_settings s WHERE c.detail > 0
UNION ALL
SELECT 'consumer.detail.total.count', detail, NULL, NULL FROM consumer_counts WHERE detail > 0
UNION ALL
SELECT 'consumer.detail.items[]', NULL, NULL, NULL FROM consumer_counts WHERE detail > 0
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].name', NULL, name, NULL FROM consumer_top
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].count', n, NULL, NULL FROM consumer_top
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].of', total, NULL, NULL FROM consumer_top
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].bp',
       CASE WHEN total > 0 THEN CAST(FLOOR((n * 20000 + total) / CAST(2 * total AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM consumer_top;
