//! Settings from JSON, checked as a whole before anything saves or uses them: an imported
//! file, the page's saved copy, the editor's every change. A problem is told in Chinese,
//! naming the field as the settings editor calls it; serde's English never reaches the
//! analyst. Sizes are bounded so that no settings file can make every later run slow or
//! crash (200,000 keywords took ~40 s a run; a template of 200,000 `{topic}`s a report of
//! megabytes).

use serde_json::Value;
use serde_path_to_error::Segment;

use super::{ColumnRule, Sections, Settings, SubTopic, Topic};
use crate::category::{category_rule, CategoryRuleProblem};
use crate::period::MonthId;
use crate::sections::FieldKind;
use crate::table::Field;

/// A settings file larger than this is not one: the defaults are ~6 KB, and the bounds
/// below allow a few hundred KB of real settings.
pub const MAX_JSON_BYTES: usize = 2 << 20;
/// Characters in one name or value: a keyword, a channel's spelling, a region, a label,
/// a column header. Real ones are a few characters; a sentence is not a name.
pub const MAX_NAME_CHARS: usize = 100;
/// Characters in a free text: a topic's description, the addressees, the signature.
pub const MAX_TEXT_CHARS: usize = 500;
/// Characters in one 意见建议 template (the reference's longest is ~230); a template may
/// hold `{topic}` at most this many times over, so its filled text stays a paragraph.
pub const MAX_TEMPLATE_CHARS: usize = 2_000;
/// Keywords of one topic or sub-topic (the defaults have up to 8): every ticket's text is
/// searched for them on every run.
pub const MAX_KEYWORDS: usize = 500;
/// Sub-topics of one topic (each is one more search of the topic's tickets).
pub const MAX_SUBTOPICS: usize = 50;
/// Categories of one topic or sub-topic. Each is looked up once a run among the category
/// names the file has, not per ticket, so they cost little; a topic is a few categories,
/// and a deeper level or a code prefix covers many at once.
pub const MAX_CATEGORIES: usize = 100;
/// Entries of one value list (a group's channel spellings, aliases, regions, yes/no
/// spellings, statuses, column rules …).
pub const MAX_LIST: usize = 1_000;
/// Channel groups (the report has a sentence and a chart bar for each; the default has 4).
pub const MAX_CHANNEL_GROUPS: usize = 20;
/// The first day of a statistical month, as the editor allows (every month has a 28th).
pub const START_DAY: std::ops::RangeInclusive<u32> = 1..=28;
/// At most this many problems are listed in one message.
const MAX_LISTED: usize = 5;

/// Reads settings JSON (fields left out take their defaults), checks them and gives them
/// normalised (the month as `2021-01`), or one Chinese message listing what is wrong.
pub fn from_json(json: &str) -> Result<Settings, String> {
    if json.len() > MAX_JSON_BYTES {
        return Err(format!(
            "设置文件太大（{} KB）：设置文件一般只有几 KB，最大 {} KB。请确认选的是本页“导出设置”得到的文件。",
            json.len() / 1024,
            MAX_JSON_BYTES / 1024
        ));
    }
    let value: Value = serde_json::from_str(json).map_err(|e| syntax_message(&e))?;
    if !value.is_object() {
        return Err(format!(
            "设置文件的内容应是一组设置（以 {{ 开头的 JSON 对象），收到的是{}。请使用本页“导出设置”得到的文件。",
            received(&value)
        ));
    }
    let mut settings: Settings = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path: Vec<Seg> = e.path().iter().filter_map(Seg::of).collect();
        type_message(&path, &e.inner().to_string(), &value)
    })?;
    settings.validate()?;
    if let Some(month) = month_setting(&settings.period.month) {
        settings.period.month = month.to_string();
    }
    Ok(settings)
}

/// Every problem of `settings`, each naming its field; empty when they can be used.
pub fn problems(settings: &Settings) -> Vec<String> {
    let mut p = Problems::default();
    let s = settings;

    p.name("city", &s.city);
    p.name("hotline", &s.hotline);
    p.name("leader_rank", &s.leader_rank);
    p.name("secondary_platform_suffix", &s.secondary_platform_suffix);

    if !START_DAY.contains(&s.period.start_day) {
        p.push(format!(
            "设置「{}」应为 {} 到 {} 之间的整数，收到 {}",
            label("period.start_day"),
            START_DAY.start(),
            START_DAY.end(),
            s.period.start_day
        ));
    }
    let month = s.period.month.trim();
    if !month.is_empty() && month_setting(month).is_none() {
        p.push(format!(
            "设置「{}」应为“2021-01”这样的年月（或留空，按数据自动识别），收到{}",
            label("period.month"),
            quoted(month)
        ));
    }

    p.count("column_rules", s.column_rules.len(), MAX_LIST, "");
    for (i, ColumnRule { header, .. }) in s.column_rules.iter().enumerate() {
        p.name(&format!("column_rules.{i}.header"), header);
    }

    p.count("channel_groups", s.channel_groups.len(), MAX_CHANNEL_GROUPS, "");
    for (i, group) in s.channel_groups.iter().enumerate() {
        p.name(&format!("channel_groups.{i}.label"), &group.label);
        p.name(&format!("channel_groups.{i}.short_label"), &group.short_label);
        p.names(&format!("channel_groups.{i}.channels"), &group.channels);
    }

    let types = &s.ticket_types;
    p.names("ticket_types.order", &types.order);
    p.pairs("ticket_types.aliases", &types.aliases);
    p.name("ticket_types.invalid", &types.invalid);
    p.name("ticket_types.consultation", &types.consultation);
    p.names("transfer_methods", &s.transfer_methods);
    p.names("transfer_categories", &s.transfer_categories);
    p.names("satisfaction.satisfied", &s.satisfaction.satisfied);
    p.names("satisfaction.unsatisfied", &s.satisfaction.unsatisfied);
    p.names("satisfaction.not_evaluated", &s.satisfaction.not_evaluated);
    p.names("yes_no.yes", &s.yes_no.yes);
    p.names("yes_no.no", &s.yes_no.no);
    p.names("closed_statuses", &s.closed_statuses);
    p.names("regions", &s.regions);
    p.pairs("region_aliases", &s.region_aliases);

    sections(&mut p, &s.sections);

    p.text("letter.addressees", &s.letter.addressees, MAX_TEXT_CHARS);
    p.text("letter.signature", &s.letter.signature, MAX_TEXT_CHARS);
    p.name("letter.date", &s.letter.date);
    p.list
}

/// Each section's fields, checked by their described kind (`sections::fields`).
fn sections(p: &mut Problems, sections: &Sections) {
    let values = serde_json::to_value(sections).unwrap_or(Value::Null);
    for section in crate::sections::describe() {
        for field in &section.fields {
            let path = format!("sections.{}.{}", section.key, field.key);
            let value = values.get(section.key).and_then(|v| v.get(field.key)).unwrap_or(&Value::Null);
            match field.kind {
                FieldKind::Count { min, max } => p.count_in(&path, value.as_u64().unwrap_or(0), min, max),
                FieldKind::Name => p.name(&path, value.as_str().unwrap_or("")),
                FieldKind::Template => p.template(&path, value.as_str().unwrap_or("")),
                FieldKind::Switch if !value.is_boolean() => p.push(format!("设置「{}」应为“是”或“否”", label(&path))),
                FieldKind::Switch => {}
                FieldKind::Topic => match serde_json::from_value::<Topic>(value.clone()) {
                    Ok(topic) => p.topic(&path, &topic),
                    Err(_) => p.push(format!("设置「{}」不是一个热点", label(&path))),
                },
            }
        }
    }
}

/// All problems in one message: the first few, and how many more.
pub fn message(problems: &[String]) -> String {
    let mut text: String = problems.iter().take(MAX_LISTED).map(|p| format!("{p}。")).collect();
    if problems.len() > MAX_LISTED {
        text.push_str(&format!("另有 {} 处问题未列出。", problems.len() - MAX_LISTED));
    }
    text
}

/// The statistical month as the settings may write it: `2021-01`, `2021-1`, `2021/01`,
/// `2021.1` or `2021年1月`; a real month of the years the analysis knows.
pub fn month_setting(text: &str) -> Option<MonthId> {
    let text = text.trim();
    let text = text.strip_suffix('月').unwrap_or(text);
    let (year, month) = text.split_once(['-', '/', '.', '年'])?;
    let digits = |s: &str, max: usize| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    let (year, month) = (digits(year, 4)?, digits(month, 2)?);
    // MonthId::parse holds the ranges the analysis accepts.
    MonthId::parse(&format!("{year:04}-{month:02}"))
}

#[derive(Default)]
struct Problems {
    list: Vec<String>,
}

impl Problems {
    fn push(&mut self, problem: String) {
        self.list.push(problem);
    }

    fn text(&mut self, path: &str, text: &str, max: usize) {
        let chars = text.chars().count();
        if chars > max {
            self.push(format!("设置「{}」太长：{chars} 个字，最多 {max} 个字", label(path)));
        }
    }

    fn name(&mut self, path: &str, text: &str) {
        self.text(path, text, MAX_NAME_CHARS);
    }

    fn template(&mut self, path: &str, text: &str) {
        self.text(path, text, MAX_TEMPLATE_CHARS);
    }

    fn count(&mut self, path: &str, count: usize, max: usize, why: &str) {
        if count > max {
            self.push(format!("设置「{}」有 {count} 项，最多 {max} 项{why}", label(path)));
        }
    }

    /// A list of names: bounded, and only its first overlong item is told.
    fn names(&mut self, path: &str, items: &[String]) {
        self.count(path, items.len(), MAX_LIST, "");
        if let Some(i) = items.iter().position(|item| item.chars().count() > MAX_NAME_CHARS) {
            self.name(&format!("{path}.{i}"), &items[i]);
        }
    }

    fn pairs(&mut self, path: &str, pairs: &[(String, String)]) {
        self.count(path, pairs.len(), MAX_LIST, "");
        if let Some(i) = pairs.iter().position(|(a, b)| a.chars().count().max(b.chars().count()) > MAX_NAME_CHARS) {
            self.name(&format!("{path}.{i}.0"), &pairs[i].0);
            self.name(&format!("{path}.{i}.1"), &pairs[i].1);
        }
    }

    fn count_in(&mut self, path: &str, n: u64, min: u64, max: u64) {
        if !(min..=max).contains(&n) {
            self.push(format!("设置「{}」应为 {min} 到 {max} 之间的整数，收到 {n}", label(path)));
        }
    }

    /// Words searched for in every ticket's text (keywords, exclusion words): bounded, and
    /// none blank (`blank` says what a blank one would do).
    fn words(&mut self, path: &str, words: &[String], slower: &str, blank: &str) {
        self.count(path, words.len(), MAX_KEYWORDS, slower);
        if let Some(i) = words.iter().position(|k| k.trim().is_empty()) {
            self.push(format!("设置「{}」是空的：{blank}，请删去", label(&format!("{path}.{i}"))));
        }
        if let Some(i) = words.iter().position(|k| k.chars().count() > MAX_NAME_CHARS) {
            self.name(&format!("{path}.{i}"), &words[i]);
        }
    }

    fn keywords(&mut self, path: &str, keywords: &[String]) {
        self.words(path, keywords, "（关键词越多，每次计算越慢）", "空关键词会匹配所有工单");
    }

    fn exclusion_words(&mut self, path: &str, words: &[String]) {
        self.words(path, words, "（排除词越多，每次计算越慢）", "空排除词会把按关键词找到的工单都排除");
    }

    /// Categories: bounded, and each one that covers nothing told why.
    fn categories(&mut self, path: &str, categories: &[String]) {
        self.count(path, categories.len(), MAX_CATEGORIES, "");
        for (i, entry) in categories.iter().enumerate().take(MAX_CATEGORIES) {
            let at = format!("{path}.{i}");
            if entry.chars().count() > MAX_NAME_CHARS {
                self.name(&at, entry);
                continue;
            }
            let problem = match category_rule(entry) {
                Ok(_) => continue,
                Err(CategoryRuleProblem::Blank) => "是空的，请删去".to_string(),
                Err(CategoryRuleProblem::TooDeep(levels)) => format!(
                    "写了 {levels} 级（{}），分类最多三级，如“城市建设/国土资源/非法开采”",
                    quoted(entry.trim())
                ),
                Err(CategoryRuleProblem::UnknownCode) => format!(
                    "{}不是 DB44/T 2479 的分类编码：编码应为标准中的 2、4 或 6 位数字，如“0406”",
                    quoted(entry.trim())
                ),
            };
            self.push(format!("设置「{}」{problem}", label(&at)));
        }
    }

    fn topic(&mut self, path: &str, topic: &Topic) {
        self.name(&format!("{path}.name"), &topic.name);
        self.text(&format!("{path}.description"), &topic.description, MAX_TEXT_CHARS);
        self.name(&format!("{path}.other"), &topic.other);
        self.categories(&format!("{path}.categories"), &topic.categories);
        self.keywords(&format!("{path}.keywords"), &topic.keywords);
        self.exclusion_words(&format!("{path}.exclusion_words"), &topic.exclusion_words);
        self.count(&format!("{path}.subtopics"), topic.subtopics.len(), MAX_SUBTOPICS, "");
        for (i, SubTopic { name, categories, keywords, exclusion_words }) in
            topic.subtopics.iter().enumerate().take(MAX_SUBTOPICS)
        {
            self.name(&format!("{path}.subtopics.{i}.name"), name);
            self.categories(&format!("{path}.subtopics.{i}.categories"), categories);
            self.keywords(&format!("{path}.subtopics.{i}.keywords"), keywords);
            self.exclusion_words(&format!("{path}.subtopics.{i}.exclusion_words"), exclusion_words);
        }
        // A figure's tickets are selected by sub-topic name: each must name one part only.
        if topic.other.trim().is_empty() {
            self.push(format!(
                "设置「{}」不能为空：不属于任何子类的热点工单计入这一项",
                label(&format!("{path}.other"))
            ));
        }
        let names: Vec<&str> = topic.subtopics.iter().map(|s| s.name.trim()).collect();
        for (i, name) in names.iter().enumerate().take(MAX_SUBTOPICS) {
            let field = label(&format!("{path}.subtopics.{i}.name"));
            if name.is_empty() {
                self.push(format!("设置「{field}」不能为空"));
            } else if names[..i].contains(name) || *name == topic.other.trim() {
                self.push(format!("设置「{field}」“{name}”重名：各子类和“其余归入”的名称须各不相同"));
            }
        }
    }
}

/// One step of a field's path: a key, or a place in a list.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

impl Seg {
    fn of(segment: &Segment) -> Option<Seg> {
        match segment {
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Enum { .. } | Segment::Unknown => None,
        }
    }

    fn parse(path: &str) -> Vec<Seg> {
        path.split('.')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map(Seg::Index).unwrap_or_else(|_| Seg::Key(s.to_string())))
            .collect()
    }
}

/// What the editor calls each key; "" leaves a grouping key out of the name (统计时间 ›
/// 统计月份 reads as just 统计月份) unless the key itself is meant (`GROUP_LABELS`).
const KEY_LABELS: &[(&str, &str)] = &[
    ("city", "城市名称"),
    ("hotline", "热线名称"),
    ("leader_rank", "值班领导级别"),
    ("period", ""),
    ("start_day", "每月起始日"),
    ("month", "统计月份"),
    ("column_rules", "列对应规则"),
    ("header", "列名"),
    ("field", "对应字段"),
    ("channel_groups", "渠道分组"),
    ("label", "名称"),
    ("short_label", "简称"),
    ("channels", "渠道写法"),
    ("is_phone", "是否电话组"),
    ("ticket_types", "诉求类型"),
    ("order", "类型顺序"),
    ("aliases", "别名"),
    ("invalid", "无效类型名"),
    ("consultation", "咨询类"),
    ("transfer_methods", "表示转办的办理方式"),
    ("transfer_categories", "转办类别"),
    ("satisfaction", "满意度"),
    ("satisfied", "算满意"),
    ("unsatisfied", "算不满意"),
    ("not_evaluated", "算未评价"),
    ("yes_no", ""),
    ("yes", "表示“是”"),
    ("no", "表示“否”"),
    ("closed_statuses", "表示已办结的状态"),
    ("regions", "区县"),
    ("region_aliases", "区县别名"),
    ("secondary_platform_suffix", "二级平台名称后缀"),
    ("sections", ""),
    ("name", "名称"),
    ("description", "说明"),
    ("categories", "分类"),
    ("keywords", "关键词"),
    ("exclusion_words", "排除词"),
    ("subtopics", "子类"),
    ("other", "其余归入"),
    ("letter", ""),
    ("addressees", "主送单位"),
    ("signature", "落款单位"),
    ("date", "发文日期"),
];

/// The grouping keys' own names, for when the whole group is meant.
const GROUP_LABELS: &[(&str, &str)] =
    &[("period", "统计时间"), ("yes_no", "是/否写法"), ("sections", "各节"), ("letter", "落款")];

fn key_label(key: &str) -> &str {
    KEY_LABELS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l).unwrap_or(key)
}

/// A dotted path (`sections.consultation.topic.keywords.3`) as the analyst reads it
/// (咨询类·热点·关键词第4项).
pub fn label(path: &str) -> String {
    label_of(&Seg::parse(path))
}

fn label_of(path: &[Seg]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut previous: Option<&str> = None;
    for (at, seg) in path.iter().enumerate() {
        match seg {
            Seg::Key(key) => {
                // ticket_types.consultation is the consultation type's name, not the section.
                let name = match (previous, key.as_str()) {
                    _ if described(path, at).is_some() => described(path, at).unwrap_or_default(),
                    (Some("ticket_types"), "consultation") => "咨询类型名",
                    _ if at + 1 == path.len() => {
                        GROUP_LABELS.iter().find(|(k, _)| k == key).map(|(_, l)| *l).unwrap_or_else(|| key_label(key))
                    }
                    _ => key_label(key),
                };
                if !name.is_empty() {
                    parts.push(name.to_string());
                }
                previous = Some(key);
            }
            Seg::Index(i) => {
                // The second index into an alias list is which half of the pair.
                let pair = at >= 2 && matches!(path[at - 1], Seg::Index(_));
                if pair && matches!(previous, Some("aliases" | "region_aliases")) {
                    parts.push(if *i == 0 { "导出写法" } else { "对应的标准名" }.to_string());
                } else if let Some(last) = parts.last_mut() {
                    last.push_str(&format!("第{}项", i + 1));
                } else {
                    parts.push(format!("第{}项", i + 1));
                }
            }
        }
    }
    if parts.is_empty() {
        "（整个设置）".to_string()
    } else {
        parts.join("·")
    }
}

/// What the section registry calls the key at `path[at]`: a section's title under
/// `sections`, and one of its fields' label under that.
fn described(path: &[Seg], at: usize) -> Option<&'static str> {
    let key = |i: usize| match path.get(i) {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    if key(0) != Some("sections") {
        return None;
    }
    let section = crate::sections::find(key(1)?)?;
    match at {
        1 => Some(section.title),
        2 => section.fields.iter().find(|f| Some(f.key) == key(2)).map(|f| f.label),
        _ => None,
    }
}

/// A JSON syntax error, with where it is.
fn syntax_message(error: &serde_json::Error) -> String {
    let (line, column) = (error.line(), error.column());
    match error.classify() {
        serde_json::error::Category::Eof => format!(
            "设置文件不完整：内容在第{line}行第{column}列处中断（JSON 格式）。请重新导出设置文件，或检查文件是否被截断。"
        ),
        _ => format!(
            "设置文件不是有效的 JSON：第{line}行第{column}列附近格式有误（如缺少逗号、引号或括号）。请使用本页“导出设置”得到的文件。"
        ),
    }
}

/// A value of the wrong kind: where, what was expected (read from the defaults' shape),
/// and what came. `serde_message` is read only for the missing field's name.
fn type_message(path: &[Seg], serde_message: &str, root: &Value) -> String {
    if let Some(field) = serde_message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        return format!("设置「{}」缺少「{}」一项。", label_of(path), key_label(field));
    }
    let got = at(root, path).map(received).unwrap_or_else(|| "不合格式的值".into());
    format!("设置「{}」应为{}，收到{got}。", label_of(path), expected(path))
}

/// The value at `path` in the imported JSON.
fn at<'v>(root: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    path.iter().try_fold(root, |value, seg| match seg {
        Seg::Key(key) => value.get(key.as_str()),
        Seg::Index(i) => value.get(*i),
    })
}

/// What belongs at `path`, from the shape of the defaults (with one of each list's items).
fn expected(path: &[Seg]) -> String {
    let last_key = path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    });
    if last_key == Some("field") && matches!(path.first(), Some(Seg::Key(k)) if k == "column_rules") {
        let names: Vec<String> = Field::ALL
            .iter()
            .take(4)
            .filter_map(|f| serde_json::to_value(f).ok()?.as_str().map(String::from))
            .collect();
        return format!("字段代号（如 {}）或 null（不使用）", names.join("、"));
    }
    let n = path.len();
    let pair = n >= 2 && matches!(path[n - 1], Seg::Index(_)) && !matches!(path[n - 2], Seg::Index(_));
    if pair && matches!(last_key, Some("aliases" | "region_aliases")) {
        return "一对文字，如 [\"湛江经开区\", \"经开区\"]".into();
    }
    let shape = serde_json::to_value(shape()).unwrap_or(Value::Null);
    let mut value = &shape;
    for seg in path {
        let next = match seg {
            Seg::Key(key) => value.get(key.as_str()),
            Seg::Index(_) => value.get(0),
        };
        match next {
            Some(v) => value = v,
            None => return "合适的值".into(),
        }
    }
    kind(value)
}

/// The defaults with one item in every list, so every list's items have a shape.
fn shape() -> Settings {
    let mut s = Settings::default();
    s.column_rules.push(ColumnRule { header: "派单时间".into(), field: Some(Field::IntakeTime) });
    let sections = &mut s.sections;
    for topic in [&mut sections.consultation.topic, &mut sections.livelihood.topic, &mut sections.economic.topic] {
        topic.subtopics.push(SubTopic {
            name: "采砂".into(),
            categories: Vec::new(),
            keywords: vec!["采砂".into()],
            exclusion_words: Vec::new(),
        });
        let subtopics = topic.subtopics.iter_mut().map(|s| (&mut s.categories, &mut s.exclusion_words));
        for (categories, exclusion_words) in
            [(&mut topic.categories, &mut topic.exclusion_words)].into_iter().chain(subtopics)
        {
            categories.push("非法开采".into());
            exclusion_words.push("许可证".into());
        }
    }
    s
}

fn kind(value: &Value) -> String {
    match value {
        Value::String(_) => "文字（加英文双引号）".into(),
        Value::Number(_) => "不小于 0 的整数".into(),
        Value::Bool(_) => "true 或 false".into(),
        Value::Null => "null".into(),
        Value::Array(items) => match items.first() {
            Some(Value::Array(_)) => "成对文字的列表，如 [[\"导出写法\", \"标准名\"]]".into(),
            Some(Value::String(_)) => "文字的列表，如 [\"甲\", \"乙\"]".into(),
            _ => "列表（[…]）".into(),
        },
        Value::Object(_) => "一组设置（{…}）".into(),
    }
}

/// What came, in words.
fn received(value: &Value) -> String {
    match value {
        Value::String(s) => quoted(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null（空值）".into(),
        Value::Array(items) => format!("含 {} 项的列表", items.len()),
        Value::Object(_) => "一组设置（{…}）".into(),
    }
}

/// A text as quoted in a message, cut short when long.
fn quoted(text: &str) -> String {
    const SHOWN: usize = 30;
    if text.chars().count() > SHOWN {
        format!("“{}…”（共 {} 个字）", text.chars().take(SHOWN).collect::<String>(), text.chars().count())
    } else {
        format!("“{text}”")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(json: &str) -> String {
        match from_json(json) {
            Ok(_) => panic!("accepted: {json}"),
            Err(message) => {
                assert!(!message.contains("expected") && !message.contains("invalid"), "English: {message}");
                message
            }
        }
    }

    #[test]
    fn a_month_that_is_not_one_is_refused_naming_the_field() {
        assert_eq!(
            refused(r#"{"period":{"month":"abc"}}"#),
            "设置「统计月份」应为“2021-01”这样的年月（或留空，按数据自动识别），收到“abc”。"
        );
        assert!(refused(r#"{"period":{"month":"2021-13"}}"#).contains("收到“2021-13”"));
        assert!(refused(r#"{"period":{"month":"21-01-05"}}"#).contains("统计月份"));
    }

    #[test]
    fn a_month_written_another_way_is_kept_as_the_editor_writes_it() {
        for written in ["2021-01", "2021-1", "2021/01", "2021年1月", " 2021.1 "] {
            let json = format!(r#"{{"period":{{"month":"{written}"}}}}"#);
            assert_eq!(from_json(&json).unwrap().period.month, "2021-01", "{written}");
        }
        assert_eq!(from_json(r#"{"period":{"month":""}}"#).unwrap().period.month, "");
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_told_in_chinese_with_its_field() {
        assert_eq!(refused(r#"{"period":{"start_day":"abc"}}"#), "设置「每月起始日」应为不小于 0 的整数，收到“abc”。");
        assert_eq!(refused(r#"{"period":{"month":2021}}"#), "设置「统计月份」应为文字（加英文双引号），收到2021。");
        assert_eq!(
            refused(
                r#"{"sections":{"consultation":{"topic":{"name":"疫情","keywords":["a",3],"subtopics":[],"other":"其他"}}}}"#
            ),
            "设置「咨询类·热点·关键词第2项」应为文字（加英文双引号），收到3。"
        );
        assert_eq!(
            refused(r#"{"channel_groups":[{"label":"来电","channels":"电话"}]}"#),
            "设置「渠道分组第1项·渠道写法」应为文字的列表，如 [\"甲\", \"乙\"]，收到“电话”。"
        );
        assert_eq!(
            refused(r#"{"region_aliases":[["开发区"]]}"#),
            "设置「区县别名第1项」应为一对文字，如 [\"湛江经开区\", \"经开区\"]，收到含 1 项的列表。"
        );
        assert!(refused(r#"{"column_rules":[{"header":"派单时间","field":"when"}]}"#)
            .starts_with("设置「列对应规则第1项·对应字段」应为字段代号（如 id、intake_time"));
        assert_eq!(refused(r#"{"period":{"start_day":-1}}"#), "设置「每月起始日」应为不小于 0 的整数，收到-1。");
        assert_eq!(refused(r#"{"yes_no":"是"}"#), "设置「是/否写法」应为一组设置（{…}），收到“是”。");
    }

    #[test]
    fn a_missing_part_of_a_topic_is_named() {
        assert_eq!(
            refused(r#"{"sections":{"economic":{"topic":{"keywords":["烟"],"subtopics":[],"other":"其他"}}}}"#),
            "设置「经济违法行为举报类·热点」缺少「名称」一项。"
        );
    }

    #[test]
    fn broken_json_is_told_with_its_line_and_column() {
        assert_eq!(
            refused("{\n  \"city\": \"茂名市\"\n  \"hotline\": \"x\"\n}"),
            "设置文件不是有效的 JSON：第3行第3列附近格式有误（如缺少逗号、引号或括号）。请使用本页“导出设置”得到的文件。"
        );
        assert!(refused("{\"city\": \"茂").starts_with("设置文件不完整：内容在第1行"));
        assert!(refused("[1, 2]").starts_with("设置文件的内容应是一组设置"));
        assert!(refused(&"[".repeat(10_000)).starts_with("设置文件不是有效的 JSON"));
    }

    fn with_topic_keywords(keywords: usize) -> String {
        let keywords: Vec<String> = (0..keywords).map(|i| format!("k{i}")).collect();
        serde_json::json!({"sections": {"consultation": {"topic": {
            "name": "疫情", "keywords": keywords, "subtopics": [], "other": "其他"}}}})
        .to_string()
    }

    #[test]
    fn lists_and_texts_are_bounded() {
        assert!(from_json(&with_topic_keywords(MAX_KEYWORDS)).is_ok());
        assert_eq!(
            refused(&with_topic_keywords(200_000)),
            "设置「咨询类·热点·关键词」有 200000 项，最多 500 项（关键词越多，每次计算越慢）。"
        );
        let template = "{topic}".repeat(200_000);
        let json = serde_json::json!({"sections": {"livelihood": {"recommendation": template}}}).to_string();
        assert_eq!(refused(&json), "设置「民生诉求类·意见建议模板」太长：1400000 个字，最多 2000 个字。");
        let channels: Vec<String> = (0..=MAX_LIST).map(|i| i.to_string()).collect();
        let json = serde_json::json!({"channel_groups": [{"label": "来电", "channels": channels}]}).to_string();
        assert_eq!(refused(&json), "设置「渠道分组第1项·渠道写法」有 1001 项，最多 1000 项。");
        let json = serde_json::json!({"region_aliases": [["开发区", "经".repeat(101)]]}).to_string();
        assert_eq!(refused(&json), "设置「区县别名第1项·对应的标准名」太长：101 个字，最多 100 个字。");
        assert!(refused(&format!("{{\"city\":\"{}\"}}", "x".repeat(MAX_JSON_BYTES))).starts_with("设置文件太大"));
    }

    #[test]
    fn rankings_start_day_and_blank_keywords_are_checked() {
        assert_eq!(
            refused(r#"{"sections":{"consumer":{"detail_top_n":0}}}"#),
            "设置「消费维权投诉类·细分前几位」应为 1 到 20 之间的整数，收到 0。"
        );
        assert_eq!(refused(r#"{"period":{"start_day":31}}"#), "设置「每月起始日」应为 1 到 28 之间的整数，收到 31。");
        let json = r#"{"sections":{"economic":{"topic":{"name":"烟","keywords":["烟"],"subtopics":[{"name":"假烟","keywords":[" "]}],"other":"其他"}}}}"#;
        assert_eq!(
            refused(json),
            "设置「经济违法行为举报类·热点·子类第1项·关键词第1项」是空的：空关键词会匹配所有工单，请删去。"
        );
    }

    fn with_economic_topic(categories: serde_json::Value, exclusion_words: serde_json::Value) -> String {
        serde_json::json!({"sections": {"economic": {"topic": {
            "name": "烟", "categories": categories, "keywords": ["烟"], "exclusion_words": exclusion_words,
            "subtopics": [{"name": "假烟", "categories": ["假冒卷烟"], "keywords": ["假烟"], "exclusion_words": ["电子烟"]}],
            "other": "其他"}}}})
        .to_string()
    }

    #[test]
    fn a_topics_categories_and_exclusion_words_are_checked_and_named_in_chinese() {
        let fine = from_json(&with_economic_topic(
            serde_json::json!(["烟草专卖品", "城市建设/非法开采", "020406"]),
            serde_json::json!(["电子烟"]),
        ))
        .unwrap();
        assert_eq!(fine.sections.economic.topic.categories, ["烟草专卖品", "城市建设/非法开采", "020406"]);
        assert_eq!(fine.sections.economic.topic.subtopics[0].exclusion_words, ["电子烟"]);
        assert_eq!(
            label("sections.economic.topic.subtopics.0.categories.1"),
            "经济违法行为举报类·热点·子类第1项·分类第2项"
        );
        let message = refused(&with_economic_topic(
            serde_json::json!([" ", "0999", "甲/乙/丙/丁", "烟".repeat(101)]),
            serde_json::json!(["电子烟", "  "]),
        ));
        let problems: Vec<&str> = message.split_terminator('。').collect();
        assert_eq!(
            problems,
            [
                "设置「经济违法行为举报类·热点·分类第1项」是空的，请删去",
                "设置「经济违法行为举报类·热点·分类第2项」“0999”不是 DB44/T 2479 的分类编码：编码应为标准中的 2、4 或 6 位数字，如“0406”",
                "设置「经济违法行为举报类·热点·分类第3项」写了 4 级（“甲/乙/丙/丁”），分类最多三级，如“城市建设/国土资源/非法开采”",
                "设置「经济违法行为举报类·热点·分类第4项」太长：101 个字，最多 100 个字",
                "设置「经济违法行为举报类·热点·排除词第2项」是空的：空排除词会把按关键词找到的工单都排除，请删去",
            ]
        );
        let many: Vec<String> = (0..=MAX_CATEGORIES).map(|i| format!("分类{i}")).collect();
        let message = refused(&with_economic_topic(serde_json::json!(many), serde_json::json!([])));
        assert!(message.starts_with("设置「经济违法行为举报类·热点·分类」有 101 项，最多 100 项。"), "{message}");
        assert_eq!(
            refused(&with_economic_topic(serde_json::json!("烟草专卖品"), serde_json::json!([]))),
            "设置「经济违法行为举报类·热点·分类」应为文字的列表，如 [\"甲\", \"乙\"]，收到“烟草专卖品”。"
        );
        assert_eq!(
            refused(&with_economic_topic(serde_json::json!([]), serde_json::json!([3]))),
            "设置「经济违法行为举报类·热点·排除词第1项」应为文字（加英文双引号），收到3。"
        );
        let json = r#"{"sections":{"consultation":{"topic":{"name":"疫情","keywords":[],"other":"其他",
            "subtopics":[{"name":"返湛","categories":"返湛防控","keywords":[]}]}}}}"#;
        assert_eq!(
            refused(json),
            "设置「咨询类·热点·子类第1项·分类」应为文字的列表，如 [\"甲\", \"乙\"]，收到“返湛防控”。"
        );
    }

    #[test]
    fn sub_topics_are_named_each_once_and_never_blank() {
        let json = r#"{"sections":{"economic":{"topic":{"name":"烟","keywords":["烟"],"subtopics":[
            {"name":"假烟","keywords":["假烟"]},{"name":"假烟","keywords":["假冒"]},{"name":" ","keywords":["烟酒"]},
            {"name":"其他烟类","keywords":["卷烟"]}],"other":"其他烟类"}}}}"#;
        let message = refused(json);
        assert!(message.contains("子类第2项·名称」“假烟”重名"), "{message}");
        assert!(message.contains("子类第3项·名称」不能为空"), "{message}");
        assert!(message.contains("子类第4项·名称」“其他烟类”重名"), "{message}");
        let blank_other =
            r#"{"sections":{"livelihood":{"topic":{"name":"开采","keywords":["采砂"],"subtopics":[],"other":""}}}}"#;
        assert!(refused(blank_other).contains("其余归入」不能为空"));
    }

    #[test]
    fn several_problems_are_listed_together_up_to_five() {
        let json = r#"{"period":{"start_day":0,"month":"x"},"sections":{"consultation":{"top_n":0,"topic_top_n":0},
            "livelihood":{"top_n":0,"region_top_n":0}}}"#;
        let message = refused(json);
        assert!(
            message.starts_with("设置「每月起始日」应为 1 到 28 之间的整数，收到 0。设置「统计月份」"),
            "{message}"
        );
        assert!(message.ends_with("另有 1 处问题未列出。"), "{message}");
    }

    #[test]
    fn the_defaults_and_their_export_pass() {
        assert!(problems(&Settings::default()).is_empty());
        let json = serde_json::to_string_pretty(&Settings::default()).unwrap();
        assert_eq!(from_json(&json).unwrap(), Settings::default());
    }

    #[test]
    fn every_field_of_the_settings_has_a_chinese_name() {
        fn paths(value: &Value, at: &str, out: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    for (k, v) in map {
                        let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                        out.push(path.clone());
                        paths(v, &path, out);
                    }
                }
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        paths(v, &format!("{at}.{i}"), out);
                    }
                }
                _ => {}
            }
        }
        let mut all = Vec::new();
        paths(&serde_json::to_value(shape()).unwrap(), "", &mut all);
        assert!(all.len() > 100);
        for path in all {
            let name = label(&path);
            assert!(!name.chars().any(|c| c.is_ascii_alphabetic()), "no Chinese name for {path}: {name}");
        }
        assert_eq!(label("sections.consumer.detail_top_n"), "消费维权投诉类·细分前几位");
        assert_eq!(
            label("sections.economic.topic.subtopics.0.keywords.2"),
            "经济违法行为举报类·热点·子类第1项·关键词第3项"
        );
    }
}
