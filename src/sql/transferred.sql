-- 二、转办工单 (src/sections/transferred.rs): this month's valid transferred tickets, their
-- closing, reply and satisfaction rates, and the settings' transfer categories ranked by
-- count as shares of all of them.

-- This month's valid transferred tickets, counted with each rate's numerator and
-- denominator (View::closed, View::part over replied, View::satisfaction).
CREATE OR REPLACE TEMPORARY VIEW transferred_totals AS
SELECT COUNT(*) AS total,
       COALESCE(SUM(CASE WHEN closed THEN 1 ELSE 0 END), 0) AS closed_n,
       COALESCE(SUM(CASE WHEN replied THEN 1 ELSE 0 END), 0) AS replied_n,
       COALESCE(SUM(CASE WHEN evaluation = 'satisfied' THEN 1 ELSE 0 END), 0) AS satisfied_n,
       COALESCE(SUM(CASE WHEN evaluation IN ('satisfied', 'unsatisfied') THEN 1 ELSE 0 END), 0) AS evaluated_n
FROM t WHERE period = 'current' AND valid AND transferred;

-- Rates: (path, numerator, denominator, shown). Closing is unknown without a status and a
-- closing time; reply and satisfaction without their columns.
CREATE OR REPLACE TEMPORARY VIEW transferred_ratios AS
SELECT 'transferred.closed' AS path, closed_n AS n, total AS d, (pr.has_status OR pr.has_closed_time) AS shown
FROM transferred_totals CROSS JOIN present pr
UNION ALL
SELECT 'transferred.reply', replied_n, total, pr.has_replied FROM transferred_totals CROSS JOIN present pr
UNION ALL
SELECT 'transferred.satisfaction', satisfied_n, evaluated_n, pr.has_satisfaction
FROM transferred_totals CROSS JOIN present pr;

-- Each transfer category the settings name, with its count among this month's valid
-- transferred tickets; those with none are left out. Ranked by count, then the settings'
-- order (a name's first place), then name. A name listed twice is listed twice, as the
-- core does.
CREATE OR REPLACE TEMPORARY VIEW transferred_by_category AS
SELECT s.name, COALESCE(k.n, 0) AS n,
       ROW_NUMBER() OVER (ORDER BY COALESCE(k.n, 0) DESC, f.position, s.name) - 1 AS i
FROM settings_transfer_categories s
JOIN (SELECT name, MIN(position) AS position FROM settings_transfer_categories GROUP BY name) f ON f.name = s.name
LEFT JOIN (
    SELECT transfer_category, COUNT(*) AS n
    FROM t WHERE period = 'current' AND valid AND transferred
    GROUP BY transfer_category
) k ON k.transfer_category = s.name
WHERE COALESCE(k.n, 0) > 0;

SELECT 'transferred.total.count' AS path, total AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM transferred_totals
UNION ALL
SELECT path || '.num', n, NULL, NULL FROM transferred_ratios WHERE shown
UNION ALL
SELECT path || '.den', d, NULL, NULL FROM transferred_ratios WHERE shown
UNION ALL
SELECT path || '.bp', CASE WHEN d > 0 THEN CAST(FLOOR((n * 20000 + d) / CAST(2 * d AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM transferred_ratios WHERE shown
UNION ALL
SELECT 'transferred.by_category[]', NULL, NULL, NULL
UNION ALL
SELECT 'transferred.by_category[' || CAST(i AS STRING) || '].name', NULL, name, NULL FROM transferred_by_category
UNION ALL
SELECT 'transferred.by_category[' || CAST(i AS STRING) || '].count', n, NULL, NULL FROM transferred_by_category
UNION ALL
SELECT 'transferred.by_category[' || CAST(i AS STRING) || '].of', a.total, NULL, NULL
FROM transferred_by_category CROSS JOIN transferred_totals a
UNION ALL
SELECT 'transferred.by_category[' || CAST(i AS STRING) || '].bp',
       CASE WHEN a.total > 0 THEN CAST(FLOOR((n * 20000 + a.total) / CAST(2 * a.total AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM transferred_by_category CROSS JOIN transferred_totals a;
