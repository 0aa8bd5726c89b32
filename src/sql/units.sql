-- The attachments' figures (src/stats/units.rs, figures key `units`): handling by county and
-- by city department with their totals, the ten units with most transferred tickets, and
-- the classification table (first-level category × ticket type) of valid tickets.
--
-- The unit kinds '县区' and '市直', the total's name '合计', the label '未分类' and the ten
-- units listed are the core's own constants (units.rs), not settings.

-- Whether the export held the unit kind (View::has(Field::UnitKind)); `present` has no
-- such column.
CREATE OR REPLACE TEMPORARY VIEW units_present AS
SELECT COUNT(unit_kind) > 0 AS has_unit_kind FROM tickets;

-- This month's valid transferred tickets, each with what a handling line counts: closed by
-- its deadline (tc.on_time) and overdue (View::is_overdue: a deadline, not closed on time,
-- and closed or its deadline before the month's end, i.e. on or before its last day), and
-- whether it is a county's (every ticket when the export has no unit kind) or a city
-- department's (only with a unit kind).
CREATE OR REPLACE TEMPORARY VIEW units_base AS
SELECT tc.region, tc.unit, tc.closed, tc.on_time, tc.replied, tc.evaluation,
       (tc.deadline IS NOT NULL AND NOT tc.on_time
        AND (tc.closed OR CAST(tc.deadline AS DATE) <= CAST(r.end_date AS DATE))) AS overdue,
       (NOT u.has_unit_kind OR COALESCE(tc.unit_kind = '县区', FALSE)) AS county,
       (u.has_unit_kind AND COALESCE(tc.unit_kind = '市直', FALSE)) AS department
FROM tc
CROSS JOIN report r
CROSS JOIN units_present u
WHERE tc.period = 'current' AND tc.valid AND tc.transferred;

-- Each ticket under every line it counts in: (list, name). Groups skip an empty value
-- (by_group); the totals take every ticket of their rows.
CREATE OR REPLACE TEMPORARY VIEW units_keyed AS
SELECT 'counties' AS list, region AS name, b.* FROM units_base b WHERE county AND COALESCE(region, '') <> ''
UNION ALL
SELECT 'counties_total', '合计', b.* FROM units_base b WHERE county
UNION ALL
SELECT 'departments', unit, b.* FROM units_base b WHERE department AND COALESCE(unit, '') <> ''
UNION ALL
SELECT 'departments_total', '合计', b.* FROM units_base b WHERE department
UNION ALL
SELECT 'top_units', unit, b.* FROM units_base b WHERE COALESCE(unit, '') <> '';

-- Every handling line's counts (function `handling`); the two totals exist even when
-- they hold no ticket.
CREATE OR REPLACE TEMPORARY VIEW units_lines AS
SELECT l.list, l.name,
       COUNT(k.list) AS n,
       COALESCE(SUM(CASE WHEN k.closed THEN 1 ELSE 0 END), 0) AS closed_n,
       COALESCE(SUM(CASE WHEN k.on_time THEN 1 ELSE 0 END), 0) AS on_time_n,
       COALESCE(SUM(CASE WHEN k.replied THEN 1 ELSE 0 END), 0) AS replied_n,
       COALESCE(SUM(CASE WHEN k.evaluation = 'satisfied' THEN 1 ELSE 0 END), 0) AS satisfied_n,
       COALESCE(SUM(CASE WHEN k.evaluation IN ('satisfied', 'unsatisfied') THEN 1 ELSE 0 END), 0) AS evaluated_n,
       COALESCE(SUM(CASE WHEN k.overdue THEN 1 ELSE 0 END), 0) AS overdue_n
FROM (
    SELECT DISTINCT list, name FROM units_keyed
    UNION
    SELECT 'counties_total', '合计'
    UNION
    SELECT 'departments_total', '合计'
) l
LEFT JOIN units_keyed k ON k.list = l.list AND k.name = l.name
GROUP BY l.list, l.name;

-- A county's first place in the settings' regions (an unlisted one after every listed one).
CREATE OR REPLACE TEMPORARY VIEW units_region_order AS
SELECT name, MIN(position) AS position FROM settings_regions GROUP BY name;

-- Each line's place and path: counties in the regions' order, then by count, then name
-- (by_group's order kept by a stable sort); departments and units by count, then name;
-- the ten units with most tickets.
CREATE OR REPLACE TEMPORARY VIEW units_ranked AS
SELECT x.*,
       CASE WHEN x.list IN ('counties_total', 'departments_total') THEN 'units.' || x.list
            WHEN x.list = 'top_units' THEN 'units.top_units[' || CAST(x.i AS STRING) || '].handling'
            ELSE 'units.' || x.list || '[' || CAST(x.i AS STRING) || ']' END AS prefix
FROM (
    SELECT l.*,
           ROW_NUMBER() OVER (
               PARTITION BY l.list
               ORDER BY CASE WHEN l.list = 'counties' THEN COALESCE(o.position, n.listed) ELSE 0 END,
                        l.n DESC, l.name
           ) - 1 AS i
    FROM units_lines l
    LEFT JOIN units_region_order o ON o.name = l.name
    CROSS JOIN (SELECT COUNT(*) AS listed FROM settings_regions) n
) x
WHERE x.list <> 'top_units' OR x.i < 10;

-- Each handling line's ratios: (path, numerator, denominator, shown), as `handling` leaves
-- a figure out when the export lacks its columns.
CREATE OR REPLACE TEMPORARY VIEW units_ratios AS
SELECT prefix || '.closed' AS path, closed_n AS num, n AS den, (pr.has_status OR pr.has_closed_time) AS shown
FROM units_ranked CROSS JOIN present pr
UNION ALL
SELECT prefix || '.on_time', on_time_n, n, pr.has_deadline FROM units_ranked CROSS JOIN present pr
UNION ALL
SELECT prefix || '.reply', replied_n, n, pr.has_replied FROM units_ranked CROSS JOIN present pr
UNION ALL
SELECT prefix || '.satisfaction', satisfied_n, evaluated_n, pr.has_satisfaction FROM units_ranked CROSS JOIN present pr;

-- This month's valid tickets with a non-empty type, by first-level category ('' for
-- none) and type.
CREATE OR REPLACE TEMPORARY VIEW units_cells AS
SELECT COALESCE(category1, '') AS category, ticket_type AS type_name, COUNT(*) AS n
FROM t
WHERE period = 'current' AND valid AND COALESCE(ticket_type, '') <> ''
GROUP BY COALESCE(category1, ''), ticket_type;

-- The classification's columns: every type among them, in the settings' order (an
-- unlisted type after every listed one), then by name.
CREATE OR REPLACE TEMPORARY VIEW units_types AS
SELECT k.type_name, k.n,
       ROW_NUMBER() OVER (ORDER BY COALESCE(o.position, c.listed), k.type_name) - 1 AS j
FROM (SELECT type_name, SUM(n) AS n FROM units_cells GROUP BY type_name) k
LEFT JOIN (SELECT name, MIN(position) AS position FROM settings_ticket_types WHERE position >= 0 GROUP BY name) o
       ON o.name = k.type_name
CROSS JOIN (SELECT COUNT(*) AS listed FROM settings_ticket_types WHERE position >= 0) c;

-- The classification's rows: categories by total, largest first, then by their label.
CREATE OR REPLACE TEMPORARY VIEW units_categories AS
SELECT category, label, n,
       ROW_NUMBER() OVER (ORDER BY n DESC, label) - 1 AS i
FROM (
    SELECT category, CASE WHEN category = '' THEN '未分类' ELSE category END AS label, SUM(n) AS n
    FROM units_cells GROUP BY category
) g;

-- Every cell of the table, zeros included.
CREATE OR REPLACE TEMPORARY VIEW units_table AS
SELECT g.i, y.j, COALESCE(c.n, 0) AS n
FROM units_categories g
CROSS JOIN units_types y
LEFT JOIN units_cells c ON c.category = g.category AND c.type_name = y.type_name;

SELECT 'units.counties[]' AS path, CAST(NULL AS BIGINT) AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
UNION ALL
SELECT 'units.departments[]', NULL, NULL, NULL
UNION ALL
SELECT 'units.top_units[]', NULL, NULL, NULL
UNION ALL
SELECT prefix || '.name', NULL, name, NULL FROM units_ranked
UNION ALL
SELECT prefix || '.transferred.count', n, NULL, NULL FROM units_ranked
UNION ALL
SELECT path || '.num', num, NULL, NULL FROM units_ratios WHERE shown
UNION ALL
SELECT path || '.den', den, NULL, NULL FROM units_ratios WHERE shown
UNION ALL
SELECT path || '.bp', CASE WHEN den > 0 THEN CAST(FLOOR((num * 20000 + den) / CAST(2 * den AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM units_ratios WHERE shown
UNION ALL
SELECT prefix || '.overdue.count', overdue_n, NULL, NULL
FROM units_ranked CROSS JOIN present pr WHERE pr.has_deadline
UNION ALL
-- A top unit's share of every valid transferred ticket.
SELECT 'units.top_units[' || CAST(i AS STRING) || '].share.name', NULL, name, NULL
FROM units_ranked WHERE list = 'top_units'
UNION ALL
SELECT 'units.top_units[' || CAST(i AS STRING) || '].share.count', n, NULL, NULL
FROM units_ranked WHERE list = 'top_units'
UNION ALL
SELECT 'units.top_units[' || CAST(i AS STRING) || '].share.of', a.total, NULL, NULL
FROM units_ranked CROSS JOIN (SELECT COUNT(*) AS total FROM units_base) a WHERE list = 'top_units'
UNION ALL
SELECT 'units.top_units[' || CAST(i AS STRING) || '].share.bp',
       CASE WHEN a.total > 0 THEN CAST(FLOOR((n * 20000 + a.total) / CAST(2 * a.total AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM units_ranked CROSS JOIN (SELECT COUNT(*) AS total FROM units_base) a WHERE list = 'top_units'
UNION ALL
SELECT 'units.classification.types[]', NULL, NULL, NULL
UNION ALL
SELECT 'units.classification.rows[]', NULL, NULL, NULL
UNION ALL
SELECT 'units.classification.type_totals[]', NULL, NULL, NULL
UNION ALL
SELECT 'units.classification.types[' || CAST(j AS STRING) || ']', NULL, type_name, NULL FROM units_types
UNION ALL
SELECT 'units.classification.type_totals[' || CAST(j AS STRING) || '].count', n, NULL, NULL FROM units_types
UNION ALL
SELECT 'units.classification.rows[' || CAST(i AS STRING) || '].category', NULL, label, NULL FROM units_categories
UNION ALL
SELECT 'units.classification.rows[' || CAST(i AS STRING) || '].total.count', n, NULL, NULL FROM units_categories
UNION ALL
SELECT 'units.classification.rows[' || CAST(i AS STRING) || '].counts[]', NULL, NULL, NULL FROM units_categories
UNION ALL
SELECT 'units.classification.rows[' || CAST(i AS STRING) || '].counts[' || CAST(j AS STRING) || '].count', n, NULL, NULL
FROM units_table
UNION ALL
SELECT 'units.classification.total.count', COUNT(*), NULL, NULL FROM t WHERE period = 'current' AND valid;
