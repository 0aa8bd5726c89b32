-- 一（三）领导值班情况 (src/sections/leader_duty.rs): the month's calls answered by a leader
-- on duty (a non-empty duty leader), how many were answered directly, replied to,
-- transferred, closed and rated satisfied, and the roster: units with their leaders, both
-- in order of each leader's first duty. None (no rows) when the export has no duty-leader
-- column or no such call this month.

-- The calls, only when the export had the duty-leader column (an absent unit reads as '',
-- as the core's empty symbol).
CREATE OR REPLACE TEMPORARY VIEW leader_duty_calls AS
SELECT t.duty_leader AS leader, COALESCE(t.duty_leader_unit, '') AS unit, t.intake_time,
       t.source_file, t.source_row, t.transferred, t.replied, t.closed, t.evaluation
FROM t CROSS JOIN present pr
WHERE t.period = 'current' AND pr.has_duty_leader AND t.duty_leader <> '';

-- Where each leader first appears in the whole export (the core's leader code order,
-- which breaks ties between two leaders' first duties at the same second).
CREATE OR REPLACE TEMPORARY VIEW leader_duty_leader_order AS
SELECT leader, MIN(pos) AS code
FROM (
    SELECT duty_leader AS leader,
           ROW_NUMBER() OVER (ORDER BY source_file, source_row) AS pos
    FROM tickets WHERE duty_leader <> ''
) a
GROUP BY leader;

-- Each leader's first duty: its earliest call (the first such row on a tie) and that
-- call's unit, numbered in order of first duty.
CREATE OR REPLACE TEMPORARY VIEW leader_duty_first AS
SELECT f.leader, f.unit, f.intake_time,
       ROW_NUMBER() OVER (ORDER BY f.intake_time, o.code) AS leader_no
FROM (
    SELECT leader, unit, intake_time,
           ROW_NUMBER() OVER (PARTITION BY leader ORDER BY intake_time, source_file, source_row) AS k
    FROM leader_duty_calls
) f
JOIN leader_duty_leader_order o ON o.leader = f.leader
WHERE f.k = 1;

-- The roster: units in order of their first leader, each leader's place within the unit.
CREATE OR REPLACE TEMPORARY VIEW leader_duty_roster AS
SELECT f.unit, f.leader, u.unit_no - 1 AS i,
       ROW_NUMBER() OVER (PARTITION BY f.unit ORDER BY f.leader_no) - 1 AS j
FROM leader_duty_first f
JOIN (
    SELECT unit, ROW_NUMBER() OVER (ORDER BY MIN(leader_no)) AS unit_no
    FROM leader_duty_first GROUP BY unit
) u ON u.unit = f.unit;

-- The counts over the calls (View::part, View::closed, View::satisfaction) and the
-- number of leaders; no row when there is no call.
CREATE OR REPLACE TEMPORARY VIEW leader_duty_counts AS
SELECT a.*, l.leaders
FROM (
    SELECT COUNT(*) AS calls,
           SUM(CASE WHEN c.transferred THEN 1 ELSE 0 END) AS transferred,
           SUM(CASE WHEN c.replied THEN 1 ELSE 0 END) AS replied,
           SUM(CASE WHEN c.transferred AND c.closed THEN 1 ELSE 0 END) AS closed,
           SUM(CASE WHEN c.evaluation = 'satisfied' THEN 1 ELSE 0 END) AS satisfied,
           SUM(CASE WHEN c.evaluation IN ('satisfied', 'unsatisfied') THEN 1 ELSE 0 END) AS evaluated
    FROM leader_duty_calls c
) a
CROSS JOIN (SELECT COUNT(*) AS leaders FROM leader_duty_first) l
WHERE a.calls > 0;

-- Ratios: (path, numerator, denominator, shown): closing is unknown without a status or a
-- closing time, satisfaction without a satisfaction column (the Options are None).
CREATE OR REPLACE TEMPORARY VIEW leader_duty_ratios AS
SELECT 'leader_duty.reply' AS path, replied AS n, calls AS d, TRUE AS shown FROM leader_duty_counts
UNION ALL
SELECT 'leader_duty.closed', closed, transferred, pr.has_status OR pr.has_closed_time
FROM leader_duty_counts CROSS JOIN present pr
UNION ALL
SELECT 'leader_duty.satisfaction', satisfied, evaluated, pr.has_satisfaction
FROM leader_duty_counts CROSS JOIN present pr;

SELECT 'leader_duty.leaders' AS path, leaders AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM leader_duty_counts
UNION ALL
SELECT 'leader_duty.calls.count', calls, NULL, NULL FROM leader_duty_counts
UNION ALL
SELECT 'leader_duty.direct_answers.count', calls - transferred, NULL, NULL FROM leader_duty_counts
UNION ALL
SELECT 'leader_duty.transferred.count', transferred, NULL, NULL FROM leader_duty_counts
UNION ALL
SELECT path || '.num', n, NULL, NULL FROM leader_duty_ratios WHERE shown
UNION ALL
SELECT path || '.den', d, NULL, NULL FROM leader_duty_ratios WHERE shown
UNION ALL
SELECT path || '.bp', CASE WHEN d > 0 THEN CAST(FLOOR((n * 20000 + d) / CAST(2 * d AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM leader_duty_ratios WHERE shown
UNION ALL
SELECT 'leader_duty.roster[]', NULL, NULL, NULL FROM leader_duty_counts
UNION ALL
SELECT 'leader_duty.roster[' || CAST(i AS STRING) || '].unit', NULL, unit, NULL FROM leader_duty_roster WHERE j = 0
UNION ALL
SELECT 'leader_duty.roster[' || CAST(i AS STRING) || '].leaders[' || CAST(j AS STRING) || ']', NULL, leader, NULL
FROM leader_duty_roster;
