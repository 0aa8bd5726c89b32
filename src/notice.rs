//! What the analyst should know about a run, as data. Each notice is a code with its
//! parameters, a severity and what it concerns; its Chinese sentence is written here, once,
//! and sent along for display. The page decides what to do with a notice from its code and
//! parameters, never from its text.

use serde::Serialize;

/// How much a notice asks of the analyst.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Part of the report was left out because the data holds nothing for it.
    Info,
    /// The data has a problem the analyst should look at.
    Warning,
    /// The settings lack a choice only the analyst can make (the page offers it).
    Decision,
}

/// Why a rate in the overall paragraph was left out.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    InstantAnswer,
    OnTime,
    Satisfaction,
}

/// What is wrong with the values of an optional column.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CellProblem {
    /// A deadline or closing time that is not a time: taken as blank.
    NotATime,
    /// A category code that is not a DB44/T 2479 code: the category is taken as blank.
    NotACategoryCode,
    /// A count of returns, re-dispatches … that is neither a number nor yes / no: taken as 0.
    NotACount,
}

impl CellProblem {
    fn wording(self) -> &'static str {
        match self {
            CellProblem::NotATime => "无法识别为时间，按空值处理",
            CellProblem::NotACategoryCode => "不是 DB44/T 2479 分类编码，分类按空值处理",
            CellProblem::NotACount => "不是次数（应为数字或“是/否”），按 0 次处理",
        }
    }
}

/// Every kind of notice, with what its sentence and the page's control need.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum NoticeKind {
    /// The report was made from imported figures (computed elsewhere): no tickets stand
    /// behind its numbers here.
    ImportedFigures {
        file: String,
    },
    /// The data has no previous statistical month: changes are left out.
    NoPreviousMonth {
        year: i32,
        month: u32,
    },
    /// Months this machine remembers from earlier analyses, used for the trends (and the
    /// warning, when the letter has one).
    RememberedMonths {
        months: Vec<String>,
        in_warning: bool,
    },
    /// The warning's emerging problems need earlier months' texts, and the file has none.
    EmergingNeedsEarlierTickets,
    /// 重复诉求与办理质量 needs a caller or an address column; `missing` names the columns
    /// the files lack, `left_out` the analyses not made for want of them.
    RepeatsNeedColumns {
        missing: Vec<String>,
        left_out: Vec<String>,
    },
    /// 重复诉求与办理质量 is written, but a column it reads is missing or blank: `left_out`
    /// names what was not done for want of it.
    RepeatsWithoutColumns {
        missing: Vec<String>,
        left_out: Vec<String>,
    },
    /// Remembered months counted under other settings: set aside, not mixed in.
    RememberedUnderOtherSettings {
        months: Vec<String>,
    },
    /// Rows in neither this nor the previous statistical month.
    RowsOutsidePeriod {
        rows: u64,
    },
    /// A channel value in no channel group: counted in the total only. `blank` is the empty
    /// value, which cannot be assigned to a group.
    UnassignedChannel {
        channel: String,
        blank: bool,
        count: u64,
    },
    /// A satisfaction value in none of the settings' lists: left out of the rate.
    UnknownSatisfaction {
        value: String,
        count: u64,
    },
    /// Two files without ids hold exactly the same rows: both were counted.
    FileReadTwice {
        file: String,
        earlier: String,
    },
    /// Values of an optional column that could not be read.
    UnreadableCells {
        file: String,
        column: String,
        problem: CellProblem,
        count: u64,
        first_row: u64,
        example: String,
    },
    /// A rate of the overall paragraph has nothing to be computed from.
    IndicatorLeftOut {
        indicator: Indicator,
    },
    NoSecondaryPlatforms,
    NoLeaderDuty,
    NoTransferredTickets,
    NoConsultations,
    /// No transferred ticket of this transfer category: its section is left out.
    NoTicketsOfCategory {
        category: String,
    },
    /// The set a topic is searched in (`searched`, as the report names it: 咨询工单,
    /// 城市建设类工单 …) holds none of its tickets: the topic is left out. `by_category`:
    /// the topic names categories, so it was searched by them as well as by keywords.
    NoTopicTickets {
        searched: String,
        topic: String,
        by_category: bool,
    },
}

/// What a notice is about, for the page to place it; absent parts are left out.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Subject {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A notice as it crosses to the page: `{code, params, severity, subject, text}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Notice {
    #[serde(flatten)]
    pub kind: NoticeKind,
    pub severity: Severity,
    pub subject: Subject,
    /// The sentence the analyst reads.
    pub text: String,
}

impl From<NoticeKind> for Notice {
    fn from(kind: NoticeKind) -> Notice {
        Notice { severity: kind.severity(), subject: kind.subject(), text: kind.text(), kind }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl NoticeKind {
    pub fn severity(&self) -> Severity {
        use NoticeKind::*;
        match self {
            UnassignedChannel { blank: false, .. } | UnknownSatisfaction { .. } => Severity::Decision,
            UnassignedChannel { blank: true, .. }
            | FileReadTwice { .. }
            | UnreadableCells { .. }
            | RememberedUnderOtherSettings { .. } => Severity::Warning,
            _ => Severity::Info,
        }
    }

    pub fn subject(&self) -> Subject {
        use NoticeKind::*;
        let some = |s: &str| Some(s.to_string());
        match self {
            UnassignedChannel { channel, .. } => Subject { value: some(channel), ..Subject::default() },
            UnknownSatisfaction { value, .. } => Subject { value: some(value), ..Subject::default() },
            FileReadTwice { file, .. } => Subject { file: some(file), ..Subject::default() },
            UnreadableCells { file, column, example, .. } => {
                Subject { file: some(file), column: some(column), value: some(example) }
            }
            _ => Subject::default(),
        }
    }

    /// The notice's sentence, in the report's wording.
    pub fn text(&self) -> String {
        use NoticeKind::*;
        match self {
            ImportedFigures { file } => format!("本报告由导入的统计结果「{file}」生成，本机没有其工单明细：数字不能点开查看工单，“趋势”和工单浏览不可用，拒收行与列对应也无从查看。"),
            NoPreviousMonth { year, month } => format!("数据中没有上一统计月（{year}年{month}月）的工单，环比数字从略。"),
            RememberedMonths { months, in_warning } => format!(
                "{}还用了本机记住的{}个月的汇总数（{}），这些月份没有工单明细可查看。",
                if *in_warning { "趋势和预警" } else { "趋势" },
                months.len(),
                months.join("、")
            ),
            EmergingNeedsEarlierTickets => "“预警提示”中的“新出现的问题”要把本月的工单内容与此前各月的比对，文件里只有本月的工单（本机记住的月份只有汇总数，没有内容），这一项从略；一并拖入前几个月的文件即可写出。".to_string(),
            RepeatsNeedColumns { missing, left_out } => format!(
                "文件中没有{}列，{}未做，通报不写“重复诉求与办理质量”一节（其余各节不受影响）；导出时带上这些列，或在“文件与列对应”中指定即可。",
                missing.iter().map(|m| format!("“{m}”")).collect::<Vec<_>>().join("、"),
                left_out.join("、")
            ),
            RepeatsWithoutColumns { missing, left_out } => format!(
                "文件中没有{}列（或该列全为空），“重复诉求与办理质量”中{}未做，其余照常。",
                missing.iter().map(|m| format!("“{m}”")).collect::<Vec<_>>().join("、"),
                left_out.join("、")
            ),
            RememberedUnderOtherSettings { months } => format!(
                "本机记住的{}个月的汇总数（{}）是在不同的设置下统计的，口径可能不一，未用于趋势和预警；可在“本机记住的月份”中删除，或导入当时的设置后重新分析。",
                months.len(),
                months.join("、")
            ),
            RowsOutsidePeriod { rows } => format!("有{rows}行工单不在本月或上月统计时间内，未计入报告。"),
            UnassignedChannel { channel, blank, count } => {
                let name = if *blank { "（空白）" } else { channel };
                format!("渠道“{name}”（{count}宗）不属于任何渠道分组，只计入诉求总量，请在设置中指定其分组。")
            }
            UnknownSatisfaction { value, count } => format!(
                "满意度取值“{value}”（{count}宗）未设定算“满意”“不满意”还是“未评价”，暂不计入满意率，请在设置的“满意度”中指定。"
            ),
            FileReadTwice { file, earlier } => format!(
                "文件「{file}」与「{earlier}」的每一行都相同，又都没有“工单编号”列，无法按编号去掉重复，两份都已计入（数字因此翻倍）。如果是同一文件选了两次，请只选一份重新分析。"
            ),
            UnreadableCells { file, column, problem, count, first_row, example } => format!(
                "文件「{file}」“{column}”列有{count}个值{}（首个在第{first_row}行：“{example}”）。",
                problem.wording()
            ),
            IndicatorLeftOut { indicator: Indicator::InstantAnswer } => "本月没有咨询工单，即时解答率从略。".into(),
            IndicatorLeftOut { indicator: Indicator::OnTime } => "缺少办结期限或没有转办工单，按时办结率从略。".into(),
            IndicatorLeftOut { indicator: Indicator::Satisfaction } => "缺少满意度或没有评价，服务满意率从略。".into(),
            NoSecondaryPlatforms => {
                "导出文件中没有“受理平台”列或没有二级平台来电，“二级处理平台话务量”一节从略。".into()
            }
            NoLeaderDuty => "导出文件中没有“值班领导”列或本月无领导值班记录，“领导值班情况”一节从略。".into(),
            NoTransferredTickets => "本月没有转办工单，转办情况从略。".into(),
            NoConsultations => "本月没有咨询工单，“咨询类”一节从略。".into(),
            NoTicketsOfCategory { category } => format!("本月没有“{category}”转办工单，“{category}类”一节从略。"),
            NoTopicTickets { searched, topic, by_category } => {
                let by = if *by_category { "分类或关键词" } else { "关键词" };
                format!("{searched}中没有匹配“{topic}”{by}的工单，该热点从略。")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_crosses_as_code_params_severity_subject_and_text() {
        let notice = Notice::from(NoticeKind::UnassignedChannel { channel: "抖音".into(), blank: false, count: 12 });
        let json = serde_json::to_value(&notice).unwrap();
        assert_eq!(json["code"], "unassigned_channel");
        assert_eq!(json["params"]["channel"], "抖音");
        assert_eq!(json["params"]["blank"], false);
        assert_eq!(json["params"]["count"], 12);
        assert_eq!(json["severity"], "decision");
        assert_eq!(json["subject"], serde_json::json!({ "value": "抖音" }));
        assert_eq!(json["text"], "渠道“抖音”（12宗）不属于任何渠道分组，只计入诉求总量，请在设置中指定其分组。");
    }

    #[test]
    fn a_notice_without_parameters_has_only_its_code() {
        let json = serde_json::to_value(Notice::from(NoticeKind::NoLeaderDuty)).unwrap();
        assert_eq!(json["code"], "no_leader_duty");
        assert!(json.get("params").is_none());
        assert_eq!(json["severity"], "info");
        assert_eq!(json["subject"], serde_json::json!({}));
    }

    #[test]
    fn the_blank_channel_is_flagged_and_named_only_in_the_sentence() {
        let notice = Notice::from(NoticeKind::UnassignedChannel { channel: String::new(), blank: true, count: 3 });
        assert_eq!(notice.severity, Severity::Warning);
        assert!(notice.text.starts_with("渠道“（空白）”（3宗）"), "{}", notice.text);
        assert_eq!(notice.subject.value.as_deref(), Some(""));
    }

    #[test]
    fn an_unreadable_column_names_its_file_column_and_first_value() {
        let notice = Notice::from(NoticeKind::UnreadableCells {
            file: "a.csv".into(),
            column: "办结时限".into(),
            problem: CellProblem::NotATime,
            count: 2,
            first_row: 7,
            example: "下周".into(),
        });
        assert_eq!(notice.text, "文件「a.csv」“办结时限”列有2个值无法识别为时间，按空值处理（首个在第7行：“下周”）。");
        let json = serde_json::to_value(&notice).unwrap();
        assert_eq!(json["params"]["problem"], "not_a_time");
        assert_eq!(json["subject"], serde_json::json!({ "file": "a.csv", "column": "办结时限", "value": "下周" }));
    }
}
