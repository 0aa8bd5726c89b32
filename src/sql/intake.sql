-- 一（一）诉求总体情况 (src/sections/intake.rs): every record by channel group against last
-- month and a year earlier, channels and satisfaction values no setting names, the phone
-- daily average, and the three service rates.

-- Each channel group's records; a spelling listed twice is one channel, counted once.
CREATE OR REPLACE TEMPORARY VIEW intake_groups AS
SELECT g.group_no, g.label, g.is_phone,
       SUM(CASE WHEN t.period = 'current' THEN 1 ELSE 0 END) AS c,
       SUM(CASE WHEN t.period = 'previous' THEN 1 ELSE 0 END) AS p,
       SUM(CASE WHEN t.period = 'year_ago' THEN 1 ELSE 0 END) AS y
FROM (SELECT DISTINCT group_no, label, is_phone FROM settings_channel_groups) g
LEFT JOIN (SELECT DISTINCT group_no, channel FROM settings_channel_groups) gc ON gc.group_no = g.group_no
LEFT JOIN t ON t.channel = gc.channel
GROUP BY g.group_no, g.label, g.is_phone;

-- Every change the section prints: (path, this month, last month, a year earlier).
CREATE OR REPLACE TEMPORARY VIEW intake_changes AS
SELECT 'intake.total' AS path,
       SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END) AS c,
       SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END) AS p,
       SUM(CASE WHEN period = 'year_ago' THEN 1 ELSE 0 END) AS y
FROM t
UNION ALL
SELECT 'intake.groups[' || CAST(group_no AS STRING) || '].count', c, p, y FROM intake_groups;

-- Ratios: (path, numerator, denominator, shown); a month without tickets gives 0 of 0.
CREATE OR REPLACE TEMPORARY VIEW intake_ratios AS
SELECT 'intake.instant_answer' AS path,
       COALESCE(SUM(CASE WHEN consultation AND NOT transferred THEN 1 ELSE 0 END), 0) AS n,
       COALESCE(SUM(CASE WHEN consultation THEN 1 ELSE 0 END), 0) AS d,
       TRUE AS shown
FROM t WHERE period = 'current'
UNION ALL
SELECT 'intake.on_time', a.n, a.d, pr.has_deadline
FROM (
    SELECT COALESCE(SUM(CASE WHEN valid AND transferred AND on_time THEN 1 ELSE 0 END), 0) AS n,
           COALESCE(SUM(CASE WHEN valid AND transferred THEN 1 ELSE 0 END), 0) AS d
    FROM tc WHERE period = 'current'
) a
CROSS JOIN present pr
UNION ALL
SELECT 'intake.satisfaction', a.n, a.d, pr.has_satisfaction
FROM (
    SELECT COALESCE(SUM(CASE WHEN valid AND evaluation = 'satisfied' THEN 1 ELSE 0 END), 0) AS n,
           COALESCE(SUM(CASE WHEN valid AND evaluation IN ('satisfied', 'unsatisfied') THEN 1 ELSE 0 END), 0) AS d
    FROM t WHERE period = 'current'
) a
CROSS JOIN present pr;

-- Values no setting names, as shares of every record: channels in no group and
-- satisfaction values in no list, largest first.
CREATE OR REPLACE TEMPORARY VIEW intake_unnamed AS
SELECT 'intake.unassigned_channels' AS list, COALESCE(t.channel, '') AS name, COUNT(*) AS n
FROM t LEFT JOIN (SELECT DISTINCT channel FROM settings_channel_groups) g ON t.channel = g.channel
WHERE t.period = 'current' AND g.channel IS NULL
GROUP BY COALESCE(t.channel, '')
UNION ALL
SELECT 'intake.unknown_satisfaction', satisfaction, COUNT(*)
FROM t WHERE period = 'current' AND evaluation = 'unknown'
GROUP BY satisfaction;

CREATE OR REPLACE TEMPORARY VIEW intake_unnamed_ranked AS
SELECT u.list, u.name, u.n, a.total,
       ROW_NUMBER() OVER (PARTITION BY u.list ORDER BY u.n DESC, u.name) - 1 AS i
FROM intake_unnamed u
CROSS JOIN (SELECT COUNT(*) AS total FROM t WHERE period = 'current') a;

SELECT path || '.current' AS path, c AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM intake_changes
UNION ALL
SELECT path || '.previous', p, NULL, NULL FROM intake_changes CROSS JOIN report r WHERE r.has_previous
UNION ALL
SELECT path || '.bp',
       CASE WHEN p > 0 THEN CAST(SIGN(c - p) * FLOOR((ABS(c - p) * 20000 + p) / CAST(2 * p AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM intake_changes CROSS JOIN report r WHERE r.has_previous
UNION ALL
SELECT path || '.year_ago', y, NULL, NULL FROM intake_changes CROSS JOIN report r WHERE r.has_year_ago
UNION ALL
SELECT path || '.year_ago_bp',
       CASE WHEN y > 0 THEN CAST(SIGN(c - y) * FLOOR((ABS(c - y) * 20000 + y) / CAST(2 * y AS DOUBLE)) AS BIGINT) END,
       NULL, NULL
FROM intake_changes CROSS JOIN report r WHERE r.has_year_ago
UNION ALL
SELECT 'intake.groups[' || CAST(group_no AS STRING) || '].label', NULL, label, NULL FROM intake_groups
UNION ALL
SELECT 'intake.groups[' || CAST(group_no AS STRING) || '].is_phone', NULL, NULL, is_phone FROM intake_groups
UNION ALL
SELECT path || '.num', n, NULL, NULL FROM intake_ratios WHERE shown
UNION ALL
SELECT path || '.den', d, NULL, NULL FROM intake_ratios WHERE shown
UNION ALL
SELECT path || '.bp', CASE WHEN d > 0 THEN CAST(FLOOR((n * 20000 + d) / CAST(2 * d AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM intake_ratios WHERE shown
UNION ALL
SELECT 'intake.unassigned_channels[]', NULL, NULL, NULL
UNION ALL
SELECT 'intake.unknown_satisfaction[]', NULL, NULL, NULL
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].name', NULL, name, NULL FROM intake_unnamed_ranked
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].count', n, NULL, NULL FROM intake_unnamed_ranked
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].of', total, NULL, NULL FROM intake_unnamed_ranked
UNION ALL
SELECT list || '[' || CAST(i AS STRING) || '].bp',
       CASE WHEN total > 0 THEN CAST(FLOOR((n * 20000 + total) / CAST(2 * total AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM intake_unnamed_ranked
UNION ALL
SELECT 'intake.days', days, NULL, NULL FROM report
UNION ALL
SELECT 'intake.phone_daily_average', CAST(FLOOR((2 * g.c + r.days) / CAST(2 * r.days AS DOUBLE)) AS BIGINT), NULL, NULL
FROM intake_groups g CROSS JOIN report r
WHERE g.group_no = (SELECT MIN(group_no) FROM intake_groups WHERE is_phone);
