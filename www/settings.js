// The settings editor: statistical month, top-N sizes, keyword topics, recommendation
// templates. It edits a plain settings object (the core's serde Settings as JSON) and calls
// onChange with the whole object; app.js validates, saves and re-computes.
'use strict';

window.SettingsPanel = (() => {
  const STORAGE_KEY = 'hotline-analyzer.settings.v1';

  const TOPICS = [
    ['consultation', '咨询类热点'],
    ['livelihood', '民生诉求类热点'],
    ['economic', '经济违法行为举报类热点'],
  ];
  const TOP_N = [
    ['consultation', 'top_n', '咨询类排名前'],
    ['consultation', 'topic_top_n', '咨询热点子类前'],
    ['livelihood', 'top_n', '民生诉求类前'],
    ['livelihood', 'region_top_n', '民生热点地区前'],
    ['consumer', 'top_n', '消费维权类前'],
    ['economic', 'top_n', '经济违法类前'],
    ['economic', 'region_top_n', '经济违法地区前'],
    ['admin_efficiency', 'region_top_n', '行政效能地区前'],
    ['admin_efficiency', 'top_n', '行政效能问题前'],
  ];
  const RECOMMENDATIONS = [
    ['consultation', '咨询类'],
    ['livelihood', '民生诉求类'],
    ['consumer', '消费维权投诉类'],
    ['economic', '经济违法行为举报类'],
    ['admin_efficiency', '行政效能投诉类'],
  ];

  const splitWords = (text) => text.split(/[、，,;；\s]+/).map((w) => w.trim()).filter(Boolean);
  const joinWords = (words) => words.join('、');

  // One pair per line: 别名=标准名 (also accepts → and ：).
  function parsePairs(text) {
    return text
      .split('\n')
      .map((line) => line.split(/\s*(?:=|＝|→|->|：|:)\s*/))
      .filter((parts) => parts.length === 2 && parts[0].trim() && parts[1].trim())
      .map(([from, to]) => [from.trim(), to.trim()]);
  }
  const formatPairs = (pairs) => pairs.map(([from, to]) => from + '=' + to).join('\n');

  // Common satisfaction scales; the user picks one and may still edit the lists.
  const SATISFACTION_PRESETS = {
    three: { name: '三级：满意 / 基本满意 / 不满意', satisfied: ['满意', '基本满意'], unsatisfied: ['不满意'] },
    five: { name: '五级：非常满意 … 非常不满意', satisfied: ['非常满意', '满意', '比较满意', '基本满意'], unsatisfied: ['一般', '比较不满意', '不满意', '非常不满意'] },
    numeric: { name: '数字：0 不满意 / 1 理解 / 2 满意 / 3 非常满意', satisfied: ['2', '3'], unsatisfied: ['0', '1'] },
  };

  // One sub-topic per line: 名称：关键词、关键词
  function parseSubtopics(text) {
    return text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const at = line.search(/[：:]/);
        return at < 0
          ? { name: line, keywords: [line] }
          : { name: line.slice(0, at).trim(), keywords: splitWords(line.slice(at + 1)) };
      });
  }

  const formatSubtopics = (subtopics) => subtopics.map((s) => s.name + '：' + s.keywords.join('、')).join('\n');

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function field(label, control, hint) {
    const wrap = el('label', { class: 'setting' });
    wrap.append(el('span', { class: 'setting-label' }, label), control);
    if (hint) wrap.append(el('span', { class: 'setting-hint' }, hint));
    return wrap;
  }

  function load() {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null; // storage disabled (some file:// setups): settings live for the session
    }
  }

  function save(settings) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
    } catch {
      /* see load() */
    }
  }

  /** Builds the form for `settings` into `container`; `onChange(settings)` on every edit. */
  function mount(container, settings, onChange) {
    container.replaceChildren();
    let timer = null;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => onChange(settings), 400);
    };
    const input = (type, value, set, attrs) => {
      const node = el(type === 'textarea' ? 'textarea' : 'input', attrs || {});
      if (type !== 'textarea') node.type = type;
      node.value = value;
      node.addEventListener('input', () => {
        set(node.value);
        changed();
      });
      return node;
    };

    const period = el('fieldset', { class: 'settings-group' });
    period.append(el('legend', {}, '统计时间'));
    period.append(
      field('每月起始日', input('number', settings.period.start_day, (v) => (settings.period.start_day = Number(v) || 21), { min: 1, max: 28, name: 'start_day' }), '21 表示上月21日至本月20日'),
      field('统计月份', input('month', settings.period.month, (v) => (settings.period.month = v), { name: 'month' }), '留空则按数据自动识别'),
    );

    const sizes = el('fieldset', { class: 'settings-group' });
    sizes.append(el('legend', {}, '排名数量'));
    for (const [section, key, label] of TOP_N) {
      const set = (v) => (settings.sections[section][key] = Math.max(1, Math.min(20, Number(v) || 1)));
      sizes.append(field(label, input('number', settings.sections[section][key], set, { min: 1, max: 20, name: `${section}.${key}` }), '位'));
    }

    const topics = el('fieldset', { class: 'settings-group' });
    topics.append(el('legend', {}, '热点关键词（改动后通报立即重算）'));
    for (const [section, label] of TOPICS) {
      const topic = settings.sections[section].topic;
      const box = el('div', { class: 'topic', 'data-section': section });
      box.append(el('h4', {}, label));
      box.append(
        field('热点名称', input('text', topic.name, (v) => (topic.name = v), { name: `${section}.topic.name` })),
        field('关键词', input('textarea', topic.keywords.join('、'), (v) => (topic.keywords = splitWords(v)), { rows: 2, name: `${section}.topic.keywords` }), '内容含任一关键词即计入，用“、”分隔'),
        field('子类', input('textarea', formatSubtopics(topic.subtopics), (v) => (topic.subtopics = parseSubtopics(v)), { rows: 3, name: `${section}.topic.subtopics` }), '每行“名称：关键词、关键词”，按顺序先匹配先计'),
        field('说明', input('text', topic.description, (v) => (topic.description = v), { name: `${section}.topic.description` })),
      );
      topics.append(box);
    }

    const advice = el('fieldset', { class: 'settings-group' });
    advice.append(el('legend', {}, '意见建议模板'));
    for (const [section, label] of RECOMMENDATIONS) {
      const s = settings.sections[section];
      advice.append(field(label, input('textarea', s.recommendation, (v) => (s.recommendation = v), { rows: 3, name: `${section}.recommendation` }), '留空则不写；可用 {topic}、{total}'));
    }

    const values = el('fieldset', { class: 'settings-group', id: 'value-dictionaries' });
    values.append(el('legend', {}, '取值对照（导出文件里的写法 → 报告里的口径）'));
    const list = (label, get, set, name, hint) =>
      field(label, input('textarea', joinWords(get()), (v) => set(splitWords(v)), { rows: 2, name }), hint || '用“、”分隔');
    const pairs = (label, get, set, name, hint) =>
      field(label, input('textarea', formatPairs(get()), (v) => set(parsePairs(v)), { rows: 4, name }), hint);

    const types = settings.ticket_types;
    values.append(el('h4', {}, '诉求类型'));
    values.append(
      pairs('类型别名', () => types.aliases, (v) => (types.aliases = v), 'ticket_types.aliases', '每行“导出写法=标准类型”，如“感谢=表扬”'),
      field('无效类型名', input('text', types.invalid, (v) => (types.invalid = v.trim()), { name: 'ticket_types.invalid' }), '计入诉求总量，不计入有效工单'),
    );

    values.append(el('h4', {}, '渠道分组'));
    settings.channel_groups.forEach((group, index) => {
      values.append(list(group.label, () => group.channels, (v) => (group.channels = v), `channel_groups.${index}.channels`, '属于此组的渠道写法，用“、”分隔'));
    });

    const sat = settings.satisfaction;
    values.append(el('h4', {}, '满意度'));
    const preset = el('select', { name: 'satisfaction.preset' });
    preset.append(new Option('选择常见量表…', ''));
    for (const [key, p] of Object.entries(SATISFACTION_PRESETS)) preset.append(new Option(p.name, key));
    preset.addEventListener('change', () => {
      const p = SATISFACTION_PRESETS[preset.value];
      if (!p) return;
      sat.satisfied = p.satisfied.slice();
      sat.unsatisfied = p.unsatisfied.slice();
      mount(container, settings, onChange);
      onChange(settings);
    });
    values.append(
      field('量表', preset, '选后填入下面三栏，可再修改'),
      list('算满意', () => sat.satisfied, (v) => (sat.satisfied = v), 'satisfaction.satisfied'),
      list('算不满意', () => sat.unsatisfied, (v) => (sat.unsatisfied = v), 'satisfaction.unsatisfied'),
      list('算未评价（不计入分母）', () => sat.not_evaluated, (v) => (sat.not_evaluated = v), 'satisfaction.not_evaluated', '空白也算未评价；三栏都没有的取值会在上方列出，等您指定'),
    );

    values.append(el('h4', {}, '是 / 否、办理'));
    values.append(
      list('表示“是”', () => settings.yes_no.yes, (v) => (settings.yes_no.yes = v), 'yes_no.yes'),
      list('表示“否”', () => settings.yes_no.no, (v) => (settings.yes_no.no = v), 'yes_no.no'),
      list('表示已办结的状态', () => settings.closed_statuses, (v) => (settings.closed_statuses = v), 'closed_statuses'),
      list('表示转办的办理方式', () => settings.transfer_methods, (v) => (settings.transfer_methods = v), 'transfer_methods'),
    );

    values.append(el('h4', {}, '区县'));
    values.append(
      list('区县（按附件1的顺序）', () => settings.regions, (v) => (settings.regions = v), 'regions', '“廉江”等简称会自动对应到“廉江市”'),
      pairs('区县别名', () => settings.region_aliases, (v) => (settings.region_aliases = v), 'region_aliases', '每行“导出写法=区县”，如“湛江经开区=经开区”'),
    );

    container.append(period, sizes, topics, advice, values);
  }

  return { load, save, mount, STORAGE_KEY };
})();
