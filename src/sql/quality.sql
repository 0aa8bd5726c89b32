-- 重复诉求与办理质量 (src/sections/quality.rs, with src/scorecard.rs for the units'
-- scorecard; figures key `quality`, a tagged enum: state = off / missing_columns / written).
--
-- Linking tickets as one problem and joining the links into clusters is not done here: the
-- core writes what it found as tables beside the tickets (src/parquet_export/repeats_tables.rs):
-- `repeat_clusters`, `repeat_cluster_tickets`, `repeat_again`, `repeat_false_closures`, each
-- per report_month with the repeats of that month and of the month before (of_month), the
-- tickets named by (source_file, source_row). This file counts them against the tickets
-- and the settings (`quality.*` in settings_scalars).
--
-- Floating point: the scorecard's values, points, composite scores, changes, the closing
-- days and the mean score follow scorecard.rs's operations in the same order, in DOUBLE.
-- The units' mean score adds their scores in rank order as the core does: a window SUM
-- ordered by rank over the whole partition (ROWS BETWEEN UNBOUNDED PRECEDING AND
-- UNBOUNDED FOLLOWING), which both engines add row by row in that order (a running frame
-- ending at the current row would not do: DuckDB adds its blocks of 16 as partial sums
-- from the 32nd row on).
--
-- Core constants written as literals here: the indicators, their order, direction and
-- settings keys (scorecard.rs Indicator, quality.rs RULE_KEYS); the cluster kinds in
-- ClusterKind::ALL's order (repeats/mod.rs); RATE_MIN_TICKETS = 50 and the three towns
-- and categories listed, the three units of closure_units (quality.rs); the column labels
-- and left-out analyses of `missing()` (quality.rs, labels from table.rs Field::label);
-- the average's name 全市平均 (scorecard.rs).

-- The section's settings, one row (QualitySection; window and closure days at least 1).
CREATE OR REPLACE TEMPORARY VIEW quality_settings AS
SELECT COALESCE(MAX(CASE WHEN key = 'quality.enabled' THEN value END), 'true') = 'true' AS enabled,
       GREATEST(CAST(MAX(CASE WHEN key = 'quality.window_days' THEN value END) AS BIGINT), 1) AS window_days,
       GREATEST(CAST(MAX(CASE WHEN key = 'quality.closure_days' THEN value END) AS BIGINT), 1) AS closure_days,
       CAST(MAX(CASE WHEN key = 'quality.repeated_min' THEN value END) AS BIGINT) AS repeated_min,
       CAST(MAX(CASE WHEN key = 'quality.clusters_shown' THEN value END) AS BIGINT) AS clusters_shown,
       CAST(MAX(CASE WHEN key = 'quality.units_listed' THEN value END) AS BIGINT) AS units_listed,
       GREATEST(CAST(MAX(CASE WHEN key = 'quality.min_unit_tickets' THEN value END) AS BIGINT), 1) AS min_unit_tickets
FROM settings_scalars;

-- Whether the data has a caller and an address with values in them (quality.rs `holds`:
-- mapped but blank throughout is none), and whether it has the times returned and
-- re-dispatched (View::has(Field::Returns / Redispatches); `present` has no such column).
CREATE OR REPLACE TEMPORARY VIEW quality_holds AS
SELECT SUM(CASE WHEN COALESCE(caller, '') <> '' THEN 1 ELSE 0 END) > 0 AS caller,
       SUM(CASE WHEN COALESCE(address, '') <> '' THEN 1 ELSE 0 END) > 0 AS address,
       COUNT(returns) > 0 AS has_returns,
       COUNT(redispatches) > 0 AS has_redispatches
FROM tickets;

-- What the section can do: off, missing_columns (neither a caller nor an address), written.
CREATE OR REPLACE TEMPORARY VIEW quality_state AS
SELECT CASE WHEN NOT s.enabled THEN 'off'
            WHEN NOT h.caller AND NOT h.address THEN 'missing_columns'
            ELSE 'written' END AS state
FROM quality_settings s CROSS JOIN quality_holds h;

-- The columns missing and the analyses left out for want of them, in the order
-- quality.rs `missing()` pushes them (list 0: missing, list 1: left out).
CREATE OR REPLACE TEMPORARY VIEW quality_missing AS
SELECT list, text, ROW_NUMBER() OVER (PARTITION BY list ORDER BY ord) - 1 AS i
FROM (
    SELECT 0 AS list, 1 AS ord, '来电号码' AS text FROM quality_holds WHERE NOT caller
    UNION ALL
    SELECT 1, 1, CASE WHEN address THEN '按来电人归组（一人多诉、同一人重复来电）' ELSE '重复诉求（一人多诉、多人同诉）' END
    FROM quality_holds WHERE NOT caller
    UNION ALL
    SELECT 0, 2, '诉求地址' FROM quality_holds WHERE NOT address
    UNION ALL
    SELECT 1, 2, CASE WHEN caller THEN '按诉求地址归组' ELSE '疑似虚假办结' END FROM quality_holds WHERE NOT address
    UNION ALL
    SELECT 1, 3, '承办单位考核' FROM quality_holds WHERE NOT caller AND NOT address
    UNION ALL
    SELECT 0, 3, '办结时间' FROM quality_holds h CROSS JOIN present pr
    WHERE (h.caller OR h.address) AND NOT pr.has_closed_time
    UNION ALL
    SELECT 1, 4, '疑似虚假办结' FROM quality_holds h CROSS JOIN present pr
    WHERE (h.caller OR h.address) AND NOT pr.has_closed_time
) m;

-- Every ticket's intake and closing as seconds on one count (days from the civil date, as
-- the core's wall-clock seconds; only differences are used), by its source file and row.
CREATE OR REPLACE TEMPORARY VIEW quality_secs AS
SELECT source_file, source_row, month, id, unit, reply,
       (365 * iy + CAST(FLOOR(iy / CAST(4 AS DOUBLE)) AS BIGINT) - CAST(FLOOR(iy / CAST(100 AS DOUBLE)) AS BIGINT)
        + CAST(FLOOR(iy / CAST(400 AS DOUBLE)) AS BIGINT) + CAST(FLOOR((153 * im + 2) / CAST(5 AS DOUBLE)) AS BIGINT)
        + day(intake_time)) * 86400
       + hour(intake_time) * 3600 + minute(intake_time) * 60 + second(intake_time) AS intake_s,
       (365 * cy + CAST(FLOOR(cy / CAST(4 AS DOUBLE)) AS BIGINT) - CAST(FLOOR(cy / CAST(100 AS DOUBLE)) AS BIGINT)
        + CAST(FLOOR(cy / CAST(400 AS DOUBLE)) AS BIGINT) + CAST(FLOOR((153 * cm + 2) / CAST(5 AS DOUBLE)) AS BIGINT)
        + day(closed_time)) * 86400
       + hour(closed_time) * 3600 + minute(closed_time) * 60 + second(closed_time) AS closed_s
FROM (
    SELECT k.*,
           year(intake_time) - CASE WHEN month(intake_time) <= 2 THEN 1 ELSE 0 END AS iy,
           CASE WHEN month(intake_time) > 2 THEN month(intake_time) - 3 ELSE month(intake_time) + 9 END AS im,
           year(closed_time) - CASE WHEN month(closed_time) <= 2 THEN 1 ELSE 0 END AS cy,
           CASE WHEN month(closed_time) > 2 THEN month(closed_time) - 3 ELSE month(closed_time) + 9 END AS cm
    FROM tickets k
) s;

-- The month's clusters (of_month = the report month), with their tickets of the month.
CREATE OR REPLACE TEMPORARY VIEW quality_clusters AS
SELECT c.cluster_no, c.kind, c.tickets, c.callers, COALESCE(c.place, '') AS place,
       COALESCE(c.category, '') AS category, COALESCE(c.unit, '') AS unit,
       COALESCE(m.in_month, 0) AS in_month
FROM repeat_clusters c
CROSS JOIN report r
LEFT JOIN (
    SELECT ct.cluster_no, COUNT(*) AS in_month
    FROM repeat_cluster_tickets ct
    CROSS JOIN report r
    JOIN tickets k ON k.source_file = ct.source_file AND k.source_row = ct.source_row
    WHERE ct.report_month = r.month AND ct.of_month = r.month AND k.month = r.month
    GROUP BY ct.cluster_no
) m ON m.cluster_no = c.cluster_no
WHERE c.report_month = r.month AND c.of_month = r.month;

-- The tickets of this month and last month with what the scorecard and the rates ask of
-- each: a later ticket of its month's cluster (repeat_again of its own month), a closed
-- ticket whose problem came back (repeat_false_closures of its own month), overdue and
-- still open at its month's end (View::is_overdue without closing), the days to closing.
CREATE OR REPLACE TEMPORARY VIEW quality_rows AS
SELECT tc.period, tc.valid, tc.transferred, COALESCE(tc.unit, '') AS unit,
       COALESCE(tc.town, '') AS town, COALESCE(tc.category3, '') AS category3,
       tc.closed, tc.on_time, tc.evaluation,
       ag.source_row IS NOT NULL AS again,
       fc.closed_row IS NOT NULL AS false_closure,
       (NOT tc.closed AND tc.deadline IS NOT NULL AND CAST(tc.deadline AS DATE) <= CAST(p.end_date AS DATE)) AS overdue_open,
       COALESCE(tc.returns, 0) > 0 AS returned,
       COALESCE(tc.redispatches, 0) > 0 AS redispatched,
       CASE WHEN tc.closed_time IS NOT NULL
            THEN CAST(GREATEST(sc.closed_s - sc.intake_s, 0) AS DOUBLE) / CAST(86400 AS DOUBLE) END AS close_days
FROM tc
CROSS JOIN report r
JOIN settings_periods p ON p.month = tc.month
JOIN quality_secs sc ON sc.source_file = tc.source_file AND sc.source_row = tc.source_row
LEFT JOIN repeat_again ag
       ON ag.report_month = r.month AND ag.of_month = tc.month
      AND ag.source_file = tc.source_file AND ag.source_row = tc.source_row
LEFT JOIN (SELECT DISTINCT report_month, of_month, closed_file, closed_row FROM repeat_false_closures) fc
       ON fc.report_month = r.month AND fc.of_month = tc.month
      AND fc.closed_file = tc.source_file AND fc.closed_row = tc.source_row
WHERE tc.period IN ('current', 'previous');

-- The month's suspected false closures in the order of their closing (position), with the
-- closed ticket's id, unit and reply and the returned ticket's id, and the days between.
CREATE OR REPLACE TEMPORARY VIEW quality_pairs AS
SELECT f.position AS i, COALESCE(a.id, '') AS closed_id, COALESCE(a.unit, '') AS unit,
       COALESCE(a.reply, '') AS reply, COALESCE(b.id, '') AS returned_id,
       CAST(b.intake_s - a.closed_s AS DOUBLE) / CAST(86400 AS DOUBLE) AS days
FROM repeat_false_closures f
CROSS JOIN report r
JOIN quality_secs a ON a.source_file = f.closed_file AND a.source_row = f.closed_row
JOIN quality_secs b ON b.source_file = f.returned_file AND b.source_row = f.returned_row
WHERE f.report_month = r.month AND f.of_month = r.month;

-- The indicators the data allows, in Indicator::ALL's order, with their rules from the
-- settings (scorecard.rs `indicators`; quality.rs RULE_KEYS).
CREATE OR REPLACE TEMPORARY VIEW quality_indicators AS
SELECT i.ind_no, i.indicator, i.is_rate, i.higher,
       CAST(MAX(CASE WHEN sc.key = 'quality.' || i.prefix || '_weight' THEN sc.value END) AS DOUBLE) AS weight,
       CAST(MAX(CASE WHEN sc.key = 'quality.' || i.prefix || '_good' THEN sc.value END) AS DOUBLE) AS good,
       CAST(MAX(CASE WHEN sc.key = 'quality.' || i.prefix || '_bad' THEN sc.value END) AS DOUBLE) AS bad,
       ROW_NUMBER() OVER (ORDER BY i.ind_no) - 1 AS i
FROM (
    SELECT 1 AS ind_no, 'on_time' AS indicator, 'on_time' AS prefix, TRUE AS is_rate, TRUE AS higher,
           pr.has_deadline AND pr.has_closed_time AS allowed
    FROM present pr
    UNION ALL SELECT 2, 'satisfaction', 'satisfaction', TRUE, TRUE, pr.has_satisfaction FROM present pr
    UNION ALL SELECT 3, 'repeat_rate', 'repeat', TRUE, FALSE, TRUE
    UNION ALL SELECT 4, 'false_closure_rate', 'false_closure', TRUE, FALSE, pr.has_closed_time FROM present pr
    UNION ALL SELECT 5, 'overdue_open', 'overdue_open', FALSE, FALSE, pr.has_deadline AND pr.has_status FROM present pr
    UNION ALL SELECT 6, 'return_rate', 'return', TRUE, FALSE, h.has_returns FROM quality_holds h
    UNION ALL SELECT 7, 'redispatch_rate', 'redispatch', TRUE, FALSE, h.has_redispatches FROM quality_holds h
) i
CROSS JOIN settings_scalars sc
WHERE i.allowed
GROUP BY i.ind_no, i.indicator, i.is_rate, i.higher;

-- The figures as rows (path, num, txt, flag), doubles in `num` as DOUBLE. One statement:
-- what several parts read (the tickets' marks, the units' counts and scores) is a CTE
-- read by name, which DuckDB computes once (a view is expanded at every use).
WITH q_rows AS (
    SELECT * FROM quality_rows
),
q_clusters AS (
    SELECT * FROM quality_clusters
),
q_pairs AS (
    SELECT * FROM quality_pairs
),
-- Problems (not one caller's several) raised `repeated_min` times or more.
q_repeated AS (
    SELECT c.*, ROW_NUMBER() OVER (ORDER BY c.cluster_no) - 1 AS i
    FROM q_clusters c CROSS JOIN quality_settings s
    WHERE c.kind <> 'one_caller_many_problems' AND c.tickets >= s.repeated_min
),
-- Towns and categories (third level) where repeats make the largest share of the month's
-- valid tickets, at least RATE_MIN_TICKETS (50) of them, highest first, three of each.
q_rates AS (
    SELECT list, name, n, d, bp,
           ROW_NUMBER() OVER (PARTITION BY list ORDER BY bp DESC, n DESC, name) - 1 AS i
    FROM (
        SELECT list, name, n, d, CAST(FLOOR((n * 20000 + d) / CAST(2 * d AS DOUBLE)) AS BIGINT) AS bp
        FROM (
            SELECT CASE WHEN k.by_town THEN 'quality.repeat_towns' ELSE 'quality.repeat_categories' END AS list,
                   CASE WHEN k.by_town THEN q.town ELSE q.category3 END AS name,
                   SUM(CASE WHEN q.again THEN 1 ELSE 0 END) AS n, COUNT(*) AS d
            FROM q_rows q
            CROSS JOIN (SELECT TRUE AS by_town UNION ALL SELECT FALSE) k
            WHERE q.period = 'current' AND q.valid
              AND (CASE WHEN k.by_town THEN q.town ELSE q.category3 END) <> ''
            GROUP BY k.by_town, CASE WHEN k.by_town THEN q.town ELSE q.category3 END
        ) g
        WHERE d >= 50 AND n > 0
    ) b
),
-- Units with most suspected false closures (ties by name), the three first with a name.
q_closure_units AS (
    SELECT unit, n, ROW_NUMBER() OVER (ORDER BY n DESC, unit) - 1 AS i
    FROM (SELECT unit, COUNT(*) AS n FROM q_pairs WHERE unit <> '' GROUP BY unit) u
),
-- Each unit's counts over its valid transferred tickets, this month and last month.
q_counts AS (
    SELECT period, unit,
           COUNT(*) AS n,
           SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time_n,
           SUM(CASE WHEN evaluation = 'satisfied' THEN 1 ELSE 0 END) AS satisfied_n,
           SUM(CASE WHEN evaluation IN ('satisfied', 'unsatisfied') THEN 1 ELSE 0 END) AS evaluated_n,
           SUM(CASE WHEN again THEN 1 ELSE 0 END) AS again_n,
           SUM(CASE WHEN closed THEN 1 ELSE 0 END) AS closed_n,
           SUM(CASE WHEN false_closure THEN 1 ELSE 0 END) AS false_n,
           SUM(CASE WHEN overdue_open THEN 1 ELSE 0 END) AS overdue_n,
           SUM(CASE WHEN returned THEN 1 ELSE 0 END) AS returned_n,
           SUM(CASE WHEN redispatched THEN 1 ELSE 0 END) AS redispatched_n
    FROM q_rows
    WHERE valid AND transferred AND unit <> ''
    GROUP BY period, unit
),
-- The units ranked (at least min_unit_tickets tickets) and, per month, all their tickets
-- together as 全市平均 (is_average; there even without units).
q_scored AS (
    SELECT u.*, FALSE AS is_average
    FROM q_counts u CROSS JOIN quality_settings s
    WHERE u.n >= s.min_unit_tickets
    UNION ALL
    SELECT p.period, '全市平均', COALESCE(SUM(u.n), 0), COALESCE(SUM(u.on_time_n), 0),
           COALESCE(SUM(u.satisfied_n), 0), COALESCE(SUM(u.evaluated_n), 0), COALESCE(SUM(u.again_n), 0),
           COALESCE(SUM(u.closed_n), 0), COALESCE(SUM(u.false_n), 0), COALESCE(SUM(u.overdue_n), 0),
           COALESCE(SUM(u.returned_n), 0), COALESCE(SUM(u.redispatched_n), 0), TRUE
    FROM (SELECT 'current' AS period UNION ALL SELECT 'previous') p
    CROSS JOIN quality_settings s
    LEFT JOIN q_counts u ON u.period = p.period AND u.n >= s.min_unit_tickets
    GROUP BY p.period
),
-- Each one's measures (scorecard.rs `score`): the part and the whole each indicator counts,
-- the value (a rate in percent, 100 * part / whole; a count as it is), and the points
-- (Rule::points: with both lines equal, full points on the better side; else the straight
-- line from bad to good, clamped to 0..100). A rate over no tickets has no measure, nor
-- has the average a count.
q_measures AS (
    SELECT m.*,
           CASE WHEN m.good = m.bad
                THEN CASE WHEN (m.higher AND m.value >= m.good) OR (NOT m.higher AND m.value <= m.good)
                          THEN CAST(100 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END
                WHEN CAST(100 AS DOUBLE) * (m.value - m.bad) / (m.good - m.bad) < CAST(0 AS DOUBLE)
                THEN CAST(0 AS DOUBLE)
                WHEN CAST(100 AS DOUBLE) * (m.value - m.bad) / (m.good - m.bad) > CAST(100 AS DOUBLE)
                THEN CAST(100 AS DOUBLE)
                ELSE CAST(100 AS DOUBLE) * (m.value - m.bad) / (m.good - m.bad) END AS points,
           ROW_NUMBER() OVER (PARTITION BY m.period, m.is_average, m.unit ORDER BY m.ind_no) - 1 AS j
    FROM (
        SELECT c.period, c.unit, c.is_average, c.ind_no, c.indicator, c.is_rate, c.higher, c.weight, c.good, c.bad,
               c.part, c.whole,
               CASE WHEN NOT c.is_rate THEN CAST(c.part AS DOUBLE)
                    WHEN c.whole > 0 THEN CAST(100 AS DOUBLE) * CAST(c.part AS DOUBLE) / CAST(c.whole AS DOUBLE) END AS value
        FROM (
            SELECT s.period, s.unit, s.is_average, q.ind_no, q.indicator, q.is_rate, q.higher, q.weight, q.good, q.bad,
                   CASE q.ind_no WHEN 1 THEN s.on_time_n WHEN 2 THEN s.satisfied_n WHEN 3 THEN s.again_n
                             WHEN 4 THEN s.false_n WHEN 5 THEN s.overdue_n WHEN 6 THEN s.returned_n
                             ELSE s.redispatched_n END AS part,
                   CASE q.ind_no WHEN 2 THEN s.evaluated_n WHEN 4 THEN s.closed_n ELSE s.n END AS whole
            FROM q_scored s CROSS JOIN quality_indicators q
        ) c
        WHERE (NOT c.is_rate OR c.whole > 0) AND NOT (c.is_average AND NOT c.is_rate)
    ) m
),
-- Each unit's composite (scorecard.rs `composite`): the weighted points added in the
-- indicators' order from 0.0 (an absent measure adds 0.0, which changes no sum), over the
-- weights of the measures it has.
q_composite AS (
    SELECT period, unit,
           CASE WHEN weights = 0 THEN CAST(0 AS DOUBLE)
                ELSE (((((((CAST(0 AS DOUBLE) + t1) + t2) + t3) + t4) + t5) + t6) + t7) / weights END AS score
    FROM (
        SELECT period, unit,
               COALESCE(MAX(CASE WHEN ind_no = 1 THEN weight * points END), CAST(0 AS DOUBLE)) AS t1,
               COALESCE(MAX(CASE WHEN ind_no = 2 THEN weight * points END), CAST(0 AS DOUBLE)) AS t2,
               COALESCE(MAX(CASE WHEN ind_no = 3 THEN weight * points END), CAST(0 AS DOUBLE)) AS t3,
               COALESCE(MAX(CASE WHEN ind_no = 4 THEN weight * points END), CAST(0 AS DOUBLE)) AS t4,
               COALESCE(MAX(CASE WHEN ind_no = 5 THEN weight * points END), CAST(0 AS DOUBLE)) AS t5,
               COALESCE(MAX(CASE WHEN ind_no = 6 THEN weight * points END), CAST(0 AS DOUBLE)) AS t6,
               COALESCE(MAX(CASE WHEN ind_no = 7 THEN weight * points END), CAST(0 AS DOUBLE)) AS t7,
               SUM(weight) AS weights
        FROM q_measures
        WHERE NOT is_average
        GROUP BY period, unit
    ) w
),
-- The units ranked by score, best first (ties by name), each month; the sum of the scores
-- added in that order (for the mean); last month's score of the same unit.
q_units AS (
    SELECT s.period, s.unit, s.n, c.score,
           ROW_NUMBER() OVER (PARTITION BY s.period ORDER BY c.score DESC, s.unit) AS rank_no,
           SUM(c.score) OVER (PARTITION BY s.period ORDER BY c.score DESC, s.unit
                              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total,
           COUNT(*) OVER (PARTITION BY s.period) AS units,
           MAX(CASE WHEN s.period = 'previous' THEN c.score END) OVER (PARTITION BY s.unit) AS score_before
    FROM q_scored s
    JOIN q_composite c ON c.period = s.period AND c.unit = s.unit
    WHERE NOT s.is_average
),
-- This month's units with their change since last month when the data holds it.
q_now AS (
    SELECT u.unit, u.n, u.score, u.rank_no, u.units, u.total,
           CASE WHEN r.has_previous THEN u.score - u.score_before END AS change
    FROM q_units u CROSS JOIN report r
    WHERE u.period = 'current'
),
-- Days from intake to closing over each one's closed tickets this month: the median and
-- the 90th percentile, the value at round((n - 1) * share) in ascending order (half away
-- from zero), for each ranked unit and for all of them together.
q_close_days AS (
    SELECT unit,
           MAX(CASE WHEN k = CAST(FLOOR(CAST(n - 1 AS DOUBLE) * CAST(0.5 AS DOUBLE) + CAST(0.5 AS DOUBLE)) AS BIGINT)
                    THEN close_days END) AS p50,
           MAX(CASE WHEN k = CAST(FLOOR(CAST(n - 1 AS DOUBLE) * CAST(0.9 AS DOUBLE) + CAST(0.5 AS DOUBLE)) AS BIGINT)
                    THEN close_days END) AS p90
    FROM (
        SELECT d.unit, d.close_days,
               ROW_NUMBER() OVER (PARTITION BY d.unit ORDER BY d.close_days) - 1 AS k,
               COUNT(*) OVER (PARTITION BY d.unit) AS n
        FROM (
            SELECT CASE WHEN a.is_average THEN '全市平均' ELSE q.unit END AS unit, q.close_days
            FROM q_rows q
            JOIN q_now u ON u.unit = q.unit
            CROSS JOIN (SELECT FALSE AS is_average UNION ALL SELECT TRUE) a
            WHERE q.period = 'current' AND q.valid AND q.transferred AND q.close_days IS NOT NULL
        ) d
    ) o
    GROUP BY unit
),
-- The scorecard's entries: the ranked units (at index rank - 1) and the average, whose
-- score is the units' scores added in rank order over their number (0.0 without units).
q_entries AS (
    SELECT 'quality.scorecard.units[' || CAST(u.rank_no - 1 AS STRING) || ']' AS prefix, u.unit, FALSE AS is_average,
           u.n, u.score, u.rank_no, u.change, d.p50, d.p90
    FROM q_now u LEFT JOIN q_close_days d ON d.unit = u.unit
    UNION ALL
    SELECT 'quality.scorecard.average', '全市平均', TRUE, s.n,
           COALESCE(a.score, CAST(0 AS DOUBLE)), 0, CAST(NULL AS DOUBLE), d.p50, d.p90
    FROM q_scored s
    CROSS JOIN (SELECT MAX(total / CAST(units AS DOUBLE)) AS score FROM q_now) a
    LEFT JOIN q_close_days d ON d.unit = '全市平均'
    WHERE s.period = 'current' AND s.is_average
),
-- The red and black lists: the best and the worst units, at most half the units each.
q_lists AS (
    SELECT 'quality.scorecard.red' AS list, u.unit, u.rank_no - 1 AS i
    FROM q_now u CROSS JOIN quality_settings s
    WHERE u.rank_no <= LEAST(s.units_listed, CAST(FLOOR(u.units / CAST(2 AS DOUBLE)) AS BIGINT))
    UNION ALL
    SELECT 'quality.scorecard.black', u.unit, u.units - u.rank_no
    FROM q_now u CROSS JOIN quality_settings s
    WHERE u.units - u.rank_no < LEAST(s.units_listed, CAST(FLOOR(u.units / CAST(2 AS DOUBLE)) AS BIGINT))
),
-- The written figures' fields.
q_out AS (
    SELECT 'quality.partial[' || CAST(m.list AS STRING) || '][' || CAST(m.i AS STRING) || ']' AS path,
           CAST(NULL AS DOUBLE) AS num, m.text AS txt, CAST(NULL AS BOOLEAN) AS flag
    FROM quality_missing m
    UNION ALL
    SELECT 'quality.window_days', window_days, NULL, NULL FROM quality_settings
    UNION ALL
    SELECT 'quality.closure_days', closure_days, NULL, NULL FROM quality_settings
    UNION ALL
    SELECT 'quality.closure_known', NULL, NULL, has_closed_time FROM present
    UNION ALL
    SELECT 'quality.kinds[' || CAST(k.i AS STRING) || '][' || f.field,
           CASE f.field WHEN '1]' THEN k.clusters WHEN '2].count' THEN k.tickets END,
           CASE WHEN f.field = '0]' THEN k.kind END, NULL
    FROM (
        SELECT k.i, k.kind, COUNT(c.cluster_no) AS clusters, COALESCE(SUM(c.in_month), 0) AS tickets
        FROM (
            SELECT 0 AS i, 'same_caller_again' AS kind
            UNION ALL SELECT 1, 'one_caller_many_problems'
            UNION ALL SELECT 2, 'many_callers'
        ) k
        LEFT JOIN q_clusters c ON c.kind = k.kind
        GROUP BY k.i, k.kind
    ) k
    CROSS JOIN (SELECT '0]' AS field UNION ALL SELECT '1]' UNION ALL SELECT '2].count') f
    UNION ALL
    SELECT 'quality.clusters', COUNT(*), NULL, NULL FROM q_clusters
    UNION ALL
    SELECT 'quality.in_clusters.count', COALESCE(SUM(in_month), 0), NULL, NULL FROM q_clusters
    UNION ALL
    SELECT 'quality.again.' || f.field,
           CASE f.field WHEN 'num' THEN a.n WHEN 'den' THEN v.d
                        ELSE CASE WHEN v.d > 0 THEN CAST(FLOOR((a.n * 20000 + v.d) / CAST(2 * v.d AS DOUBLE)) AS BIGINT) END
           END,
           NULL, NULL
    FROM (SELECT COUNT(*) AS n FROM repeat_again ag CROSS JOIN report r
          WHERE ag.report_month = r.month AND ag.of_month = r.month) a
    CROSS JOIN (SELECT COUNT(*) AS d FROM q_rows WHERE period = 'current' AND valid) v
    CROSS JOIN (SELECT 'num' AS field UNION ALL SELECT 'den' UNION ALL SELECT 'bp') f
    UNION ALL
    SELECT 'quality.top[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.repeated[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.' || l.list || '[' || CAST(l.i AS STRING) || '].' || f.field,
           CASE f.field WHEN 'number' THEN l.cluster_no WHEN 'tickets.count' THEN l.tickets
                        WHEN 'callers' THEN l.callers END,
           CASE f.field WHEN 'kind' THEN l.kind WHEN 'place' THEN l.place WHEN 'category' THEN l.category
                        WHEN 'unit' THEN l.unit END,
           NULL
    FROM (
        SELECT 'top' AS list, c.cluster_no - 1 AS i, c.cluster_no, c.kind, c.tickets, c.callers, c.place,
               c.category, c.unit
        FROM q_clusters c CROSS JOIN quality_settings s WHERE c.cluster_no <= s.clusters_shown
        UNION ALL
        SELECT 'repeated', i, cluster_no, kind, tickets, callers, place, category, unit FROM q_repeated
    ) l
    CROSS JOIN (
        SELECT 'number' AS field UNION ALL SELECT 'kind' UNION ALL SELECT 'tickets.count' UNION ALL SELECT 'callers'
        UNION ALL SELECT 'place' UNION ALL SELECT 'category' UNION ALL SELECT 'unit'
    ) f
    UNION ALL
    SELECT 'quality.repeated_tickets.count', COALESCE(SUM(tickets), 0), NULL, NULL FROM q_repeated
    UNION ALL
    SELECT 'quality.repeat_towns[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.repeat_categories[]', NULL, NULL, NULL
    UNION ALL
    SELECT r.list || '[' || CAST(r.i AS STRING) || ']' || f.field,
           CASE f.field WHEN '[1].num' THEN r.n WHEN '[1].den' THEN r.d WHEN '[1].bp' THEN r.bp END,
           CASE WHEN f.field = '[0]' THEN r.name END, NULL
    FROM q_rates r
    CROSS JOIN (SELECT '[0]' AS field UNION ALL SELECT '[1].num' UNION ALL SELECT '[1].den' UNION ALL SELECT '[1].bp') f
    WHERE r.i < 3
    UNION ALL
    SELECT 'quality.false_closures.count', COUNT(*), NULL, NULL FROM q_pairs
    UNION ALL
    SELECT 'quality.closure_pairs[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.closure_pairs[' || CAST(p.i AS STRING) || '].' || f.field,
           CASE WHEN f.field = 'days' THEN p.days END,
           CASE f.field WHEN 'closed_id' THEN p.closed_id WHEN 'unit' THEN p.unit WHEN 'reply' THEN p.reply
                        WHEN 'returned_id' THEN p.returned_id END,
           NULL
    FROM q_pairs p
    CROSS JOIN (
        SELECT 'closed_id' AS field UNION ALL SELECT 'unit' UNION ALL SELECT 'reply' UNION ALL SELECT 'returned_id'
        UNION ALL SELECT 'days'
    ) f
    UNION ALL
    SELECT 'quality.closure_units[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.closure_units[' || CAST(u.i AS STRING) || ']' || f.field,
           CASE WHEN f.field = '[1].count' THEN u.n END, CASE WHEN f.field = '[0]' THEN u.unit END, NULL
    FROM q_closure_units u
    CROSS JOIN (SELECT '[0]' AS field UNION ALL SELECT '[1].count') f
    WHERE u.i < 3
    UNION ALL
    SELECT 'quality.scorecard.indicators[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.scorecard.indicators[' || CAST(i AS STRING) || ']', NULL, indicator, NULL FROM quality_indicators
    UNION ALL
    SELECT 'quality.scorecard.units[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.scorecard.average.measures[]', NULL, NULL, NULL
    UNION ALL
    SELECT e.prefix || '.' || f.field,
           CASE f.field WHEN 'tickets.count' THEN e.n WHEN 'score' THEN e.score WHEN 'rank' THEN e.rank_no
                        WHEN 'change' THEN e.change WHEN 'close_days_p50' THEN e.p50
                        WHEN 'close_days_p90' THEN e.p90 END,
           CASE WHEN f.field = 'unit' THEN e.unit END,
           NULL
    FROM q_entries e
    CROSS JOIN (
        SELECT 'unit' AS field UNION ALL SELECT 'tickets.count' UNION ALL SELECT 'score' UNION ALL SELECT 'rank'
        UNION ALL SELECT 'change' UNION ALL SELECT 'close_days_p50' UNION ALL SELECT 'close_days_p90'
    ) f
    WHERE (f.field <> 'change' OR e.change IS NOT NULL)
      AND (f.field <> 'close_days_p50' OR e.p50 IS NOT NULL)
      AND (f.field <> 'close_days_p90' OR e.p90 IS NOT NULL)
    UNION ALL
    SELECT e.prefix || '.measures[' || CAST(m.j AS STRING) || '].' || f.field,
           CASE f.field WHEN 'value' THEN m.value WHEN 'part.count' THEN m.part WHEN 'whole.count' THEN m.whole
                        WHEN 'points' THEN m.points END,
           CASE WHEN f.field = 'indicator' THEN m.indicator END,
           NULL
    FROM q_entries e
    JOIN q_measures m ON m.period = 'current' AND m.unit = e.unit AND m.is_average = e.is_average
    CROSS JOIN (
        SELECT 'indicator' AS field UNION ALL SELECT 'value' UNION ALL SELECT 'part.count'
        UNION ALL SELECT 'whole.count' UNION ALL SELECT 'points'
    ) f
    UNION ALL
    SELECT 'quality.scorecard.red[]', NULL, NULL, NULL
    UNION ALL
    SELECT 'quality.scorecard.black[]', NULL, NULL, NULL
    UNION ALL
    SELECT list || '[' || CAST(i AS STRING) || ']', NULL, unit, NULL FROM q_lists
)
-- The state; the missing columns when that is the state; every other field when written.
SELECT 'quality.state' AS path, CAST(NULL AS DOUBLE) AS num, state AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM quality_state
UNION ALL
SELECT 'quality.missing[]', NULL, NULL, NULL FROM quality_state WHERE state = 'missing_columns'
UNION ALL
SELECT 'quality.left_out[]', NULL, NULL, NULL FROM quality_state WHERE state = 'missing_columns'
UNION ALL
SELECT CASE WHEN m.list = 0 THEN 'quality.missing[' ELSE 'quality.left_out[' END || CAST(m.i AS STRING) || ']',
       NULL, m.text, NULL
FROM quality_missing m CROSS JOIN quality_state s WHERE s.state = 'missing_columns'
UNION ALL
SELECT o.path, o.num, o.txt, o.flag
FROM q_out o CROSS JOIN quality_state s WHERE s.state = 'written';
