//! What one month of sample tickets must add up to. The reference plan reproduces every
//! count of figures.toml exactly; other months are the reference scaled, with the previous
//! month's published totals (channels, valid, consultations) pinned.

use super::catalogue::COVID_CATEGORIES;
use crate::period::MonthId;

/// What a ticket's content is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    General,
    /// Index into the COVID sub-topics (settings order, the last one is "other").
    Covid(usize),
    Mining,
    Counterfeit,
    OtherTobacco,
    Invalid,
}

/// A block of identical tickets (same type, transfer, categories and content kind).
#[derive(Debug, Clone)]
pub struct Leaf {
    pub count: u32,
    pub kind: &'static str,
    pub transfer: Option<&'static str>,
    /// Empty second/third levels are drawn from the category's catalogue.
    pub path: [&'static str; 3],
    pub content: Content,
}

/// Leaves that share a place quota: (region, town or "" for any, count). An empty quota
/// means places are drawn by population weight.
#[derive(Debug, Clone)]
pub struct Cohort {
    pub leaves: Vec<Leaf>,
    pub places: Vec<(&'static str, &'static str, u32)>,
}

#[derive(Debug, Clone)]
pub struct Leader {
    pub unit: &'static str,
    pub name: &'static str,
    pub calls: u32,
    pub transferred: u32,
}

#[derive(Debug, Clone)]
pub struct MonthPlan {
    pub month: MonthId,
    pub cohorts: Vec<Cohort>,
    /// Channel value → records; sums to every leaf.
    pub channels: Vec<(&'static str, u32)>,
    /// County → phone calls taken by its secondary platform.
    pub secondary: Vec<(&'static str, u32)>,
    pub leaders: Vec<Leader>,
    /// (evaluated, satisfied) among transferred and among other valid tickets.
    pub evaluated_transferred: (u32, u32),
    pub evaluated_direct: (u32, u32),
    /// Transferred tickets closed after their deadline.
    pub overdue: u32,
}

const fn leaf(
    count: u32,
    kind: &'static str,
    transfer: Option<&'static str>,
    path: [&'static str; 3],
    content: Content,
) -> Leaf {
    Leaf { count, kind, transfer, path, content }
}

fn cohort(leaves: Vec<Leaf>) -> Cohort {
    Cohort { leaves, places: Vec::new() }
}

const OTHER: Option<&str> = Some("其他");
const LIVELIHOOD: Option<&str> = Some("民生诉求");
const CONSUMER: Option<&str> = Some("消费维权投诉");
const ECONOMIC: Option<&str> = Some("经济违法行为举报");
const ADMIN: Option<&str> = Some("行政效能投诉");
const G: Content = Content::General;

/// January 2021 as in the reference report (statistical month 2020-12-21 .. 2021-01-20).
pub fn reference() -> MonthPlan {
    use Content::*;
    let consult = |n, cat1| leaf(n, "咨询", None, [cat1, "", ""], G);
    let covid = |n, i| leaf(n, "咨询", None, ["文教卫体", "疫情防控", COVID_CATEGORIES[i]], Covid(i));
    let consultations = cohort(vec![
        consult(39152, "人力资源"),
        leaf(91, "咨询", OTHER, ["人力资源", "", ""], G),
        consult(634, "文教卫体"),
        covid(1370, 0),
        covid(87, 1),
        covid(52, 2),
        covid(48, 3),
        covid(32, 4),
        consult(1491, "城市建设"),
        leaf(100, "咨询", OTHER, ["城市建设", "", ""], G),
        consult(1007, "房产管理"),
        leaf(90, "咨询", OTHER, ["房产管理", "", ""], G),
        consult(329, "治安消防"),
        consult(320, "交通运输"),
        consult(310, "民政事务"),
        consult(305, "市场管理"),
        consult(300, "住房公积金"),
        consult(295, "水电气"),
        consult(290, "市容城管"),
        consult(280, "环境保护"),
        consult(270, "农业农村"),
        consult(260, "政务服务"),
        consult(250, "企业服务"),
        consult(251, "其他"),
    ]);
    let live = |n, kind, cat1| leaf(n, kind, LIVELIHOOD, [cat1, "", ""], G);
    let livelihood = cohort(vec![
        live(1200, "投诉", "市容城管"),
        live(400, "举报", "市容城管"),
        live(236, "建议", "市容城管"),
        live(1000, "投诉", "城市建设"),
        live(400, "举报", "城市建设"),
        live(223, "建议", "城市建设"),
        live(500, "投诉", "市场管理"),
        live(200, "举报", "市场管理"),
        live(36, "建议", "市场管理"),
        live(350, "投诉", "交通运输"),
        live(130, "建议", "交通运输"),
        live(250, "投诉", "环境保护"),
        live(170, "举报", "环境保护"),
        live(300, "投诉", "房产管理"),
        live(30, "建议", "房产管理"),
        live(250, "投诉", "水电气"),
        live(41, "建议", "水电气"),
    ]);
    let mining = Cohort {
        leaves: vec![leaf(159, "举报", LIVELIHOOD, ["城市建设", "国土资源", "非法开采"], Mining)],
        places: vec![
            ("廉江市", "青平镇", 24),
            ("廉江市", "石城镇", 9),
            ("廉江市", "安铺镇", 8),
            ("廉江市", "横山镇", 7),
            ("廉江市", "良垌镇", 6),
            ("廉江市", "河唇镇", 6),
            ("廉江市", "石岭镇", 5),
            ("廉江市", "吉水镇", 4),
            ("廉江市", "塘蓬镇", 3),
            ("雷州市", "", 25),
            ("遂溪县", "", 23),
            ("麻章区", "", 10),
            ("吴川市", "", 9),
            ("徐闻县", "", 8),
            ("坡头区", "", 7),
            ("赤坎区", "", 5),
        ],
    };
    let goods = |n, cat2| leaf(n, "投诉", CONSUMER, ["商品类", cat2, ""], G);
    let service = |n, cat2| leaf(n, "投诉", CONSUMER, ["服务类", cat2, ""], G);
    let consumer = cohort(vec![
        goods(87, "餐饮及食品"),
        goods(64, "生活用品"),
        goods(40, "车辆及配件"),
        goods(35, "家用电子电器"),
        goods(30, "服装鞋帽"),
        goods(23, "其他商品"),
        service(60, "美容美发健身"),
        leaf(18, "投诉", CONSUMER, ["服务类", "售后服务", "商家或售后服务机构拒绝提供售后维修服务"], G),
        leaf(11, "投诉", CONSUMER, ["服务类", "售后服务", "不按约定时间送货、安装"], G),
        leaf(10, "投诉", CONSUMER, ["服务类", "售后服务", "消费者对售后服务不满意"], G),
        service(27, "游乐场所"),
        service(26, "教育培训服务"),
        service(25, "电信服务"),
        service(25, "互联网服务"),
        service(24, "房屋装修及物业服务"),
        service(22, "交通运输服务"),
        service(21, "餐饮住宿服务"),
        service(20, "金融服务"),
        service(15, "医疗服务"),
    ]);
    let counterfeit = Cohort {
        leaves: vec![leaf(80, "举报", ECONOMIC, ["涉嫌产品质量违法行为", "烟草专卖品", "假冒卷烟"], Counterfeit)],
        places: vec![
            ("霞山区", "", 17),
            ("经开区", "", 15),
            ("赤坎区", "", 10),
            ("麻章区", "", 9),
            ("坡头区", "", 8),
            ("廉江市", "", 7),
            ("雷州市", "", 6),
            ("吴川市", "", 5),
            ("遂溪县", "", 3),
        ],
    };
    let economic = cohort(vec![
        leaf(10, "举报", ECONOMIC, ["涉嫌产品质量违法行为", "", ""], G),
        leaf(2, "举报", ECONOMIC, ["涉嫌违反登记管理行为", "烟草专卖品", "无证经营卷烟"], OtherTobacco),
        leaf(59, "举报", ECONOMIC, ["涉嫌违反登记管理行为", "", ""], G),
        leaf(21, "举报", ECONOMIC, ["涉嫌其他市场监管领域违法行为", "", ""], G),
    ]);
    let admin = |n, cat1, cat2| leaf(n, "投诉", ADMIN, [cat1, cat2, ""], G);
    let admin_efficiency = Cohort {
        leaves: vec![
            admin(38, "对服务态度不满意", ""),
            admin(14, "对工作作风不满意", "上班时间不在岗"),
            admin(6, "对工作作风不满意", "推诿扯皮"),
            admin(18, "对工作效率不满意", ""),
            admin(15, "对办事流程不满意", ""),
            admin(10, "其他行政效能问题", ""),
        ],
        places: vec![
            ("雷州市", "", 55),
            ("赤坎区", "", 11),
            ("霞山区", "", 6),
            ("麻章区", "", 5),
            ("坡头区", "", 5),
            ("廉江市", "", 5),
            ("吴川市", "", 5),
            ("遂溪县", "", 5),
            ("徐闻县", "", 4),
        ],
    };
    let general = |n, kind, transfer| leaf(n, kind, transfer, ["", "", ""], G);
    let others = cohort(vec![
        general(300, "建议", OTHER),
        general(327, "举报", OTHER),
        general(300, "投诉", OTHER),
        general(3641, "投诉", None),
        general(3301, "举报", None),
        general(915, "建议", None),
        general(67, "表扬", None),
        leaf(274, "无效", None, ["", "", ""], Invalid),
    ]);
    let leaders = [
        ("赤坎区政府", "韦建辉", 7, 1),
        ("赤坎区政府", "苏国亮", 6, 1),
        ("赤坎区政府", "陈江", 6, 0),
        ("赤坎区政府", "林广智", 7, 1),
        ("霞山区政府", "黄政", 6, 1),
        ("霞山区政府", "李小军", 6, 0),
        ("霞山区政府", "吴王铭", 7, 1),
        ("霞山区政府", "陈文诚", 6, 1),
        ("霞山区政府", "于庆功", 6, 0),
        ("霞山区政府", "朱金凤", 7, 1),
        ("麻章区政府", "柯召", 6, 1),
        ("麻章区政府", "张国强", 6, 1),
        ("麻章区政府", "黄理", 6, 1),
    ];
    MonthPlan {
        month: MonthId { year: 2021, month: 1 },
        cohorts: vec![consultations, livelihood, mining, consumer, counterfeit, economic, admin_efficiency, others],
        channels: vec![
            ("电话", 60311),
            ("微信公众号", 1500),
            ("网站", 800),
            ("手机APP", 543),
            ("市政府网留言", 261),
            ("省政务服务咨询投诉平台", 55),
        ],
        secondary: vec![("廉江市", 1359), ("雷州市", 446), ("遂溪县", 392), ("徐闻县", 297), ("吴川市", 244)],
        leaders: leaders
            .iter()
            .map(|&(unit, name, calls, transferred)| Leader { unit, name, calls, transferred })
            .collect(),
        evaluated_transferred: (6250, 6230),
        evaluated_direct: (13750, 12814),
        overdue: 431,
    }
}

/// December 2020, the reference's previous month: its published totals pinned.
pub fn reference_previous() -> MonthPlan {
    let mut plan = reference().scaled(61945.0 / 63196.0, MonthId { year: 2020, month: 12 });
    plan.leaders.clear();
    set_count(&mut plan, |l| l.kind == "无效", 178);
    // Pin consultations (45862) on the largest consultation leaf, then valid (61945) on
    // the largest untransferred complaint leaf.
    let consultations: u32 = leaves(&plan).filter(|l| l.kind == "咨询").map(|l| l.count).sum();
    adjust(
        &mut plan,
        |l| l.kind == "咨询" && l.path[0] == "人力资源" && l.transfer.is_none(),
        45862 - consultations as i64,
    );
    let valid: u32 = leaves(&plan).filter(|l| l.kind != "无效").map(|l| l.count).sum();
    adjust(&mut plan, |l| l.kind == "投诉" && l.transfer.is_none() && l.path[0].is_empty(), 61945 - valid as i64);
    plan.channels = vec![
        ("电话", 58967),
        ("微信公众号", 1575),
        ("网站", 840),
        ("手机APP", 570),
        ("市政府网留言", 130),
        ("省政务服务咨询投诉平台", 41),
    ];
    plan
}

fn leaves(plan: &MonthPlan) -> impl Iterator<Item = &Leaf> {
    plan.cohorts.iter().flat_map(|c| c.leaves.iter())
}

fn set_count(plan: &mut MonthPlan, which: impl Fn(&Leaf) -> bool, count: u32) {
    let leaf = plan.cohorts.iter_mut().flat_map(|c| c.leaves.iter_mut()).find(|l| which(l)).expect("leaf exists");
    leaf.count = count;
}

fn adjust(plan: &mut MonthPlan, which: impl Fn(&Leaf) -> bool, delta: i64) {
    let leaf = plan.cohorts.iter_mut().flat_map(|c| c.leaves.iter_mut()).find(|l| which(l)).expect("leaf exists");
    leaf.count = (leaf.count as i64 + delta) as u32;
}

/// Splits `total` in proportion to `weights`, largest remainders first, so it adds up.
pub fn apportion(weights: &[u32], total: u32) -> Vec<u32> {
    let sum: u64 = weights.iter().map(|&w| w as u64).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|&w| w as f64 * total as f64 / sum as f64).collect();
    let mut parts: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    let short = total - parts.iter().sum::<u32>();
    for &i in order.iter().take(short as usize) {
        parts[i] += 1;
    }
    parts
}

impl MonthPlan {
    pub fn total(&self) -> u32 {
        leaves(self).map(|l| l.count).sum()
    }

    /// This plan's shape at `factor` times the volume, for another month.
    pub fn scaled(&self, factor: f64, month: MonthId) -> MonthPlan {
        let scale = |n: u32| (n as f64 * factor).round() as u32;
        let cohorts: Vec<Cohort> = self
            .cohorts
            .iter()
            .map(|c| {
                let leaves: Vec<Leaf> = c.leaves.iter().map(|l| Leaf { count: scale(l.count), ..l.clone() }).collect();
                let total = leaves.iter().map(|l| l.count).sum();
                let weights: Vec<u32> = c.places.iter().map(|p| p.2).collect();
                let counts = apportion(&weights, total);
                let places = c.places.iter().zip(counts).map(|(&(r, t, _), n)| (r, t, n)).collect();
                Cohort { leaves, places }
            })
            .collect();
        let total: u32 = cohorts.iter().flat_map(|c| &c.leaves).map(|l| l.count).sum();
        let channel_weights: Vec<u32> = self.channels.iter().map(|c| c.1).collect();
        let channels = self.channels.iter().zip(apportion(&channel_weights, total)).map(|(c, n)| (c.0, n)).collect();
        let pair = |(a, b): (u32, u32)| (scale(a), scale(b).min(scale(a)));
        MonthPlan {
            month,
            cohorts,
            channels,
            secondary: self.secondary.iter().map(|&(c, n)| (c, scale(n))).collect(),
            leaders: self
                .leaders
                .iter()
                .map(|l| Leader { calls: scale(l.calls).max(1), transferred: scale(l.transferred), ..l.clone() })
                .filter(|l| l.transferred <= l.calls)
                .collect(),
            evaluated_transferred: pair(self.evaluated_transferred),
            evaluated_direct: pair(self.evaluated_direct),
            overdue: scale(self.overdue),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_plan_adds_up_to_the_published_totals() {
        let plan = reference();
        assert_eq!(plan.total(), 63470);
        assert_eq!(plan.channels.iter().map(|c| c.1).sum::<u32>(), 63470);
        for cohort in &plan.cohorts {
            if !cohort.places.is_empty() {
                let places: u32 = cohort.places.iter().map(|p| p.2).sum();
                assert_eq!(places, cohort.leaves.iter().map(|l| l.count).sum::<u32>());
            }
        }
    }

    #[test]
    fn previous_plan_pins_its_published_totals() {
        let plan = reference_previous();
        assert_eq!(plan.total(), 62123);
        assert_eq!(plan.channels.iter().map(|c| c.1).sum::<u32>(), 62123);
        let consultations: u32 = leaves(&plan).filter(|l| l.kind == "咨询").map(|l| l.count).sum();
        assert_eq!(consultations, 45862);
    }

    #[test]
    fn apportion_keeps_the_total() {
        assert_eq!(apportion(&[1, 1, 1], 10), vec![4, 3, 3]);
        assert_eq!(apportion(&[24, 9, 8], 0), vec![0, 0, 0]);
        assert_eq!(apportion(&[0, 0], 5), vec![0, 0]);
    }
}
