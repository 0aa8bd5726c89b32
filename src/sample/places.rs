//! Zhanjiang's counties and towns, roads and villages used to make sample tickets read
//! like real ones, and the units that handle tickets in each county.

use std::sync::OnceLock;

/// (region, weight in the intake, towns)
pub const REGIONS: [(&str, u32, &[&str]); 10] = [
    ("赤坎区", 12, &["中华街道", "寸金街道", "民主街道", "中山街道", "沙湾街道", "调顺街道", "南桥街道", "北桥街道"]),
    (
        "霞山区",
        14,
        &[
            "解放街道",
            "爱国街道",
            "工农街道",
            "友谊街道",
            "新园街道",
            "海滨街道",
            "建设街道",
            "东新街道",
            "新兴街道",
            "海头街道",
        ],
    ),
    ("麻章区", 8, &["麻章镇", "湖光镇", "太平镇", "瑞云街道"]),
    ("坡头区", 6, &["南调街道", "麻斜街道", "乾塘镇", "龙头镇", "坡头镇", "官渡镇"]),
    ("经开区", 5, &["乐华街道", "东山街道", "东简街道", "硇洲镇", "民安街道"]),
    (
        "廉江市",
        16,
        &[
            "罗州街道",
            "城南街道",
            "城北街道",
            "石城镇",
            "青平镇",
            "安铺镇",
            "横山镇",
            "良垌镇",
            "河唇镇",
            "石岭镇",
            "雅塘镇",
            "吉水镇",
            "塘蓬镇",
            "新民镇",
            "营仔镇",
            "车板镇",
            "高桥镇",
            "石颈镇",
            "长山镇",
        ],
    ),
    (
        "雷州市",
        15,
        &[
            "雷城街道",
            "西湖街道",
            "新城街道",
            "白沙镇",
            "沈塘镇",
            "客路镇",
            "杨家镇",
            "唐家镇",
            "企水镇",
            "纪家镇",
            "松竹镇",
            "南兴镇",
            "调风镇",
            "英利镇",
            "北和镇",
            "乌石镇",
        ],
    ),
    (
        "吴川市",
        9,
        &[
            "梅菉街道",
            "博铺街道",
            "海滨街道",
            "塘尾街道",
            "大山江街道",
            "兰石镇",
            "覃巴镇",
            "吴阳镇",
            "黄坡镇",
            "振文镇",
            "樟铺镇",
            "塘缀镇",
            "长岐镇",
            "浅水镇",
        ],
    ),
    (
        "遂溪县",
        10,
        &[
            "遂城镇",
            "黄略镇",
            "洋青镇",
            "界炮镇",
            "乐民镇",
            "江洪镇",
            "杨柑镇",
            "城月镇",
            "乌塘镇",
            "建新镇",
            "岭北镇",
            "北坡镇",
            "港门镇",
            "草潭镇",
            "河头镇",
        ],
    ),
    (
        "徐闻县",
        7,
        &[
            "徐城街道",
            "东方街道",
            "迈陈镇",
            "海安镇",
            "曲界镇",
            "前山镇",
            "西连镇",
            "下桥镇",
            "龙塘镇",
            "下洋镇",
            "锦和镇",
            "和安镇",
            "新寮镇",
            "南山镇",
            "城北乡",
            "角尾乡",
        ],
    ),
];

pub fn towns_of(region: &str) -> &'static [&'static str] {
    REGIONS.iter().find(|(name, _, _)| *name == region).map(|(_, _, towns)| *towns).unwrap_or(&[])
}

/// The county-level unit a county's tickets are transferred to: named once per county,
/// borrowed by every ticket (a String per ticket was 80,000 allocations in the sample).
pub fn county_unit(region: &str) -> &'static str {
    static UNITS: OnceLock<Vec<String>> = OnceLock::new();
    let units = UNITS.get_or_init(|| {
        REGIONS
            .iter()
            .map(|&(name, _, _)| match name {
                "经开区" => "湛江经开区管委会".to_string(),
                _ => format!("{name}人民政府"),
            })
            .collect()
    });
    let county = REGIONS.iter().position(|&(name, _, _)| name == region).expect("a county of REGIONS");
    &units[county]
}

pub const ROADS: [&str; 16] = [
    "人民大道",
    "海滨大道",
    "椹川大道",
    "解放西路",
    "中山二路",
    "南桥路",
    "海田路",
    "康宁路",
    "建新东路",
    "民享路",
    "体育北路",
    "疏港大道",
    "乐山路",
    "观海北路",
    "金沙湾路",
    "绿塘路",
];

pub const VILLAGES: [&str; 14] = [
    "龙湾村",
    "大井村",
    "北坡村",
    "沙坡村",
    "山尾村",
    "石门村",
    "东岭村",
    "新屋村",
    "田头村",
    "那良村",
    "榕树村",
    "塘边村",
    "西山村",
    "上村",
];

pub const ESTATES: [&str; 12] = [
    "海悦花园",
    "金海岸小区",
    "椹川新城",
    "南国花园",
    "绿洲雅苑",
    "御景湾",
    "怡福花园",
    "康顺小区",
    "明珠苑",
    "海景华庭",
    "锦绣华府",
    "翠湖湾",
];
