// The settings editor: statistical month, each report section's fields (built from the
// core's description of the sections: src/sections/), value dictionaries. It holds no
// settings of its own: it shows what the settings store (www/settings-store.js) holds and
// writes every edit through it.
'use strict';

window.SettingsPanel = (() => {
  const splitWords = (text) => text.split(/[、，,;；\s]+/).map((w) => w.trim()).filter(Boolean);
  const joinWords = (words) => words.join('、');
  // Categories may hold spaces around a path's separators (城市建设 > 非法开采): not split on them.
  const splitCategories = (text) => text.split(/[、，,;；\n]+/).map((w) => w.trim()).filter(Boolean);

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

  // One sub-topic per line: 名称：关键词、关键词, then optionally ｜分类：… and ｜排除：… (a bar
  // starts a part only before one of these labels, so a category path may hold “|”). A line
  // of a name alone searches for the name, as before categories existed.
  const PART = /\s*[｜|]\s*(?=(?:分类|排除词?|关键词)\s*[：:])/;
  // What each labelled part of a sub-topic line sets.
  const PARTS = {
    分类: (subtopic, text) => (subtopic.categories = splitCategories(text)),
    关键词: (subtopic, text) => (subtopic.keywords = splitWords(text)),
    排除: (subtopic, text) => (subtopic.exclusion_words = splitWords(text)),
  };
  PARTS.排除词 = PARTS.排除;
  function parseSubtopics(text) {
    return text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [head, ...parts] = line.split(PART);
        const at = head.search(/[：:]/);
        const name = (at < 0 ? head : head.slice(0, at)).trim();
        const keywords = at < 0 ? (parts.length ? [] : [name]) : splitWords(head.slice(at + 1));
        const subtopic = { name, categories: [], keywords, exclusion_words: [] };
        for (const part of parts) {
          const colon = part.search(/[：:]/);
          PARTS[part.slice(0, colon).trim()](subtopic, part.slice(colon + 1));
        }
        return subtopic;
      });
  }

  const formatSubtopics = (subtopics) =>
    subtopics
      .map((s) => {
        let line = s.name + '：' + s.keywords.join('、');
        if (s.categories.length) line += '｜分类：' + s.categories.join('、');
        if (s.exclusion_words.length) line += '｜排除：' + s.exclusion_words.join('、');
        return line;
      })
      .join('\n');

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

  /**
   * Builds the form into `container` from `store` (www/settings-store.js) and keeps it showing
   * what the store holds: every change, wherever it came from, is written into the fields
   * (the field being typed in, and fields with an edit not yet saved, are left as typed; a
   * field shows the saved value again when left, IME composition and focus are never
   * disturbed). Edits are written through the store 400 ms after the last keystroke, and at
   * once when the field is left; `onError(message)` gets the core's reason when it refuses one.
   * `sections` is the core's description of the report's sections (`describeSections`).
   */
  function mount(container, store, sections, onError) {
    // Every field: its name, its node, and how it reads from and writes into the settings.
    let controls = [];
    // Edits typed but not yet saved, by field name: (draft) => void.
    const pending = new Map();
    let timer = null;
    let shape = '';
    let building = false;

    // What decides which fields exist (the channel groups); the rest is fixed.
    const shapeOf = (settings) => JSON.stringify(settings.channel_groups.map((g) => g.label));

    function flush() {
      clearTimeout(timer);
      timer = null;
      if (!pending.size) return;
      const edits = new Map(pending);
      // Cleared first so that the refresh this update causes fills the fields just saved.
      pending.clear();
      try {
        store.update((draft) => {
          for (const edit of edits.values()) edit(draft);
        }, 'panel');
      } catch (error) {
        // Kept, as typed, while the field is being edited: the next keystroke tries again.
        for (const [name, edit] of edits) if (!pending.has(name)) pending.set(name, edit);
        onError(String(error));
      }
    }

    function show(control, settings) {
      if (control.node.type === 'checkbox') {
        control.node.checked = !!control.read(settings);
        return;
      }
      const value = String(control.read(settings));
      if (control.node.value !== value) control.node.value = value;
    }

    function refresh(settings, change) {
      if (change && change.replaced) {
        // Imported or reset: what was typed and not yet saved belongs to the old settings.
        clearTimeout(timer);
        timer = null;
        pending.clear();
      }
      if (shapeOf(settings) !== shape) {
        build(settings);
        return;
      }
      for (const control of controls) {
        const typing = control.node === document.activeElement && !(change && change.replaced);
        if (!typing && !pending.has(control.name)) show(control, settings);
      }
    }

    function build(settings) {
      building = true;
      const focused = controls.find((c) => c.node === document.activeElement);
      const selection = focused && [focused.node.selectionStart, focused.node.selectionEnd];
      controls = [];
      container.replaceChildren(...form(settings));
      shape = shapeOf(settings);
      building = false;
      const again = focused && controls.find((c) => c.name === focused.name);
      if (again) {
        if (pending.has(again.name)) again.node.value = focused.node.value;
        again.node.focus();
        try {
          again.node.setSelectionRange(...selection);
        } catch {
          /* number and month fields have no selection */
        }
      }
    }

    function form(settings) {
      const input = (type, name, read, write, attrs) => {
        const node = el(type === 'textarea' ? 'textarea' : 'input', { ...(attrs || {}), name });
        if (type !== 'textarea') node.type = type;
        const control = { name, node, read };
        controls.push(control);
        show(control, settings);
        node.addEventListener(type === 'checkbox' ? 'change' : 'input', () => {
          const value = type === 'checkbox' ? node.checked : node.value;
          pending.set(name, (draft) => write(draft, value));
          clearTimeout(timer);
          timer = setTimeout(flush, 400);
        });
        node.addEventListener('blur', () => {
          if (building) return;
          if (pending.has(name)) flush();
          // Left, the field shows what is saved: an edit the core refused is dropped (its
          // message stays in view), so it cannot hold back the edits of other fields.
          pending.delete(name);
          show(control, store.get());
        });
        return node;
      };

      const period = el('fieldset', { class: 'settings-group' });
      period.append(el('legend', {}, '统计时间'));
      period.append(
        field('每月起始日', input('number', 'start_day', (s) => s.period.start_day, (d, v) => (d.period.start_day = Number(v) || 21), { min: 1, max: 28 }), '21 表示上月21日至本月20日'),
        field('统计月份', input('month', 'month', (s) => s.period.month, (d, v) => (d.period.month = v)), '留空则按数据自动识别'),
      );

      // One field of a section, edited as its kind says; named `<section>.<key>`.
      const sectionField = (section, spec) => {
        const name = `${section}.${spec.key}`;
        const own = (s) => s.sections[section];
        switch (spec.kind) {
          case 'count': {
            const write = (d, v) => (own(d)[spec.key] = Math.max(spec.min, Math.min(spec.max, Number(v) || spec.min)));
            return field(spec.label, input('number', name, (s) => own(s)[spec.key], write, { min: spec.min, max: spec.max }), spec.hint);
          }
          case 'template':
            return field(spec.label, input('textarea', name, (s) => own(s)[spec.key], (d, v) => (own(d)[spec.key] = v), { rows: 3 }), spec.hint);
          case 'switch':
            return field(spec.label, input('checkbox', name, (s) => own(s)[spec.key], (d, v) => (own(d)[spec.key] = v)), spec.hint);
          case 'topic': {
            const topic = (s) => own(s)[spec.key];
            const box = el('div', { class: 'topic', 'data-section': section });
            box.append(el('h4', {}, spec.label));
            box.append(
              field('热点名称', input('text', `${name}.name`, (s) => topic(s).name, (d, v) => (topic(d).name = v))),
              field('分类', input('textarea', `${name}.categories`, (s) => joinWords(topic(s).categories), (d, v) => (topic(d).categories = splitCategories(v)), { rows: 2 }), '工单分类属于其中任一项即计入，不看内容。可写任一级的名称（如“疫情防控”）、从一级起的路径（如“城市建设/非法开采”）或 DB44/T 2479 编码前缀（如“0406”），用“、”分隔'),
              field('关键词', input('textarea', `${name}.keywords`, (s) => joinWords(topic(s).keywords), (d, v) => (topic(d).keywords = splitWords(v)), { rows: 2 }), '内容含任一关键词即计入；分类、关键词满足其一即可，只计一次。用“、”分隔'),
              field('排除词', input('textarea', `${name}.exclusion_words`, (s) => joinWords(topic(s).exclusion_words), (d, v) => (topic(d).exclusion_words = splitWords(v)), { rows: 1 }), '内容含排除词的工单不按关键词计入（按分类计入的不受影响），用“、”分隔'),
              field('子类', input('textarea', `${name}.subtopics`, (s) => formatSubtopics(topic(s).subtopics), (d, v) => (topic(d).subtopics = parseSubtopics(v)), { rows: 4 }), '每行“名称：关键词、关键词”，可在后面加“｜分类：分类、分类”“｜排除：词、词”，写法同上；按顺序逐行匹配，先匹配到的计入'),
              field('说明', input('text', `${name}.description`, (s) => topic(s).description, (d, v) => (topic(d).description = v))),
            );
            return box;
          }
          default:
            return field(spec.label, input('text', name, (s) => own(s)[spec.key], (d, v) => (own(d)[spec.key] = v.trim())), spec.hint);
        }
      };

      const reportSections = el('fieldset', { class: 'settings-group', id: 'section-settings' });
      reportSections.append(el('legend', {}, '通报各节（改动后通报立即重算）'));
      for (const section of sections.filter((s) => s.fields.length)) {
        const box = el('div', { class: 'section-settings', 'data-section': section.key });
        box.append(el('h4', {}, section.title));
        for (const spec of section.fields) box.append(sectionField(section.key, spec));
        reportSections.append(box);
      }

      const values = el('fieldset', { class: 'settings-group', id: 'value-dictionaries' });
      values.append(el('legend', {}, '取值对照（导出文件里的写法 → 报告里的口径）'));
      // A list of words, at `get(settings)`, edited as “、”-separated text.
      const list = (label, name, get, hint) =>
        field(label, input('textarea', name, (s) => joinWords(get(s)), (d, v) => {
          const words = get(d);
          words.splice(0, words.length, ...splitWords(v));
        }, { rows: 2 }), hint || '用“、”分隔');
      const pairs = (label, name, get, hint) =>
        field(label, input('textarea', name, (s) => formatPairs(get(s)), (d, v) => {
          const items = get(d);
          items.splice(0, items.length, ...parsePairs(v));
        }, { rows: 4 }), hint);

      values.append(el('h4', {}, '诉求类型'));
      values.append(
        pairs('类型别名', 'ticket_types.aliases', (s) => s.ticket_types.aliases, '每行“导出写法=标准类型”，如“感谢=表扬”'),
        field('无效类型名', input('text', 'ticket_types.invalid', (s) => s.ticket_types.invalid, (d, v) => (d.ticket_types.invalid = v.trim())), '计入诉求总量，不计入有效工单'),
      );

      values.append(el('h4', {}, '渠道分组'));
      settings.channel_groups.forEach((group, index) => {
        values.append(list(group.label, `channel_groups.${index}.channels`, (s) => s.channel_groups[index].channels, '属于此组的渠道写法，用“、”分隔'));
      });

      values.append(el('h4', {}, '满意度'));
      const preset = el('select', { name: 'satisfaction.preset' });
      preset.append(new Option('选择常见量表…', ''));
      for (const [key, p] of Object.entries(SATISFACTION_PRESETS)) preset.append(new Option(p.name, key));
      preset.addEventListener('change', () => {
        const p = SATISFACTION_PRESETS[preset.value];
        preset.value = '';
        if (!p) return;
        flush();
        pending.delete('satisfaction.satisfied');
        pending.delete('satisfaction.unsatisfied');
        try {
          store.update((draft) => {
            draft.satisfaction.satisfied = p.satisfied.slice();
            draft.satisfaction.unsatisfied = p.unsatisfied.slice();
          }, 'panel');
        } catch (error) {
          onError(String(error));
        }
      });
      values.append(
        field('量表', preset, '选后填入下面三栏，可再修改'),
        list('算满意', 'satisfaction.satisfied', (s) => s.satisfaction.satisfied),
        list('算不满意', 'satisfaction.unsatisfied', (s) => s.satisfaction.unsatisfied),
        list('算未评价（不计入分母）', 'satisfaction.not_evaluated', (s) => s.satisfaction.not_evaluated, '空白也算未评价；三栏都没有的取值会在上方列出，等您指定'),
      );

      values.append(el('h4', {}, '是 / 否、办理'));
      values.append(
        list('表示“是”', 'yes_no.yes', (s) => s.yes_no.yes),
        list('表示“否”', 'yes_no.no', (s) => s.yes_no.no),
        list('表示已办结的状态', 'closed_statuses', (s) => s.closed_statuses),
        list('表示转办的办理方式', 'transfer_methods', (s) => s.transfer_methods),
      );

      values.append(el('h4', {}, '区县'));
      values.append(
        list('区县（按附件1的顺序）', 'regions', (s) => s.regions, '“廉江”等简称会自动对应到“廉江市”'),
        pairs('区县别名', 'region_aliases', (s) => s.region_aliases, '每行“导出写法=区县”，如“湛江经开区=经开区”'),
      );

      return [period, reportSections, values];
    }

    build(store.get());
    store.subscribe(refresh);
  }

  return { mount };
})();
