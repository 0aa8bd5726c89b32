// DuckDB-WASM, loaded from the local npm package (no CDN), computing the benchmark
// statistics in SQL from the same File. Its engine start is timed apart, as the issue does.
import * as duckdb from './node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';

const dist = new URL('node_modules/@duckdb/duckdb-wasm/dist/', import.meta.url).href;
let db = null;

window.benchDuckStart = async () => {
  const t0 = performance.now();
  const worker = new Worker(dist + 'duckdb-browser-eh.worker.js');
  db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(dist + 'duckdb-eh.wasm');
  return { ms: performance.now() - t0 };
};

const list = (items) => items.map((i) => `'${i}'`).join(', ');

// The columns the statistics read, as the reference export names them.
const COLUMNS = ['受理时间', '诉求渠道', '诉求类型', '办理方式', '转办类别', '一级分类', '办结期限', '办结时间', '工单状态', '满意度', '诉求内容'];
const TIMES = ['受理时间', '办结期限', '办结时间'];
const quoted = (name) => `"${name}"`;
/** A time column in the reference form, from text DuckDB parses with `format`. */
const parsedTime = (format) => (column) => `strftime(strptime("${column}", '${format}'), '%Y-%m-%d %H:%M:%S')`;

/**
 * How DuckDB is asked to read each dialect of the benchmark corpus (src/sample/formats.rs)
 * into the reference columns: read_csv's options and an expression per column that differs.
 * What a user of DuckDB would write for that export; a dialect it cannot read fails in the
 * table with DuckDB's own error.
 */
const DIALECTS = {
  'slash-times': { times: parsedTime('%Y/%-m/%-d %-H:%M') },
  'chinese-times': { times: parsedTime('%Y年%-m月%-d日 %-H时%M分') },
  'serial-times': {
    times: (column) => `strftime(TIMESTAMP '1899-12-30' + to_seconds(CAST(round(CAST("${column}" AS DOUBLE) * 86400) AS BIGINT)), '%Y-%m-%d %H:%M:%S')`,
  },
  'wide-headers': {
    names: { 受理时间: '12345受理时间', 诉求渠道: '12345工单来源', 诉求类型: '来电类别', 办理方式: '处理方式', 办结期限: '办理截止时间', 办结时间: '结案时间', 工单状态: '办理状态', 满意度: '回访满意度', 诉求内容: '内容描述' },
  },
  'category-path': { columns: { 一级分类: `split_part(regexp_replace("问题分类名称", ' - |>|＞|→', '/', 'g'), '/', 1)` } },
  'db44-codes': { columns: { 一级分类: `left("问题分类编码", 2)` } },
  gbk: { options: ', skip = 1' },
  'utf16-tsv': { options: `, encoding = 'utf-16', delim = '\t'` },
};

/** The SELECT list giving the reference columns from a dialect's file. */
function referenceColumns(dialect) {
  const d = DIALECTS[dialect] || {};
  return COLUMNS.map((name) => {
    const source = (d.names && d.names[name]) || name;
    const expression = (d.columns && d.columns[name]) || (d.times && TIMES.includes(name) ? d.times(source) : quoted(source));
    return `${expression} AS "${name}"`;
  }).join(', ');
}

window.benchDuck = async (dialect) => {
  const B = BENCH;
  const file = document.getElementById('file').files[0];
  const t0 = performance.now();
  await db.registerFileHandle('input.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const conn = await db.connect();
  const rows = async (sql) => (await conn.query(sql)).toArray().map((r) => r.toJSON());
  try {
    await conn.query(`CREATE OR REPLACE TABLE t AS SELECT *,
        CASE WHEN "受理时间" >= '${B.current[0]}' AND "受理时间" < '${B.current[1]}' THEN 'c'
             WHEN "受理时间" >= '${B.previous[0]}' AND "受理时间" < '${B.previous[1]}' THEN 'p' END AS period
      FROM (SELECT ${referenceColumns(dialect)}
            FROM read_csv('input.csv', header = true, all_varchar = true${(DIALECTS[dialect] || {}).options || ''}))`);
    const groupCase = B.groups.map((g, i) => `WHEN trim("诉求渠道") IN (${list(g)}) THEN ${i}`).join(' ');
    const counts = await rows(`SELECT period, count(*)::INTEGER AS n FROM t WHERE period IS NOT NULL GROUP BY period`);
    const groups = await rows(`SELECT period, CASE ${groupCase} END AS g, count(*)::INTEGER AS n FROM t
      WHERE period IS NOT NULL GROUP BY ALL`);
    const types = await rows(`SELECT trim("诉求类型") AS type, count(*)::INTEGER AS n FROM t WHERE period = 'c' GROUP BY 1`);
    const valid = `period = 'c' AND "诉求类型" <> '无效'`;
    const transferredWhere = `${valid} AND "办理方式" IN (${list(B.transferMethods)})`;
    const transferred = await rows(`SELECT "转办类别" AS category, count(*)::INTEGER AS n FROM t WHERE ${transferredWhere} GROUP BY 1`);
    const top5 = await rows(`SELECT "一级分类" AS category, count(*)::INTEGER AS n FROM t
      WHERE ${valid} AND "诉求类型" = '咨询' AND "一级分类" IS NOT NULL GROUP BY 1 ORDER BY n DESC LIMIT 5`);
    const keyword = await rows(`SELECT count(*)::INTEGER AS n FROM t WHERE ${valid} AND "诉求类型" = '咨询'
      AND regexp_matches("诉求内容", '${B.keywords.join('|')}')`);
    const onTime = await rows(`SELECT avg(CASE WHEN "办结时间" <= "办结期限" AND "工单状态" IN (${list(B.closed)}) THEN 1 ELSE 0 END) AS r
      FROM t WHERE ${transferredWhere}`);
    const satisfaction = await rows(`SELECT sum(CASE WHEN "满意度" IN (${list(B.satisfied)}) THEN 1 ELSE 0 END)::DOUBLE
        / sum(CASE WHEN "满意度" IN (${list(B.satisfied)}) OR "满意度" IN (${list(B.unsatisfied)}) THEN 1 ELSE 0 END) AS r
      FROM t WHERE ${valid}`);
    const of = (period) => (counts.find((c) => c.period === period) || { n: 0 }).n;
    const summary = {
      current: of('c'), previous: of('p'), groups, types, transferred, top5, keyword: keyword[0].n,
      onTime: onTime[0].r, satisfaction: satisfaction[0].r,
    };
    return { ms: performance.now() - t0, summary };
  } finally {
    await conn.query('DROP TABLE IF EXISTS t');
    await conn.close();
    await db.dropFile('input.csv');
  }
};
