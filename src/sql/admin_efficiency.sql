-- 三 行政效能投诉类 (src/sections/admin_efficiency.rs): the month's valid transferred
-- tickets of one transfer category, its share of every valid transferred ticket, its top
-- regions and top first-level problems, and one second-level item (上班时间不在岗) as a
-- share of its first-level problem (对工作作风不满意), when the item has tickets.

-- The section's settings (settings_scalars `admin_efficiency.*`), one row.
CREATE OR REPLACE TEMPORARY VIEW admin_efficiency_settings AS
SELECT MAX(CASE WHEN key = 'admin_efficiency.transfer_category' THEN value END) AS transfer_category,
       CAST(MAX(CASE WHEN key = 'admin_efficiency.region_top_n' THEN value END) AS BIGINT) AS region_top_n,
       CAST(MAX(CASE WHEN key = 'admin_efficiency.top_n' THEN value END) AS BIGINT) AS top_n,
       MAX(CASE WHEN key = 'admin_efficiency.detail_category' THEN value END) AS detail_category,
       MAX(CASE WHEN key = 'admin_efficiency.detail_item' THEN value END) AS detail_item
FROM settings_scalars;

-- The valid transferred tickets of the month (parts.rs transferred_in), with whether each
-- is of the section's transfer category. `narrow` matches the interned value, where a
-- field the export lacked reads as '' (hence COALESCE).
CREATE OR REPLACE TEMPORARY VIEW admin_efficiency_transferred AS
SELECT t.region, t.category1, t.category2,
       COALESCE(t.transfer_category, '') = s.transfer_category AS in_category
FROM t CROSS JOIN admin_efficiency_settings s
WHERE t.period = 'current' AND t.valid AND t.transferred;

-- The counts (0 in a month without tickets): the category's tickets, every valid
-- transferred ticket, the detail's problem and the detail item within that problem.
CREATE OR REPLACE TEMPORARY VIEW admin_efficiency_counts AS
SELECT COALESCE(SUM(CASE WHEN x.in_category THEN 1 ELSE 0 END), 0) AS total,
       COUNT(*) AS transferred,
       COALESCE(SUM(CASE WHEN x.in_category AND COALESCE(x.category1, '') = s.detail_category THEN 1 ELSE 0 END), 0) AS problem,
       COALESCE(SUM(CASE WHEN x.in_category AND COALESCE(x.category1, '') = s.detail_category
                 AND COALESCE(x.category2, '') = s.detail_item THEN 1 ELSE 0 END), 0) AS detail
FROM admin_efficiency_transferred x CROSS JOIN admin_efficiency_settings s;

-- Shares of every non-empty region and first-level problem within the category
-- (View::shares): (list, name, count, how many the list keeps).
CREATE OR REPLACE TEMPORARY VIEW admin_efficiency_shares AS
SELECT 'admin_efficiency.regions' AS list, x.region AS name, COUNT(*) AS n, MAX(s.region_top_n) AS keep
FROM admin_efficiency_transferred x CROSS JOIN admin_efficiency_settings s
WHERE x.in_category AND x.region <> ''
GROUP BY x.region
UNION ALL
SELECT 'admin_efficiency.problems', x.category1, COUNT(*), MAX(s.top_n)
FROM admin_efficiency_transferred x CROSS JOIN admin_efficiency_settings s
WHERE x.in_category AND x.category1 <> ''
GROUP BY x.category1;

-- Largest first, ties by name (ratio.rs rank), cut to the list's top n (stats top); each
-- is a share of the category's tickets.
CREATE OR REPLACE TEMPORARY VIEW admin_efficiency_top AS
SELECT r.list, r.name, r.n, c.total, r.i
FROM (
    SELECT list, name, n, keep,
           ROW_NUMBER() OVER (PARTITION BY list ORDER BY n DESC, name) - 1 AS i
    FROM admin_efficiency_shares
) r
CROSS JOIN admin_efficiency_counts c
WHERE r.i < r.keep;

SELECT 'admin_efficiency.total.count' AS path, total AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM admin_efficiency_counts
UNION ALL
SELECT 'admin_efficiency.share_of_transferred.num', total, NULL, NULL FROM admin_efficiency_counts
UNION ALL
SELECT 'admin_efficiency.share_of_transferred.den', transferred, NULL, NULL FROM admin_efficiency_counts
UNION ALL
SELECT 'admin_efficiency.share_of_transferred.bp',
       CASE WHEN transferred > 0 THEN CAST(FLOOR((total * 20000 + transferred) / CAST(2 * transferred AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM admin_efficiency_counts
UNION ALL
SELECT 'admin_efficiency.regions[]', NULL, NULL, NULL
UNION ALL
SELECT 'admin_efficiency.problems[]', NULL, NULL, NULL
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].name', NULL, name, NULL FROM admin_efficiency_top
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].count', n, NULL, NULL FROM admin_efficiency_top
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].of', total, NULL, NULL FROM admin_efficiency_top
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].bp',
       CASE WHEN total > 0 THEN CAST(FLOOR((n * 20000 + total) / CAST(2 * total AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM admin_efficiency_top
UNION ALL
SELECT 'admin_efficiency.detail.name', NULL, s.detail_item, NULL
FROM admin_efficiency_counts c CROSS JOIN admin_efficiency_settings s WHERE c.detail > 0
UNION ALL
SELECT 'admin_efficiency.detail.count', detail, NULL, NULL FROM admin_efficiency_counts WHERE detail > 0
UNION ALL
SELECT 'admin_efficiency.detail.of', problem, NULL, NULL FROM admin_efficiency_counts WHERE detail > 0
UNION ALL
SELECT 'admin_efficiency.detail.bp',
       CASE WHEN problem > 0 THEN CAST(FLOOR((detail * 20000 + problem) / CAST(2 * problem AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM admin_efficiency_counts WHERE detail > 0;
