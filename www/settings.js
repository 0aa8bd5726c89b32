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

    container.append(period, sizes, topics, advice);
  }

  return { load, save, mount, STORAGE_KEY };
})();
