-- 一（二）二级处理平台话务量 (src/sections/secondary.rs): the month's records taken by the
-- counties' secondary platforms, a platform being one whose name ends in the settings'
-- suffix (廉江市二级平台 → 廉江市), by county as shares of them all, largest first. None
-- (no rows) when the export has no platform column or no such records.

-- The suffix (settings_scalars `secondary_platform_suffix`), one row.
CREATE OR REPLACE TEMPORARY VIEW secondary_settings AS
SELECT MAX(CASE WHEN key = 'secondary_platform_suffix' THEN value END) AS suffix
FROM settings_scalars;

-- Records per platform name this month, and the county the name is of when it ends in the
-- suffix (Rust strip_suffix; a field the export lacked reads as '').
CREATE OR REPLACE TEMPORARY VIEW secondary_platforms AS
SELECT p.name, p.n,
       CASE WHEN LENGTH(p.name) >= LENGTH(s.suffix)
                 AND SUBSTR(p.name, LENGTH(p.name) - LENGTH(s.suffix) + 1) = s.suffix
            THEN SUBSTR(p.name, 1, LENGTH(p.name) - LENGTH(s.suffix)) END AS county
FROM (
    SELECT COALESCE(platform, '') AS name, COUNT(*) AS n
    FROM t WHERE period = 'current'
    GROUP BY COALESCE(platform, '')
) p
CROSS JOIN secondary_settings s;

-- Each county's records, only when the export had the platform column.
CREATE OR REPLACE TEMPORARY VIEW secondary_counties AS
SELECT c.county, SUM(c.n) AS n
FROM secondary_platforms c CROSS JOIN present pr
WHERE c.county IS NOT NULL AND pr.has_platform
GROUP BY c.county;

-- The counties ranked (count, then name: ratio.rs rank) with the total; empty when the
-- total is 0, so the section is None.
CREATE OR REPLACE TEMPORARY VIEW secondary_ranked AS
SELECT c.county, c.n, a.total,
       ROW_NUMBER() OVER (ORDER BY c.n DESC, c.county) - 1 AS i
FROM secondary_counties c
CROSS JOIN (SELECT SUM(n) AS total FROM secondary_counties) a
WHERE a.total > 0;

SELECT 'secondary.total.count' AS path, total AS num, CAST(NULL AS STRING) AS txt, CAST(NULL AS BOOLEAN) AS flag
FROM secondary_ranked WHERE i = 0
UNION ALL
SELECT 'secondary.by_county[]', NULL, NULL, NULL FROM secondary_ranked WHERE i = 0
UNION ALL
SELECT 'secondary.by_county[' || CAST(i AS STRING) || '].name', NULL, county, NULL FROM secondary_ranked
UNION ALL
SELECT 'secondary.by_county[' || CAST(i AS STRING) || '].count', n, NULL, NULL FROM secondary_ranked
UNION ALL
SELECT 'secondary.by_county[' || CAST(i AS STRING) || '].of', total, NULL, NULL FROM secondary_ranked
UNION ALL
SELECT 'secondary.by_county[' || CAST(i AS STRING) || '].bp',
       CASE WHEN total > 0 THEN CAST(FLOOR((n * 20000 + total) / CAST(2 * total AS DOUBLE)) AS BIGINT) END, NULL, NULL
FROM secondary_ranked;
