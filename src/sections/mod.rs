//! The report's sections, in the letter's order, each registered by one line. A section is
//! its settings (data with a default, `SectionSettings`), one stats function
//! `fn(&View, &Settings) -> Figures` and one report function (`report::SectionWriter`). The
//! line below generates everything that lists the sections: the settings' `sections`
//! object, the fields of `Figures`, computing them, writing them in order under their part's
//! heading, and the description the page builds its settings form from.

pub mod fields;
mod parts;
pub mod rank_shifts;

use serde::Serialize;

pub use fields::{FieldKind, FieldSpec, NoSettings, SectionSettings};

use crate::notice::Notice;
use crate::report::numbering::Numbering;
use crate::report::Writer;
use crate::settings::Settings;
use crate::stats::{self, View};

/// A section as the page's settings form and messages know it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SectionDescription {
    /// Its key in `settings.sections` and in the figures.
    pub key: &'static str,
    /// The heading of the part it is written under (诉求量情况).
    pub part: &'static str,
    /// What the settings form and messages call it (咨询类).
    pub title: &'static str,
    pub fields: Vec<FieldSpec>,
}

macro_rules! sections {
    ($( $part:literal { $( $key:ident : $settings:ty => $figures:ty, $title:literal; )* } )*) => {
        $($( pub mod $key; )*)*

        /// Each section's settings, under its key; sections without settings are left out
        /// of the JSON.
        #[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, PartialEq)]
        #[serde(default)]
        pub struct Sections {
            $($(
                #[serde(skip_serializing_if = "SectionSettings::is_absent")]
                pub $key: $settings,
            )*)*
        }

        /// All figures of one statistical month: each section's, and the attachments'.
        #[derive(Debug, Clone, Serialize, serde::Deserialize)]
        pub struct Figures {
            pub period: crate::period::Period,
            pub previous: Option<crate::period::Period>,
            $($( pub $key: $figures, )*)*
            pub units: stats::units::UnitFigures,
        }

        /// Every section's figures, each from its own settings.
        pub fn compute(view: &View) -> Figures {
            let sections = &view.settings.sections;
            Figures {
                period: view.period,
                previous: view.previous,
                $($( $key: $key::compute(view, &sections.$key), )*)*
                units: stats::units::units(view),
            }
        }

        /// Writes every section in order, each part's heading before its sections; a part
        /// whose sections wrote nothing (预警提示 on one month's data) is left out whole.
        pub fn write(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
            $(
                let (before, numbering) = (w.blocks.len(), n.clone());
                w.heading(1, n.part($part));
                $( $key::write(w, n, figures, settings, notices); )*
                if w.blocks.len() == before + 1 {
                    w.blocks.truncate(before);
                    *n = numbering;
                }
            )*
        }

        /// Where the section `key` looks for its topic (`SectionSettings::topic_scope`).
        pub fn topic_scope(view: &View, key: &str) -> Option<crate::query::Selection> {
            let sections = &view.settings.sections;
            match key {
                $($( stringify!($key) => sections.$key.topic_scope(view), )*)*
                _ => None,
            }
        }

        /// The sections in order, with their editable fields.
        pub fn describe() -> Vec<SectionDescription> {
            vec![$($(
                SectionDescription {
                    key: stringify!($key),
                    part: $part,
                    title: $title,
                    fields: <$settings as SectionSettings>::fields(),
                },
            )*)*]
        }
    };
}

// One line per section: `key: its settings => its figures, its title;`. The key names the
// section's file (`src/sections/<key>.rs`, with `compute` and `write`), its place in the
// settings JSON and in the figures.
sections! {
    "诉求量情况" {
        intake: NoSettings => intake::IntakeFigures, "诉求总体情况";
        secondary: NoSettings => Option<secondary::SecondaryFigures>, "二级处理平台话务量";
        leader_duty: NoSettings => Option<leader_duty::LeaderDutyFigures>, "领导值班情况";
    }
    "工单量总体情况" {
        tickets: NoSettings => tickets::TicketFigures, "工单量总体情况";
        transferred: NoSettings => transferred::TransferredFigures, "转办工单";
    }
    "热点诉求分析研判" {
        consultation: consultation::ConsultationSection => consultation::ConsultationFigures, "咨询类";
        livelihood: livelihood::LivelihoodSection => livelihood::LivelihoodFigures, "民生诉求类";
        consumer: consumer::ConsumerSection => consumer::ConsumerFigures, "消费维权投诉类";
        economic: economic::EconomicSection => economic::EconomicFigures, "经济违法行为举报类";
        admin_efficiency: admin_efficiency::AdminEfficiencySection => admin_efficiency::AdminEfficiencyFigures, "行政效能投诉类";
    }
    "重复诉求与办理质量" {
        quality: quality::QualitySection => quality::Quality, "重复诉求与办理质量";
    }
    "预警提示" {
        warning: warning::WarningSection => Option<warning::WarningFigures>, "预警提示";
    }
}

/// Each section's topic (a field of kind `Topic`), with the section's key, in the letter's order.
pub fn topics(sections: &Sections) -> Vec<(&'static str, crate::settings::Topic)> {
    let Ok(values) = serde_json::to_value(sections) else { return Vec::new() };
    describe()
        .into_iter()
        .filter_map(|section| {
            let field = section.fields.iter().find(|f| f.kind == FieldKind::Topic)?;
            let topic = serde_json::from_value(values.get(section.key)?.get(field.key)?.clone()).ok()?;
            Some((section.key, topic))
        })
        .collect()
}

/// The section registered under `key`.
pub fn find(key: &str) -> Option<SectionDescription> {
    describe().into_iter().find(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_every_section_is_described() {
        let settings = serde_json::to_value(Sections::default()).unwrap();
        for section in describe() {
            let mut keys: Vec<String> = match settings.get(section.key) {
                Some(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
                None => Vec::new(),
                Some(other) => panic!("{}: settings are not an object: {other}", section.key),
            };
            let mut described: Vec<&str> = section.fields.iter().map(|f| f.key).collect();
            keys.sort();
            described.sort();
            assert_eq!(keys, described, "section {}", section.key);
        }
    }

    #[test]
    fn sections_without_settings_stay_out_of_the_saved_settings() {
        let json = serde_json::to_value(Sections::default()).unwrap();
        let saved: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(saved.len(), 7, "{saved:?}");
        assert!(["consultation", "livelihood", "consumer", "economic", "admin_efficiency", "quality", "warning"]
            .iter()
            .all(|k| saved.contains(k)));
        // An old or foreign file holding something there still loads.
        let sections: Sections = serde_json::from_str(r#"{"intake":{"x":1},"tickets":3}"#).unwrap();
        assert_eq!(sections, Sections::default());
    }

    #[test]
    fn the_sections_are_described_in_the_letters_order_under_their_parts() {
        let order: Vec<(&str, &str)> = describe().iter().map(|s| (s.part, s.key)).collect();
        assert_eq!(order.first(), Some(&("诉求量情况", "intake")));
        assert_eq!(order.last(), Some(&("预警提示", "warning")));
        assert_eq!(find("consumer").unwrap().title, "消费维权投诉类");
        let json = serde_json::to_value(find("consultation").unwrap()).unwrap();
        assert_eq!(
            json["fields"][1],
            serde_json::json!({"key": "top_n", "label": "排名前几位", "kind": "count", "min": 1, "max": 20, "hint": "位"})
        );
    }
}
