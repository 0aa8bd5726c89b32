//! What the analyst can edit in a section's settings, described as data: the page builds
//! its form from it and `settings/check.rs` checks and names each field from it, so a new
//! section's fields need no code in either.

use serde::Serialize;

/// A section's settings: data with defaults, and the description of its fields.
pub trait SectionSettings:
    Serialize + serde::de::DeserializeOwned + Default + Clone + PartialEq + std::fmt::Debug
{
    /// Every field of the settings, in their order, as the form shows them.
    fn fields() -> Vec<FieldSpec>;

    /// Whether the settings hold nothing and are left out of the saved JSON.
    fn is_absent(&self) -> bool {
        false
    }

    /// The tickets, of any month, among which the section looks for its topic (its figures
    /// and the topic's facet alike); None for a section without a topic.
    fn topic_scope(&self, _view: &crate::stats::View) -> Option<crate::query::Selection> {
        None
    }
}

/// How a field is edited and what bounds it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    /// A whole number in a range (a ranking's length: 前几位).
    Count { min: u64, max: u64 },
    /// A short name (a category, a sub-topic's name), at most `check::MAX_NAME_CHARS`.
    Name,
    /// A drafted paragraph with `{topic}` and `{total}`, at most `check::MAX_TEMPLATE_CHARS`.
    Template,
    /// A topic (`settings::Topic`): its name, categories, keywords, exclusion words,
    /// sub-topics and description.
    Topic,
    /// On or off.
    Switch,
}

/// One editable field of a section's settings.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field's key in the section's settings JSON.
    pub key: &'static str,
    /// What the form and the messages call it (排名前几位).
    pub label: &'static str,
    #[serde(flatten)]
    pub kind: FieldKind,
    /// A hint shown beside the field; empty for none.
    pub hint: &'static str,
}

/// A ranking's length, as the editor allows.
pub const TOP_N: FieldKind = FieldKind::Count { min: 1, max: 20 };

impl FieldSpec {
    pub fn new(key: &'static str, label: &'static str, kind: FieldKind) -> FieldSpec {
        FieldSpec { key, label, kind, hint: "" }
    }

    pub fn hint(self, hint: &'static str) -> FieldSpec {
        FieldSpec { hint, ..self }
    }

    /// 前几位: a ranking's length.
    pub fn top_n(key: &'static str, label: &'static str) -> FieldSpec {
        FieldSpec::new(key, label, TOP_N).hint("位")
    }

    /// The section's drafted 意见建议.
    pub fn recommendation() -> FieldSpec {
        FieldSpec::new("recommendation", "意见建议模板", FieldKind::Template).hint("留空则不写；可用 {topic}、{total}")
    }
}

/// A section without settings of its own (it reads only the settings every section shares).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NoSettings;

/// Whatever a settings file holds under a section without settings is ignored.
impl<'de> serde::Deserialize<'de> for NoSettings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| NoSettings)
    }
}

impl SectionSettings for NoSettings {
    fn fields() -> Vec<FieldSpec> {
        Vec::new()
    }

    fn is_absent(&self) -> bool {
        true
    }
}
