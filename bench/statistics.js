// The statistics every tool computes in the benchmark, as the issue lists them: channel
// groups for two periods, ticket types, transferred tickets by category, the top-5
// consultation categories, a keyword count over the content, on-time and satisfaction
// rates. Defined once here (the defaults of the analyzer's settings) for the JS tools;
// duckdb.mjs states the same in SQL.
'use strict';

const BENCH = {
  current: ['2020-12-21', '2021-01-21'],
  previous: ['2020-11-21', '2020-12-21'],
  groups: [
    ['电话', '来电', '热线电话', '12345电话'],
    ['微信公众号', '微信', '网站', '手机APP', 'APP', '短信', '邮件'],
    ['市政府网留言', '政府网站留言', '市长信箱'],
    ['省政务服务咨询投诉平台', '省平台', '粤省心'],
  ],
  transferMethods: ['转办', '转派', '督办', '派单'],
  closed: ['已办结', '办结', '已结案', '结案', '已完成', '已归档'],
  satisfied: ['满意', '基本满意', '非常满意', '比较满意'],
  unsatisfied: ['不满意', '非常不满意', '比较不满意'],
  keywords: ['新冠', '疫情', '核酸', '隔离', '疫苗', '防疫', '返湛', '到湛'],
};

/** Accumulates the statistics row by row; `finish()` gives the summary all tools share. */
function StatisticsAccumulator(header) {
  const at = (name) => header.indexOf(name);
  const c = {
    time: at('受理时间'), channel: at('诉求渠道'), type: at('诉求类型'), method: at('办理方式'),
    transfer: at('转办类别'), level1: at('一级分类'), deadline: at('办结期限'), closedAt: at('办结时间'),
    status: at('工单状态'), satisfaction: at('满意度'), content: at('诉求内容'),
  };
  const groupOf = new Map();
  BENCH.groups.forEach((channels, i) => channels.forEach((ch) => groupOf.set(ch, i)));
  const s = {
    current: 0, previous: 0, groupsCurrent: [0, 0, 0, 0], groupsPrevious: [0, 0, 0, 0],
    types: {}, transferred: {}, consultation: {}, keyword: 0,
    transferredTotal: 0, onTime: 0, satisfied: 0, evaluated: 0,
  };
  const inc = (map, key) => { map[key] = (map[key] || 0) + 1; };
  return {
    add(row) {
      const t = timeText(row[c.time]);
      const inCurrent = t >= BENCH.current[0] && t < BENCH.current[1];
      const inPrevious = !inCurrent && t >= BENCH.previous[0] && t < BENCH.previous[1];
      if (!inCurrent && !inPrevious) return;
      const group = groupOf.get(String(row[c.channel] ?? '').trim());
      if (inPrevious) {
        s.previous++;
        if (group !== undefined) s.groupsPrevious[group]++;
        return;
      }
      s.current++;
      if (group !== undefined) s.groupsCurrent[group]++;
      const type = String(row[c.type] ?? '').trim();
      inc(s.types, type);
      if (type === '无效') return;
      if (type === '咨询') {
        inc(s.consultation, row[c.level1] || '');
        const content = String(row[c.content] ?? '');
        if (BENCH.keywords.some((k) => content.includes(k))) s.keyword++;
      }
      if (BENCH.transferMethods.includes(row[c.method])) {
        s.transferredTotal++;
        inc(s.transferred, row[c.transfer] || '');
        const closedAt = timeText(row[c.closedAt]);
        const deadline = timeText(row[c.deadline]);
        if (closedAt && deadline && closedAt <= deadline && BENCH.closed.includes(row[c.status])) s.onTime++;
      }
      const sat = row[c.satisfaction];
      if (BENCH.satisfied.includes(sat)) { s.satisfied++; s.evaluated++; }
      else if (BENCH.unsatisfied.includes(sat)) s.evaluated++;
    },
    finish() {
      const top5 = Object.entries(s.consultation).filter(([k]) => k).sort((a, b) => b[1] - a[1]).slice(0, 5);
      return {
        current: s.current, previous: s.previous, groupsCurrent: s.groupsCurrent, groupsPrevious: s.groupsPrevious,
        types: s.types, transferred: s.transferred, top5, keyword: s.keyword,
        onTime: s.onTime / s.transferredTotal, satisfaction: s.satisfied / s.evaluated,
      };
    },
  };
}

/** A time cell as `YYYY-MM-DD HH:MM:SS` text (an Excel serial number is converted). */
function timeText(value) {
  if (typeof value === 'number') {
    const ms = Math.round((value - 25569) * 86400000);
    return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  }
  return value == null ? '' : String(value);
}
