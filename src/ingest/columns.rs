//! Which header feeds which field. Real exports name the same field many ways and change
//! names between versions (`12345受理时间` became `受理时间`); synonyms come from DOMAIN.md.

use serde::Serialize;

use crate::settings::ColumnRule;
use crate::table::Field;

/// Header names seen in real systems, per field (after `normalise_header`).
fn synonyms(field: Field) -> &'static [&'static str] {
    match field {
        Field::Id => &["工单编号", "热线单号", "市级工单号", "任务编号", "转办单工单编号", "工单号", "编号"],
        Field::IntakeTime => &["受理时间", "来电时间", "接单时间", "区交办时间", "市交办时间", "登记时间", "创建时间"],
        Field::Channel => &["诉求渠道", "受理渠道", "工单来源", "热线来源", "渠道来源", "来源渠道", "来源"],
        Field::Platform => &["受理平台", "接听平台", "承接平台"],
        Field::TicketType => &["诉求类型", "工单类型", "来电类别", "办理类型", "诉求类别"],
        Field::HandlingMethod => &["办理方式", "处理方式"],
        Field::TransferCategory => &["转办类别", "转办类型", "转办分类"],
        Field::Category1 => &["一级分类", "一级业务分类", "问题分类一级", "一级类别"],
        Field::Category2 => &["二级分类", "二级业务分类", "问题分类二级", "二级类别"],
        Field::Category3 => &["三级分类", "三级业务分类", "问题分类三级", "三级类别"],
        Field::CategoryPath => &["问题分类名称", "问题分类", "诉求分类", "分类名称", "业务分类", "事项分类"],
        Field::CategoryCode => &["问题分类编码", "分类编码", "诉求分类编码", "事项分类编码", "事项编码"],
        Field::Region => &["所属区域", "事发区域名称", "区县", "所属区县", "区域"],
        Field::Town => &["所属镇街", "街道", "镇街", "所属街道", "镇街名称"],
        Field::Unit => &["承办单位", "主办单位", "受理部门名称", "最后一次主责部门", "办理单位"],
        Field::UnitKind => &["单位类型", "承办单位类型"],
        Field::Deadline => &["办结期限", "办理截止时间", "处理时限", "办理时限"],
        Field::ClosedTime => &["办结时间", "结案时间", "处理完成时间"],
        Field::Status => &["工单状态", "办理状态", "案件状态"],
        Field::Replied => &["是否回复", "是否已回复", "回复情况"],
        Field::Satisfaction => &["满意度", "回访满意度", "转办单满意度", "最终满意度", "对办理结果是否满意"],
        Field::Content => &["诉求内容", "内容描述", "主要内容", "问题描述", "来电内容"],
        Field::DutyLeader => &["值班领导"],
        Field::DutyLeaderUnit => &["值班领导单位"],
        Field::Caller => &[
            "来电号码",
            "来电人电话",
            "来电人号码",
            "诉求人电话",
            "诉求人联系电话",
            "联系电话",
            "联系号码",
            "电话号码",
            "手机号码",
            "主叫号码",
        ],
        Field::Address => &[
            "诉求地址",
            "事件发生地",
            "事发地址",
            "事发地点",
            "事件地址",
            "发生地址",
            "问题发生地",
            "详细地址",
            "地址",
        ],
        Field::Title => &["标题", "诉求标题", "工单标题", "事项标题", "诉求主题"],
        Field::Reply => {
            &["答复内容", "办理结果", "处理结果", "办理情况", "回复内容", "办结意见", "处理意见", "答复意见"]
        }
        Field::Returns => &["退回次数", "是否退回", "退单次数", "回退次数"],
        Field::Redispatches => &["重派次数", "是否重派", "重办次数", "重新派单次数", "二次派单次数"],
        Field::Extensions => &["延期次数", "是否延期", "申请延期次数"],
        Field::Urges => &["催办次数", "是否催办", "督办次数"],
    }
}

/// Drops what varies without changing meaning: spaces, a `12345` prefix, bracketed
/// suffixes such as `（一级）`.
pub fn normalise_header(header: &str) -> String {
    let mut text: String = header.chars().filter(|c| !c.is_whitespace() && *c != '\u{feff}').collect();
    if let Some(rest) = text.strip_prefix("12345") {
        text = rest.to_string();
    }
    for open in ['（', '('] {
        if let Some(at) = text.find(open) {
            if at > 0 && (text.ends_with('）') || text.ends_with(')')) {
                text.truncate(at);
            }
        }
    }
    text
}

/// The field a header feeds under the user's rules, else by the built-in synonyms.
pub fn field_with_rules(header: &str, rules: &[ColumnRule]) -> Option<Field> {
    let name = normalise_header(header);
    match rules.iter().find(|r| normalise_header(&r.header) == name) {
        Some(rule) => rule.field,
        None => field_for_header(header),
    }
}

pub fn field_for_header(header: &str) -> Option<Field> {
    let name = normalise_header(header);
    Field::ALL.into_iter().find(|&field| synonyms(field).contains(&name.as_str()))
}

/// How one file's columns feed the ticket table.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnMap {
    pub headers: Vec<String>,
    /// For each field, the column index feeding it.
    pub fields: Vec<(Field, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedColumn {
    pub header: String,
    pub field: Option<Field>,
    pub field_label: Option<&'static str>,
}

impl ColumnMap {
    /// Maps each header to the first field it names; a second column for one field is
    /// left unmapped (shown to the user, not silently merged). The user's `rules` come
    /// first: a rule names a header's field, or (field `None`) keeps the column out.
    pub fn from_headers(headers: &[String], rules: &[ColumnRule]) -> ColumnMap {
        let rule_for = |header: &str| {
            let name = normalise_header(header);
            rules.iter().find(|r| normalise_header(&r.header) == name)
        };
        let mut fields: Vec<(Field, usize)> = Vec::new();
        // Rules first, so a rule's field is never taken by a synonym in an earlier column.
        for (index, header) in headers.iter().enumerate() {
            if let Some(ColumnRule { field: Some(field), .. }) = rule_for(header) {
                if !fields.iter().any(|(f, _)| f == field) {
                    fields.push((*field, index));
                }
            }
        }
        for (index, header) in headers.iter().enumerate() {
            if rule_for(header).is_some() {
                continue;
            }
            if let Some(field) = field_for_header(header) {
                if !fields.iter().any(|(f, _)| *f == field) {
                    fields.push((field, index));
                }
            }
        }
        ColumnMap { headers: headers.to_vec(), fields }
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, i)| *i)
    }

    pub fn mapped_count(&self) -> usize {
        self.fields.len()
    }

    /// Every header with the field it feeds, for the page.
    pub fn describe(&self) -> Vec<MappedColumn> {
        self.headers
            .iter()
            .enumerate()
            .map(|(index, header)| {
                let field = self.fields.iter().find(|(_, i)| *i == index).map(|(f, _)| *f);
                MappedColumn { header: header.clone(), field, field_label: field.map(Field::label) }
            })
            .collect()
    }
}

/// A row is taken as the header when it names at least this many fields.
pub const HEADER_MIN_FIELDS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn user_rules_win_over_synonyms_and_can_keep_a_column_out() {
        let headers = strings(&["来电时间", "派单时间", "问题类型", "诉求类型"]);
        let rules = [
            ColumnRule { header: "派单时间".into(), field: Some(Field::IntakeTime) },
            ColumnRule { header: "来电时间".into(), field: None },
            ColumnRule { header: " 问题类型 ".into(), field: Some(Field::TicketType) },
        ];
        let map = ColumnMap::from_headers(&headers, &rules);
        assert_eq!(map.column(Field::IntakeTime), Some(1));
        assert_eq!(map.column(Field::TicketType), Some(2), "the rule's column, not the synonym's");
        assert_eq!(map.describe()[0].field, None);
        assert_eq!(map.describe()[3].field, None, "a second column for a field stays unmapped");
    }

    #[test]
    fn versions_of_one_system_map_to_the_same_field() {
        assert_eq!(field_for_header("12345受理时间"), Some(Field::IntakeTime));
        assert_eq!(field_for_header("受理时间"), Some(Field::IntakeTime));
        assert_eq!(field_for_header(" 来电时间 "), Some(Field::IntakeTime));
        assert_eq!(field_for_header("12345工单来源"), Some(Field::Channel));
    }

    #[test]
    fn the_columns_repeat_appeals_need_are_found_by_their_usual_names() {
        let expected = [
            ("来电号码", Field::Caller),
            ("联系电话", Field::Caller),
            ("事件发生地", Field::Address),
            ("诉求地址", Field::Address),
            ("工单标题", Field::Title),
            ("办理结果", Field::Reply),
            ("答复内容", Field::Reply),
            ("是否退回", Field::Returns),
            ("重派次数", Field::Redispatches),
            ("延期次数", Field::Extensions),
            ("12345催办次数", Field::Urges),
        ];
        for (header, field) in expected {
            assert_eq!(field_for_header(header), Some(field), "{header}");
        }
    }

    #[test]
    fn bracketed_suffixes_are_ignored() {
        assert_eq!(field_for_header("一级分类（业务）"), Some(Field::Category1));
        assert_eq!(field_for_header("满意度(回访)"), Some(Field::Satisfaction));
    }

    #[test]
    fn unknown_headers_stay_unmapped_and_first_column_wins() {
        let headers: Vec<String> =
            ["来电人姓名", "受理时间", "来电时间", "工单编号"].iter().map(|s| s.to_string()).collect();
        let map = ColumnMap::from_headers(&headers, &[]);
        assert_eq!(map.column(Field::IntakeTime), Some(1));
        assert_eq!(map.column(Field::Id), Some(3));
        let described = map.describe();
        assert_eq!(described[0].field, None);
        assert_eq!(described[2].field, None);
    }
}
