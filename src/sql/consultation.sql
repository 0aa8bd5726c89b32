-- 三（一）咨询类 (src/sections/consultation.rs): the month's consultations against last month
-- and a year earlier, their top first-level categories (with 同比 as parts.rs YearAgo counts
-- it, and the rank shifts of src/sections/rank_shifts.rs), the consultation topic and its
-- top named sub-topics.
--
-- This file also holds the topic matching every topic section shares (src/stats/topic.rs,
-- with category entries read as src/category.rs category_rule reads them): the view
-- `consultation_topic_match`, one row per (section, ticket in that section's topic) with
-- the sub-topic bucket it falls in, and `consultation_topic_buckets`. economic.sql and
-- livelihood.sql read both: the runner runs the section files in name order (consultation
-- < economic < livelihood), in one session.
--
-- Each section's final statement reads the topic match once (its counts then go through
-- window functions, not further joins): engines inline views, so every further reference
-- would search the tickets again.

-- The characters trimmed from a topic's terms. clean_chars: what `table::clean` trims from a
-- category entry and from each level of a path (ASCII whitespace and U+3000). trim_chars:
-- what Rust's `str::trim` trims from a keyword or exclusion word (Unicode White_Space:
-- U+0009-000D, U+0020, U+0085, U+00A0, then as literal characters U+1680, U+2000-200A,
-- U+202F, U+205F, U+3000). U+2028 and U+2029 are left out: neither engine spells them
-- portably (Spark's chr() is modulo 256, and as literals they would split the line).
CREATE OR REPLACE TEMPORARY VIEW consultation_trim_chars AS
SELECT ' ' || chr(9) || chr(10) || chr(12) || chr(13) || '　' AS clean_chars,
       ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(133) || chr(160) || '              　' AS trim_chars;

-- The levels DB44/T 2479—2024 names for each code (category.rs levels_of_code): 2 digits
-- name a first level, 4 a second, 6 a third. The standard is compiled into the core, which
-- writes it beside the tickets as settings_category_codes.
CREATE OR REPLACE TEMPORARY VIEW consultation_db44_levels AS
SELECT code, l1, l2, l3 FROM settings_category_codes;

-- Positions 1..10000 within a category entry (an entry is split into levels at them).
CREATE OR REPLACE TEMPORARY VIEW consultation_positions AS
SELECT a.n * 1000 + b.n * 100 + c.n * 10 + d.n + 1 AS p
FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS a(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS b(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS c(n)
CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d(n);

-- Every category entry of a topic (subtopic_no 0) or sub-topic, cleaned, with its form as
-- category_rule reads it: ASCII digits are a code prefix, text holding a path separator
-- (/ ／ - > ＞ → \ |) a path from the top, anything else a name at any level. `path` is the
-- entry with every separator turned into '/'.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_entries AS
SELECT section, subtopic_no, entry,
       CASE WHEN entry = '' THEN 'blank'
            WHEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
                     entry, '0', ''), '1', ''), '2', ''), '3', ''), '4', ''), '5', ''), '6', ''), '7', ''), '8', ''), '9', '') = ''
                 THEN 'code'
            WHEN instr(entry, '/') > 0 OR instr(entry, '／') > 0 OR instr(entry, '-') > 0 OR instr(entry, '>') > 0
                 OR instr(entry, '＞') > 0 OR instr(entry, '→') > 0 OR instr(entry, chr(92)) > 0 OR instr(entry, '|') > 0
                 THEN 'path'
            ELSE 'named' END AS form,
       replace(replace(replace(replace(replace(replace(replace(
           entry, '／', '/'), '-', '/'), '>', '/'), '＞', '/'), '→', '/'), chr(92), '/'), '|', '/') AS path
FROM (
    SELECT DISTINCT s.section, s.subtopic_no, TRIM(BOTH w.clean_chars FROM COALESCE(s.term, '')) AS entry
    FROM settings_topic_terms s CROSS JOIN consultation_trim_chars w
    WHERE s.kind = 'category'
) e;

-- What each category entry requires of a ticket's three levels (null: any value there),
-- as topic.rs CategorySet builds it. An entry is cut into levels at its separators (each
-- cleaned, blanks dropped; a name or a code is one level, itself). A name becomes one
-- requirement per level; a path of one to three levels requires them from the top (a
-- deeper one covers nothing); a code prefix (a dropped leading zero restored) requires
-- the levels the standard names for it (an unknown code covers nothing). An entry naming
-- a category no ticket holds simply meets no ticket.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_requirements AS
WITH cut AS (
    SELECT e.section, e.subtopic_no, e.entry, e.form, x.p,
           TRIM(BOTH w.clean_chars FROM substr(e.path, x.p, instr(substr(e.path, x.p) || '/', '/') - 1)) AS level_name
    FROM consultation_topic_entries e
    JOIN consultation_positions x ON x.p <= length(e.path)
    CROSS JOIN consultation_trim_chars w
    WHERE e.form <> 'blank'
      AND substr(e.path, x.p, 1) <> '/'
      AND (x.p = 1 OR substr(e.path, x.p - 1, 1) = '/')
),
numbered AS (
    SELECT section, subtopic_no, entry, form, level_name,
           ROW_NUMBER() OVER (PARTITION BY section, subtopic_no, entry ORDER BY p) AS level_no
    FROM cut WHERE level_name <> ''
),
entries AS (
    SELECT section, subtopic_no, entry, MAX(form) AS form, MAX(level_no) AS depth,
           MAX(CASE WHEN level_no = 1 THEN level_name END) AS l1,
           MAX(CASE WHEN level_no = 2 THEN level_name END) AS l2,
           MAX(CASE WHEN level_no = 3 THEN level_name END) AS l3
    FROM numbered
    GROUP BY section, subtopic_no, entry
)
SELECT g.section, g.subtopic_no,
       CASE WHEN g.form = 'named' THEN CASE WHEN v.lv = 1 THEN g.l1 END WHEN g.form = 'code' THEN d.l1 ELSE g.l1 END AS l1,
       CASE WHEN g.form = 'named' THEN CASE WHEN v.lv = 2 THEN g.l1 END WHEN g.form = 'code' THEN d.l2 ELSE g.l2 END AS l2,
       CASE WHEN g.form = 'named' THEN CASE WHEN v.lv = 3 THEN g.l1 END WHEN g.form = 'code' THEN d.l3 ELSE g.l3 END AS l3
FROM entries g
CROSS JOIN (VALUES (1), (2), (3)) AS v(lv)
LEFT JOIN consultation_db44_levels d
  ON g.form = 'code' AND d.code = CASE WHEN length(g.entry) % 2 = 1 THEN '0' || g.entry ELSE g.entry END
WHERE g.form = 'named'
   OR (v.lv = 1 AND g.form = 'path' AND g.depth <= 3)
   OR (v.lv = 1 AND g.form = 'code' AND d.code IS NOT NULL);

-- Every test of a topic or sub-topic: a category requirement, a keyword or an exclusion
-- word (words trimmed; blank ones dropped, they match nothing).
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_conditions AS
SELECT DISTINCT section, subtopic_no, 'category' AS kind, CAST(NULL AS STRING) AS word, l1, l2, l3
FROM consultation_topic_requirements
UNION ALL
SELECT DISTINCT s.section, s.subtopic_no, s.kind, TRIM(BOTH w.trim_chars FROM COALESCE(s.term, '')),
       CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING)
FROM settings_topic_terms s CROSS JOIN consultation_trim_chars w
WHERE s.kind IN ('keyword', 'exclusion') AND TRIM(BOTH w.trim_chars FROM COALESCE(s.term, '')) <> '';

-- Per ticket asked (by its month, source file and row) and topic or sub-topic: whether a
-- category requirement, a keyword or an exclusion word meets it. A keyword is found
-- anywhere in the content (instr, so % and _ are plain characters). Every section asks its
-- topic of this month's tickets only; early warning (warning.sql) counts each topic over
-- the valid tickets of the months it reads (`history`, empty when it reads none), so those
-- are searched too, and no other month. The hint (a comment to other engines) keeps Spark
-- from broadcasting the tickets, rather than the few conditions, to this non-equi join.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_hits AS
SELECT /*+ BROADCAST(c) */
       k.month, k.source_file, k.source_row, c.section, c.subtopic_no,
       MAX(CASE WHEN c.kind = 'category' THEN 1 ELSE 0 END) AS by_category,
       MAX(CASE WHEN c.kind = 'keyword' THEN 1 ELSE 0 END) AS by_keyword,
       MAX(CASE WHEN c.kind = 'exclusion' THEN 1 ELSE 0 END) AS by_exclusion
FROM (
    SELECT month, COALESCE(source_file, '') AS source_file, source_row, category1, category2, category3, content
    FROM t WHERE period = 'current'
    UNION ALL
    SELECT k.month, COALESCE(k.source_file, ''), k.source_row, k.category1, k.category2, k.category3, k.content
    FROM tickets k
    JOIN history h ON h.month = k.month AND h.back > 0
    LEFT JOIN (SELECT DISTINCT name FROM settings_ticket_types WHERE is_invalid) iv ON k.ticket_type = iv.name
    WHERE iv.name IS NULL
) k
JOIN consultation_topic_conditions c
  ON (c.kind = 'category'
      AND (c.l1 IS NULL OR c.l1 = COALESCE(k.category1, ''))
      AND (c.l2 IS NULL OR c.l2 = COALESCE(k.category2, ''))
      AND (c.l3 IS NULL OR c.l3 = COALESCE(k.category3, '')))
  OR (c.kind <> 'category' AND instr(COALESCE(k.content, ''), c.word) > 0)
GROUP BY k.month, k.source_file, k.source_row, c.section, c.subtopic_no;

-- The tickets in each section's topic: a rule matches by its category, or by a keyword
-- when no exclusion word is there (exclusion words leave category matches alone). The
-- sub-topic is the first in the settings' order that matches (null: "other").
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_found AS
SELECT month, source_file, source_row, section,
       MIN(CASE WHEN subtopic_no > 0 THEN subtopic_no END) AS subtopic_no
FROM consultation_topic_hits
WHERE by_category = 1 OR (by_keyword = 1 AND by_exclusion = 0)
GROUP BY month, source_file, source_row, section
HAVING SUM(CASE WHEN subtopic_no = 0 THEN 1 ELSE 0 END) > 0;

-- Each section's sub-topic buckets: the named ones by their number, then "other" (the
-- topic's `other` name) as number other_no after them, each with the topic's name and
-- other name. rank_of orders ties in a ranking (topic.rs find): the settings' position of
-- the first named sub-topic of that name, else after them all.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_buckets AS
WITH counted AS (
    SELECT section, subtopic_no, name, other,
           SUM(CASE WHEN subtopic_no > 0 THEN 1 ELSE 0 END) OVER (PARTITION BY section) AS subtopics,
           MAX(CASE WHEN subtopic_no = 0 THEN name END) OVER (PARTITION BY section) AS topic_name,
           MAX(CASE WHEN subtopic_no = 0 THEN other END) OVER (PARTITION BY section) AS other_name
    FROM settings_topics
),
buckets AS (
    SELECT section, topic_name, other_name, subtopics,
           CASE WHEN subtopic_no > 0 THEN subtopic_no ELSE subtopics + 1 END AS bucket_no,
           CASE WHEN subtopic_no > 0 THEN name ELSE other END AS name
    FROM counted
)
SELECT section, bucket_no, name, topic_name, other_name, subtopics + 1 AS other_no,
       COALESCE(MIN(CASE WHEN bucket_no <= subtopics THEN bucket_no END) OVER (PARTITION BY section, name) - 1,
                subtopics) AS rank_of
FROM buckets;

-- THE TOPIC MATCH, parameterised by `section`: every ticket of this month in that
-- section's topic, with its bucket (bucket_no, subtopic,
-- rank_of) and all of the ticket's columns. A section narrows it to its own scope
-- (WHERE section = '<key>' AND …) exactly as it narrows `t`. Tickets are told apart by
-- (month, source_file, source_row), which the export writes for every row.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_match AS
SELECT f.section, b.bucket_no, b.name AS subtopic, b.rank_of, k.*
FROM consultation_topic_found f
JOIN consultation_topic_buckets b
  ON b.section = f.section AND b.bucket_no = COALESCE(f.subtopic_no, b.other_no)
JOIN t k
  ON k.month = f.month AND COALESCE(k.source_file, '') = f.source_file AND k.source_row = f.source_row
WHERE k.period = 'current';

-- The section's own settings.
CREATE OR REPLACE TEMPORARY VIEW consultation_settings AS
SELECT CAST(MAX(CASE WHEN key = 'consultation.top_n' THEN value END) AS BIGINT) AS top_n,
       CAST(MAX(CASE WHEN key = 'consultation.topic_top_n' THEN value END) AS BIGINT) AS topic_top_n
FROM settings_scalars;

-- Whether the letter says how the top categories moved (rank_shifts.rs Moves::of): the data
-- holds last month, and at least MIN_MONTHS = 3 held months up to this one (analysis.rs
-- held_months: a month holding at least 5% of the largest month's tickets). The 3 is the
-- core's constant, not a setting.
CREATE OR REPLACE TEMPORARY VIEW consultation_moves_shown AS
SELECT r.has_previous AND h.n >= 3 AS shown
FROM report r
CROSS JOIN (
    SELECT COUNT(*) AS n
    FROM month_counts c
    CROSS JOIN (SELECT MAX(n) AS largest FROM month_counts) l
    CROSS JOIN report m
    WHERE c.n > 0 AND c.n * 20 >= l.largest AND c.month <= m.month
) h;

-- Consultations this month, last month and a year earlier.
CREATE OR REPLACE TEMPORARY VIEW consultation_total AS
SELECT COALESCE(SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END), 0) AS c,
       COALESCE(SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END), 0) AS p,
       COALESCE(SUM(CASE WHEN period = 'year_ago' THEN 1 ELSE 0 END), 0) AS y
FROM t WHERE consultation;

-- The top N named first-level categories of this month's consultations (largest first,
-- ties by name), each with last month's and a year earlier's count (the 同比 counts the
-- same type and category a year earlier) and its rank last month: competition ranking
-- among every value last month, the blank one included (rank_shifts.rs ranked); none
-- without tickets then.
CREATE OR REPLACE TEMPORARY VIEW consultation_top AS
WITH categories AS (
    SELECT COALESCE(category1, '') AS name,
           SUM(CASE WHEN period = 'current' THEN 1 ELSE 0 END) AS c,
           SUM(CASE WHEN period = 'previous' THEN 1 ELSE 0 END) AS p,
           SUM(CASE WHEN period = 'year_ago' THEN 1 ELSE 0 END) AS y
    FROM t WHERE consultation
    GROUP BY COALESCE(category1, '')
),
ranked AS (
    SELECT name, c, p, y,
           CASE WHEN name <> '' AND c > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN name <> '' AND c > 0 THEN 1 ELSE 0 END
                                        ORDER BY c DESC, name) - 1 END AS i,
           RANK() OVER (ORDER BY p DESC) AS previous_rank
    FROM categories
)
SELECT r.i, r.name, r.c, r.p, r.y, CASE WHEN r.p > 0 THEN r.previous_rank END AS previous_rank
FROM ranked r CROSS JOIN consultation_settings s
WHERE r.i < s.top_n;

-- Everything the consultation topic prints, from one count of its buckets: the topic's
-- name and tickets, its share of all consultations, the sub-topics with tickets ranked
-- (count, the settings' order, name; "other" included), and the top N named ones (the
-- ranking without "other", by its name). Rows are (path, kind, name, n, total) as in
-- consultation_items.
CREATE OR REPLACE TEMPORARY VIEW consultation_topic_items AS
WITH counted AS (
    SELECT b.bucket_no, b.name, b.rank_of, b.topic_name, b.other_name, b.other_no, COALESCE(m.n, 0) AS n
    FROM consultation_topic_buckets b
    LEFT JOIN (
        SELECT bucket_no, COUNT(*) AS n
        FROM consultation_topic_match
        WHERE section = 'consultation' AND period = 'current' AND consultation
        GROUP BY bucket_no
    ) m ON m.bucket_no = b.bucket_no
    WHERE b.section = 'consultation'
),
ranked AS (
    SELECT bucket_no, name, topic_name, other_no, n,
           SUM(n) OVER () AS total,
           CASE WHEN n > 0
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN n > 0 THEN 1 ELSE 0 END
                                        ORDER BY n DESC, rank_of, name, bucket_no) - 1 END AS i,
           CASE WHEN n > 0 AND name <> other_name
                THEN ROW_NUMBER() OVER (PARTITION BY CASE WHEN n > 0 AND name <> other_name THEN 1 ELSE 0 END
                                        ORDER BY n DESC, rank_of, name, bucket_no) - 1 END AS j
    FROM counted
)
SELECT CASE v.what WHEN 'topic' THEN 'consultation.topic'
                   WHEN 'ratio' THEN 'consultation.topic.share'
                   WHEN 'subtopics' THEN 'consultation.topic.subtopics[' || CAST(r.i AS STRING) || ']'
                   ELSE 'consultation.topic_top[' || CAST(r.j AS STRING) || ']' END AS path,
       CASE WHEN v.what IN ('topic', 'ratio') THEN v.what ELSE 'share' END AS kind,
       CASE v.what WHEN 'topic' THEN r.topic_name WHEN 'ratio' THEN NULL ELSE r.name END AS name,
       CASE WHEN v.what IN ('topic', 'ratio') THEN r.total ELSE r.n END AS n,
       CASE WHEN v.what = 'ratio' THEN c.c ELSE r.total END AS total
FROM ranked r
CROSS JOIN (VALUES ('topic'), ('ratio'), ('subtopics'), ('topic_top')) AS v(what)
CROSS JOIN consultation_total c
CROSS JOIN consultation_settings s
WHERE (v.what IN ('topic', 'ratio') AND r.bucket_no = r.other_no)
   OR (v.what = 'subtopics' AND r.i IS NOT NULL)
   OR (v.what = 'topic_top' AND r.j IS NOT NULL AND r.j < s.topic_top_n);

-- Every share, ratio and named total the section prints: (path, kind, name, n, total);
-- kind 'share' prints name/count/of/bp, 'ratio' num/den/bp, 'topic' name/total.
CREATE OR REPLACE TEMPORARY VIEW consultation_items AS
SELECT 'consultation.top[' || CAST(r.i AS STRING) || '].share' AS path, 'share' AS kind, r.name, r.c AS n, c.c AS total
FROM consultation_top r CROSS JOIN consultation_total c
UNION ALL
SELECT path, kind, name, n, total FROM consultation_topic_items;

-- Every change the section prints: (path, this month, last month, a year earlier, whether
-- it has a 同比): the total, each top category's, and, when the letter compares over time,
-- each top category's again under moves (against last month only).
CREATE OR REPLACE TEMPORARY VIEW consultation_changes AS
SELECT 'consultation.total' AS path, c, p, y, TRUE AS with_year_ago FROM consultation_total
UNION ALL
SELECT CASE WHEN v.moves THEN 'consultation.moves.changes[' ELSE 'consultation.top[' END
       || CAST(r.i AS STRING) || CASE WHEN v.moves THEN ']' ELSE '].change' END,
       r.c, r.p, r.y, NOT v.moves
FROM consultation_top r
CROSS JOIN (VALUES (FALSE), (TRUE)) AS v(moves)
CROSS JOIN consultation_moves_shown m
WHERE m.shown OR NOT v.moves;

SELECT x.path || '.' || f.k AS path,
       CASE f.k WHEN 'current' THEN x.c
                WHEN 'previous' THEN x.p
                WHEN 'year_ago' THEN x.y
                WHEN 'bp' THEN CASE WHEN x.p > 0
                    THEN CAST(SIGN(x.c - x.p) * FLOOR((ABS(x.c - x.p) * 20000 + x.p) / CAST(2 * x.p AS DOUBLE)) AS BIGINT) END
                ELSE CASE WHEN x.y > 0
                    THEN CAST(SIGN(x.c - x.y) * FLOOR((ABS(x.c - x.y) * 20000 + x.y) / CAST(2 * x.y AS DOUBLE)) AS BIGINT) END
       END AS num,
       CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM consultation_changes x
CROSS JOIN report r
CROSS JOIN (VALUES ('current'), ('previous'), ('bp'), ('year_ago'), ('year_ago_bp')) AS f(k)
WHERE f.k = 'current'
   OR (f.k IN ('previous', 'bp') AND r.has_previous)
   OR (f.k IN ('year_ago', 'year_ago_bp') AND r.has_year_ago AND x.with_year_ago)
UNION ALL
SELECT 'consultation.top[]', NULL, NULL, NULL
UNION ALL
SELECT 'consultation.topic.subtopics[]', NULL, NULL, NULL
UNION ALL
SELECT 'consultation.topic_top[]', NULL, NULL, NULL
UNION ALL
SELECT i.path || '.' || f.k,
       CASE WHEN f.k IN ('count', 'num', 'total') THEN i.n
            WHEN f.k IN ('of', 'den') THEN i.total
            WHEN f.k = 'bp' AND i.total > 0
                 THEN CAST(FLOOR((i.n * 20000 + i.total) / CAST(2 * i.total AS DOUBLE)) AS BIGINT) END,
       CASE WHEN f.k = 'name' THEN i.name END,
       NULL
FROM consultation_items i
JOIN (VALUES ('share', 'name'), ('share', 'count'), ('share', 'of'), ('share', 'bp'),
             ('ratio', 'num'), ('ratio', 'den'), ('ratio', 'bp'),
             ('topic', 'name'), ('topic', 'total')) AS f(kind, k)
  ON f.kind = i.kind
UNION ALL
SELECT 'consultation.moves.' || v.list || '[]', NULL, NULL, NULL
FROM consultation_moves_shown m CROSS JOIN (VALUES ('changes'), ('ranks')) AS v(list)
WHERE m.shown
UNION ALL
SELECT 'consultation.moves.ranks[' || CAST(r.i AS STRING) || '].' || f.k,
       CASE f.k WHEN 'rank' THEN r.i + 1 WHEN 'previous_rank' THEN r.previous_rank END,
       CASE WHEN f.k = 'name' THEN r.name END,
       NULL
FROM consultation_top r
CROSS JOIN consultation_moves_shown m
CROSS JOIN (VALUES ('name'), ('rank'), ('previous_rank')) AS f(k)
WHERE m.shown;
