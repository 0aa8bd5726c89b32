-- 二、工单量总体情况 (src/sections/tickets.rs): valid tickets against last month and a year
-- earlier, valid tickets by type (shares of all valid, each with its change against last
-- month), and the valid tickets transferred as a share of all valid ones.

-- Valid tickets per period: all, and those transferred.
CREATE OR REPLACE TEMPORARY VIEW tickets_valid AS
SELECT COALESCE(SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END), 0) AS c,
       COALESCE(SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END), 0) AS p,
       COALESCE(SUM(CASE WHEN period = 'year_ago' THEN 1 ELSE 0 END), 0) AS y,
       COALESCE(SUM(CASE WHEN period = 'current' AND transferred THEN 1 ELSE 0 END), 0) AS c_transferred
FROM t WHERE valid;

-- Where a type stands in the settings' order (its first place; a type not in the order
-- after every listed one), for ties in the ranking.
CREATE OR REPLACE TEMPORARY VIEW tickets_type_order AS
SELECT name, MIN(position) AS position FROM settings_ticket_types WHERE position >= 0 GROUP BY name;

-- Each non-empty type among this month's valid tickets, with its count last month, ranked
-- by count, then the settings' order, then name (View::shares and ratio::rank).
CREATE OR REPLACE TEMPORARY VIEW tickets_by_type AS
SELECT k.name, k.c, k.p,
       ROW_NUMBER() OVER (ORDER BY k.c DESC, COALESCE(o.position, n.listed), k.name) - 1 AS i
FROM (
    SELECT ticket_type AS name,
           SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END) AS c,
           SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END) AS p
    FROM t
    WHERE valid AND period IN ('current', 'previous') AND COALESCE(ticket_type, '') <> ''
    GROUP BY ticket_type
) k
LEFT JOIN tickets_type_order o ON o.name = k.name
CROSS JOIN (SELECT COUNT(*) AS listed FROM settings_ticket_types WHERE position >= 0) n
WHERE k.c > 0;

SELECT 'tickets.valid.current' AS path, c AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM tickets_valid
UNION ALL
SELECT 'tickets.valid.previous', p, NULL, NULL FROM tickets_valid CROSS JOIN report r WHERE r.has_previous
UNION ALL
SELECT 'tickets.valid.bp',
       CASE WHEN p > 0 THEN CAST(SIGN(c - p) * FLOOR((ABS(c - p) * 20000 + p) / CAST(2 * p AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM tickets_valid CROSS JOIN report r WHERE r.has_previous
UNION ALL
SELECT 'tickets.valid.year_ago', y, NULL, NULL FROM tickets_valid CROSS JOIN report r WHERE r.has_year_ago
UNION ALL
SELECT 'tickets.valid.year_ago_bp',
       CASE WHEN y > 0 THEN CAST(SIGN(c - y) * FLOOR((ABS(c - y) * 20000 + y) / CAST(2 * y AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM tickets_valid CROSS JOIN report r WHERE r.has_year_ago
UNION ALL
SELECT 'tickets.by_type[]', NULL, NULL, NULL
UNION ALL
SELECT 'tickets.by_type[' || CAST(i AS STRING) || '].share.name', NULL, name, NULL FROM tickets_by_type
UNION ALL
SELECT 'tickets.by_type[' || CAST(i AS STRING) || '].share.count', c, NULL, NULL FROM tickets_by_type
UNION ALL
SELECT 'tickets.by_type[' || CAST(i AS STRING) || '].share.of', v.c, NULL, NULL
FROM tickets_by_type b CROSS JOIN tickets_valid v
UNION ALL
SELECT 'tickets.by_type[' || CAST(i AS STRING) || '].share.bp',
       CASE WHEN v.c > 0 THEN CAST(FLOOR((b.c * 20000 + v.c) / CAST(2 * v.c AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM tickets_by_type b CROSS JOIN tickets_valid v
UNION ALL
SELECT 'tickets.by_type[' || CAST(i AS STRING) || '].change.current', c, NULL, NULL FROM tickets_by_type
UNION ALL
SELECT 'tickets.by_type[' || CAST(i AS STRING) || '].change.previous', p, NULL, NULL
FROM tickets_by_type CROSS JOIN report r WHERE r.has_previous
UNION ALL
SELECT 'tickets.by_type[' || CAST(i AS STRING) || '].change.bp',
       CASE WHEN p > 0 THEN CAST(SIGN(c - p) * FLOOR((ABS(c - p) * 20000 + p) / CAST(2 * p AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM tickets_by_type CROSS JOIN report r WHERE r.has_previous
UNION ALL
-- The share's name is the core's own word for transferred tickets, not a setting.
SELECT 'tickets.transferred.name', NULL, '转办', NULL
UNION ALL
SELECT 'tickets.transferred.count', c_transferred, NULL, NULL FROM tickets_valid
UNION ALL
SELECT 'tickets.transferred.of', c, NULL, NULL FROM tickets_valid
UNION ALL
SELECT 'tickets.transferred.bp',
       CASE WHEN c > 0 THEN CAST(FLOOR((c_transferred * 20000 + c) / CAST(2 * c AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM tickets_valid;
