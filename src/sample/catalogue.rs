//! Category trees and the wording of sample tickets. Templates carry slots ({town},
//! {road}, {village}, {estate}, {shop}, {n}) filled per ticket. General templates must never
//! contain a default topic keyword: topic counts come only from the topic templates (a
//! unit test checks this). Likewise only topic tickets carry a default topic's category
//! (plan.rs files them; `tests/ingest_dialects_give_the_reference_report.rs` checks that
//! category alone and keywords alone give the same report).

/// One second/third-level entry of a first-level category, with a consultation wording
/// (`ask`) and a complaint/report wording (`report`).
pub struct Entry {
    pub cat2: &'static str,
    pub cat3: &'static str,
    pub ask: &'static str,
    pub report: &'static str,
}

/// A struct literal, so the catalogue's arrays are promoted to statics.
macro_rules! e {
    ($cat2:expr, $cat3:expr, $ask:expr, $report:expr) => {
        Entry { cat2: $cat2, cat3: $cat3, ask: $ask, report: $report }
    };
}

/// The general (non-topic) catalogue of a first-level category.
pub fn general(cat1: &str) -> &'static [Entry] {
    match cat1 {
        "人力资源" => &[
            e!(
                "社会保险",
                "养老保险",
                "我在{town}灵活就业，想咨询城乡居民养老保险今年的缴费档次和缴费截止时间。",
                "反映所在单位拖欠缴纳养老保险费已有{n}个月，多次沟通无果。"
            ),
            e!(
                "社会保险",
                "医疗保险",
                "请问城乡居民医疗保险在哪里缴费？异地就医备案需要准备什么材料？",
                "反映在医院结算时医保无法报销，医院称系统未更新。"
            ),
            e!(
                "社会保险",
                "社保卡",
                "社保卡丢失了，请问在{town}哪里可以补办，补办需要多长时间？",
                "反映到{town}社保服务窗口补办社保卡，排队{n}个小时仍未办理。"
            ),
            e!(
                "就业创业",
                "失业保险",
                "刚离职，想咨询失业保险金怎么申领，每月能领多少？",
                "反映申领失业保险金已超过{n}个工作日仍未到账。"
            ),
            e!(
                "劳动关系",
                "工资待遇",
                "请问公司试用期工资最低不能低于多少？加班费怎么计算？",
                "反映{road}一家公司拖欠员工工资{n}个月，涉及二十多人。"
            ),
        ],
        "文教卫体" => &[
            e!(
                "教育管理",
                "招生考试",
                "孩子今年上小学，想咨询{town}的学位申请什么时候开始，需要哪些材料。",
                "反映{town}某小学招生时要求家长额外缴纳费用。"
            ),
            e!(
                "卫生健康",
                "医疗服务",
                "请问市内哪家医院可以办理出生医学证明补办？需要预约吗？",
                "反映在某医院就诊时医生态度冷漠，检查项目收费不明。"
            ),
            e!(
                "文化体育",
                "公共文化设施",
                "请问市图书馆春节期间开放时间是怎样安排的？",
                "反映{estate}附近的体育场夜间灯光不开，居民无法锻炼。"
            ),
        ],
        "城市建设" => &[
            e!(
                "市政设施",
                "道路维护",
                "请问{road}的道路改造工程什么时候完工？",
                "反映{road}路面破损坑洼多，雨天积水严重，行人车辆通行困难。"
            ),
            e!(
                "市政设施",
                "路灯照明",
                "请问小区外的路灯由哪个部门负责维修？",
                "反映{road}一段路灯已经不亮{n}天，夜间出行不安全。"
            ),
            e!(
                "建设管理",
                "施工噪音",
                "请问夜间施工需要办理什么手续？",
                "反映{estate}旁边的工地晚上十一点后仍在施工，噪音扰民。"
            ),
            e!(
                "建设管理",
                "违法建设",
                "请问农村自建房报建需要到哪个部门办理？",
                "反映{town}{village}有人在耕地上违法搭建房屋。"
            ),
        ],
        "房产管理" => &[
            e!(
                "房屋交易",
                "不动产登记",
                "请问二手房过户需要准备哪些材料，在哪个窗口办理？",
                "反映购买的商品房交房已{n}年仍未办理不动产权证。"
            ),
            e!(
                "物业管理",
                "物业服务",
                "请问小区业主大会怎么成立，需要多少业主同意？",
                "反映{estate}物业公司不作为，小区电梯经常故障无人维修。"
            ),
            e!(
                "住房保障",
                "公租房",
                "请问公租房申请的收入条件是多少，去哪里申请？",
                "反映申请公租房已{n}个月，至今没有审核结果。"
            ),
        ],
        "治安消防" => &[
            e!(
                "治安管理",
                "户籍办理",
                "请问小孩上户口需要带哪些证件，在哪个派出所办理？",
                "反映{road}夜间经常有人聚众喧哗，影响居民休息。"
            ),
            e!(
                "消防安全",
                "消防通道",
                "请问小区消防通道被占用应该向哪个部门反映？",
                "反映{estate}消防通道长期被车辆堵塞。"
            ),
        ],
        "交通运输" => &[
            e!(
                "公共交通",
                "公交线路",
                "请问从{town}到市区有没有直达的公交线路，首末班时间是几点？",
                "反映{n}路公交车经常不按时发车，乘客等候时间过长。"
            ),
            e!("道路运输", "出租车", "请问出租车遗失物品怎么查找？", "反映出租车司机拒载、绕路并多收费用。"),
        ],
        "民政事务" => &[
            e!("社会救助", "低保", "请问申请最低生活保障需要满足什么条件？", "反映家中困难，申请低保后一直没有答复。"),
            e!("养老服务", "高龄津贴", "请问八十岁以上老人的高龄津贴怎么申领？", "反映高龄津贴已有{n}个月没有发放。"),
        ],
        "市场管理" => &[
            e!(
                "市场秩序",
                "农贸市场",
                "请问农贸市场摊位租赁由哪个部门管理？",
                "反映{town}农贸市场卫生环境差，摊位占道经营。"
            ),
            e!("价格监管", "收费问题", "请问停车场收费标准在哪里可以查到？", "反映{road}一家停车场收费不明码标价。"),
        ],
        "住房公积金" => &[
            e!(
                "公积金提取",
                "租房提取",
                "请问租房提取住房公积金需要什么材料，每年可以提取几次？",
                "反映提取公积金申请已提交{n}天仍未到账。"
            ),
            e!("公积金贷款", "贷款审批", "请问公积金贷款的最高额度是多少？", "反映公积金贷款审批时间过长。"),
        ],
        "水电气" => &[
            e!(
                "供水",
                "停水",
                "请问{town}今天为什么停水，什么时候恢复供水？",
                "反映{estate}已经停水{n}天，没有任何通知。"
            ),
            e!(
                "供电",
                "停电",
                "请问{town}计划停电的时间安排在哪里查询？",
                "反映{village}经常停电，电压不稳，家电损坏。"
            ),
        ],
        "市容城管" => &[
            e!(
                "市容环境",
                "占道经营",
                "请问临街商铺门前能否摆放广告牌？",
                "反映{road}有商贩长期占道经营，影响行人通行。"
            ),
            e!(
                "环境卫生",
                "垃圾清运",
                "请问大件垃圾应该怎么处理？",
                "反映{estate}门口垃圾堆积多日无人清运，气味难闻。"
            ),
            e!("市容环境", "违规广告", "请问店铺招牌设置需要审批吗？", "反映{road}有人乱贴小广告，清理后又出现。"),
        ],
        "环境保护" => &[
            e!(
                "大气污染",
                "油烟污染",
                "请问餐饮店油烟排放有什么标准？",
                "反映{estate}楼下餐饮店油烟直排，居民无法开窗。"
            ),
            e!(
                "噪声污染",
                "生活噪声",
                "请问商铺使用高音喇叭招揽顾客是否违规？",
                "反映{road}商铺高音喇叭播放广告，噪音扰民。"
            ),
            e!(
                "水污染",
                "污水排放",
                "请问向河道排放污水应该向哪个部门举报？",
                "反映{town}{village}附近有工厂向河道排放污水，河水发黑发臭。"
            ),
        ],
        "农业农村" => &[
            e!(
                "农业生产",
                "农业补贴",
                "请问今年的耕地地力保护补贴什么时候发放？",
                "反映{village}的农业补贴至今未发放到位。"
            ),
            e!(
                "农村管理",
                "农村道路",
                "请问村道硬底化项目怎么申请？",
                "反映{town}{village}村道损坏严重，多次反映未修。"
            ),
        ],
        "政务服务" => &[
            e!(
                "办事指南",
                "证照办理",
                "请问营业执照变更可以在网上办理吗？",
                "反映在政务服务中心办事时被要求重复提交材料。"
            ),
            e!(
                "办事指南",
                "预约服务",
                "请问政务服务中心周六是否上班？",
                "反映政务服务中心预约号源紧张，多次预约不上。"
            ),
        ],
        "企业服务" => &[
            e!("惠企政策", "稳岗补贴", "请问企业稳岗补贴的申请条件和申请时间？", "反映企业申请的稳岗补贴至今未到账。"),
            e!("营商环境", "审批服务", "请问开办企业全流程需要几个工作日？", "反映企业办理施工许可审批时间过长。"),
        ],
        "其他" => &[
            e!("其他事项", "其他", "请问市民热线能否查询快递物流信息？", "反映{road}一处井盖缺失，存在安全隐患。"),
            e!("其他事项", "其他", "请问市内哪里可以办理老年人优待证？", "反映{estate}小区门口经常有车辆乱停乱放。"),
        ],
        _ => &[],
    }
}

/// First-level categories drawn for general complaints, reports and suggestions.
pub const GENERAL_CATEGORIES: [&str; 9] =
    ["市容城管", "城市建设", "市场管理", "交通运输", "环境保护", "房产管理", "水电气", "治安消防", "农业农村"];

/// Sub-topics of the COVID consultations, in the order of the default settings.
pub const COVID: [&str; 5] = [
    "您好，我在深圳工作，春节前准备返湛，请问返湛需要提供{n}天内核酸检测阴性证明吗？是否需要居家隔离？",
    "家里下个月在{town}摆喜宴，大概{n}桌，请问疫情防控期间还能举办吗？需要报备吗？",
    "请问{town}哪里可以接种新冠疫苗，需要提前预约吗？",
    "请问{town}哪些医院可以做核酸检测，多久出结果？",
    "请问疫情防控期间{estate}附近的农贸市场是否正常营业？",
];

/// The third-level category of each COVID sub-topic (under 文教卫体 › 疫情防控), so that the
/// sub-topics are found by category too.
pub const COVID_CATEGORIES: [&str; 5] = ["返湛人员防控", "聚集性活动", "新冠疫苗接种", "核酸检测", "其他防控咨询"];

pub const MINING: [&str; 3] = [
    "反映{town}{village}附近山上有人非法开采石头，每天有大量泥头车进出，噪音和扬尘很大，村道被压坏。",
    "反映{town}河段晚上有人用船抽沙，河堤已经被掏空，担心汛期出现险情。",
    "反映{town}{village}海边有人偷采海沙，沙滩被挖得坑坑洼洼，破坏生态环境。",
];

pub const COUNTERFEIT_TOBACCO: [&str; 2] = [
    "举报{road}一家便利店售卖假烟，价格明显低于市场价，包装做工粗糙。",
    "举报{town}一间街边小店长期销售假冒香烟，已有多名顾客购买后发现问题。",
];

pub const OTHER_TOBACCO: [&str; 1] = ["举报{road}一间小卖部无烟草专卖零售许可证销售卷烟。"];

/// Consumer complaints: (first level, second level, third level, wording).
pub const CONSUMER: [(&str, &str, &str, &str); 20] = [
    ("商品类", "餐饮及食品", "", "投诉在{road}一家超市购买的食品已过保质期，要求退款被拒绝。"),
    ("商品类", "生活用品", "", "投诉在网店购买的洗衣机漏水，商家拖延不处理。"),
    ("商品类", "车辆及配件", "", "投诉在某汽车销售公司购买的新车存在质量问题，多次维修未解决。"),
    ("商品类", "家用电子电器", "", "投诉在{road}电器城购买的空调安装后不制冷，商家推诿。"),
    ("商品类", "服装鞋帽", "", "投诉购买的皮鞋穿了{n}天就开胶，商家拒绝退换。"),
    ("商品类", "其他商品", "", "投诉购买的儿童玩具存在安全隐患，要求退货。"),
    ("服务类", "美容美发健身", "", "投诉{road}一家健身房办卡后突然关门，预付款无法退还。"),
    (
        "服务类",
        "售后服务",
        "商家或售后服务机构拒绝提供售后维修服务",
        "投诉购买的热水器在保修期内出现故障，商家拒绝提供维修服务。",
    ),
    ("服务类", "售后服务", "不按约定时间送货、安装", "投诉在商场购买的家具超过约定时间{n}天仍未送货安装。"),
    ("服务类", "售后服务", "消费者对售后服务不满意", "投诉手机维修后同样的问题再次出现，对售后服务不满意。"),
    ("服务类", "游乐场所", "", "投诉{town}一处游乐场设备老旧，收费后项目不开放。"),
    ("服务类", "教育培训服务", "", "投诉培训机构收取一年学费后停课，拒绝退费。"),
    ("服务类", "电信服务", "", "投诉手机套餐被擅自变更，多扣话费。"),
    ("服务类", "互联网服务", "", "投诉网络平台会员自动续费，无法取消。"),
    ("服务类", "房屋装修及物业服务", "", "投诉装修公司工期拖延{n}个月，材料与合同不符。"),
    ("服务类", "交通运输服务", "", "投诉网约车司机中途加价。"),
    ("服务类", "餐饮住宿服务", "", "投诉{road}一家酒店卫生条件差，拒绝退还押金。"),
    ("服务类", "金融服务", "", "投诉银行办理业务时捆绑销售理财产品。"),
    ("服务类", "医疗服务", "", "投诉某民营医院夸大病情，诱导消费。"),
    ("服务类", "其他服务", "", "投诉家政公司服务人员未按约定提供服务。"),
];

/// Economic-violation reports (non-tobacco), by first level.
pub fn economic(cat1: &str) -> &'static str {
    match cat1 {
        "涉嫌产品质量违法行为" => "举报{road}一家门店销售无厂名厂址的劣质电线，存在安全隐患。",
        "涉嫌违反登记管理行为" => "举报{road}一家店铺无营业执照经营，已营业{n}个月。",
        _ => "举报{town}一家商户虚假宣传，以低价诱导消费者购买保健品。",
    }
}

/// Administrative-efficiency complaints, by (first level, second level).
pub fn admin_efficiency(cat1: &str, cat2: &str) -> &'static str {
    match (cat1, cat2) {
        ("对服务态度不满意", _) => "投诉到{town}办事时，窗口工作人员态度生硬，不耐心解释。",
        (_, "上班时间不在岗") => "投诉上班时间到{town}便民服务中心办事，窗口无人在岗，等候{n}个小时无人办理。",
        ("对工作作风不满意", _) => "投诉{town}工作人员办事推诿，互相踢皮球。",
        ("对工作效率不满意", _) => "投诉申请的事项超过承诺时限{n}天仍未办结。",
        ("对办事流程不满意", _) => "投诉办事需要来回跑多次，流程繁琐。",
        _ => "投诉{town}工作人员未按规定公开办事指南。",
    }
}

pub const PRAISE: [&str; 2] =
    ["来电表扬{town}工作人员热心帮助群众解决问题，服务周到。", "来电感谢有关部门及时处理了{road}的路灯问题。"];

pub const INVALID: [&str; 5] = ["来电无声", "骚扰电话", "来电人未说明诉求即挂断", "误拨", "测试来电"];

pub const ASK_PREFIX: [&str; 3] = ["市民来电咨询：", "来电人咨询：", ""];
pub const REPORT_PREFIX: [&str; 3] = ["市民来电反映：", "群众反映：", ""];
pub const ASK_SUFFIX: [&str; 3] = ["请予以解答。", "", "谢谢。"];
pub const REPORT_SUFFIX: [&str; 4] = ["请相关部门尽快核实处理。", "希望有关部门尽快处理。", "请予以处理并回复。", ""];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::places::{ESTATES, REGIONS, ROADS, VILLAGES};
    use crate::settings::Settings;

    /// Every keyword of every default topic and sub-topic.
    fn keywords() -> Vec<String> {
        let s = Settings::default().sections;
        let mut all = Vec::new();
        for topic in [&s.consultation.topic, &s.livelihood.topic, &s.economic.topic] {
            all.extend(topic.keywords.iter().cloned());
            for sub in &topic.subtopics {
                all.extend(sub.keywords.iter().cloned());
            }
        }
        all
    }

    #[test]
    fn general_wording_never_falls_into_a_topic() {
        let mut texts: Vec<&str> = Vec::new();
        let cats = [
            "人力资源",
            "文教卫体",
            "城市建设",
            "房产管理",
            "治安消防",
            "交通运输",
            "民政事务",
            "市场管理",
            "住房公积金",
            "水电气",
            "市容城管",
            "环境保护",
            "农业农村",
            "政务服务",
            "企业服务",
            "其他",
        ];
        for cat in cats {
            assert!(!general(cat).is_empty(), "{cat} has no entries");
            for entry in general(cat) {
                texts.extend([entry.ask, entry.report, entry.cat2, entry.cat3]);
            }
        }
        texts.extend(CONSUMER.iter().map(|c| c.3));
        texts.extend(["涉嫌产品质量违法行为", "涉嫌违反登记管理行为", "其他"].map(economic));
        texts.extend(PRAISE);
        texts.extend(INVALID);
        texts.extend(ASK_PREFIX.iter().chain(&REPORT_PREFIX).chain(&ASK_SUFFIX).chain(&REPORT_SUFFIX));
        texts.extend(ROADS.iter().chain(&VILLAGES).chain(&ESTATES));
        // What the repeats add to contents (`repeats`): places, and the words of a retelling.
        use crate::sample::repeats::*;
        let names: Vec<String> = NAME_CHARS
            .iter()
            .flat_map(|a| NAME_CHARS.iter().map(move |b| format!("{a}{b}")))
            .flat_map(|name| {
                ROAD_KINDS.iter().chain(&ESTATE_KINDS).chain(&["村"]).map(move |kind| format!("{name}{kind}"))
            })
            .collect();
        texts.extend(names.iter().map(String::as_str));
        texts.extend(AGAIN.iter().chain(&RETURNED).chain(&[PLACE_SENTENCE, "地点在", "附近。", "号楼"]));
        texts.extend(SYNONYMS.iter().map(|(_, to)| *to));
        for (region, _, towns) in REGIONS {
            texts.push(region);
            texts.extend(towns.iter());
        }
        for keyword in keywords() {
            for text in &texts {
                assert!(!text.contains(keyword.as_str()), "“{text}” contains topic keyword “{keyword}”");
            }
        }
    }

    /// The default topic's matcher over texts alone: no category is known, so only the
    /// keywords can place them.
    fn by_keywords(topic: &crate::settings::Topic) -> impl Fn(&str) -> Option<usize> {
        let matcher = crate::stats::topic::TopicMatcher::new(topic, &Default::default());
        move |text| matcher.classify([0; 3], text)
    }

    #[test]
    fn other_tobacco_is_in_the_topic_but_not_counterfeit() {
        let classify = by_keywords(&Settings::default().sections.economic.topic);
        assert_eq!(classify(OTHER_TOBACCO[0]), Some(1));
        for text in COUNTERFEIT_TOBACCO {
            assert_eq!(classify(text), Some(0), "{text}");
        }
    }

    #[test]
    fn covid_templates_land_in_their_own_subtopic() {
        let classify = by_keywords(&Settings::default().sections.consultation.topic);
        for (index, text) in COVID.iter().enumerate() {
            assert_eq!(classify(text), Some(index), "{text}");
        }
        let mining = by_keywords(&Settings::default().sections.livelihood.topic);
        for text in MINING {
            assert!(mining(text).is_some(), "{text}");
        }
    }
}
