//! Category levels from the shapes exports give them in besides one column per level: one
//! path column (`城市建设/非法开采`, `-`, `>`, `＞`, `→`) or a DB44/T 2479—2024 code
//! (`040603`). Level columns, when present, win over both. A topic's categories in the
//! settings are written the same ways (`category_rule`). Ingest, the settings check and the
//! statistics all read these, so the module sits beside `table.rs`, not under `ingest/`
//! (which depends on the settings).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Characters that join levels in a path column.
const PATH_SEPARATORS: [char; 8] = ['/', '／', '-', '>', '＞', '→', '\\', '|'];

/// The levels of a path such as `城市建设 > 非法开采`, at most three, blanks dropped.
pub fn split_path(path: &str) -> [&str; 3] {
    let mut levels = [""; 3];
    let parts = path.split(PATH_SEPARATORS).map(crate::table::clean).filter(|p| !p.is_empty());
    for (slot, part) in levels.iter_mut().zip(parts) {
        *slot = part;
    }
    levels
}

/// What one of a topic's category entries (the settings' 分类) covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryRule<'a> {
    /// A name at any level (`疫情防控`): exports file the same problem at different depths,
    /// and the analyst should not have to know which.
    Named(&'a str),
    /// One to three levels from the top: a path (`城市建设/非法开采`, joined as in a path
    /// column) or the levels a DB44/T 2479 code prefix names (`0406` → 自然资源与环境保护 ›
    /// 矿产能源).
    Path(Vec<&'a str>),
}

/// Why a category entry covers nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryRuleProblem {
    Blank,
    /// More levels than the table keeps (three).
    TooDeep(usize),
    /// Digits that are no code of the standard.
    UnknownCode,
}

/// Reads one category entry of a topic: digits are a DB44/T 2479 code prefix (a dropped
/// leading zero restored, as in a code column), text with a path separator a path from the
/// top, anything else a name at any level.
pub fn category_rule(entry: &str) -> Result<CategoryRule<'_>, CategoryRuleProblem> {
    let entry = crate::table::clean(entry);
    if entry.is_empty() {
        return Err(CategoryRuleProblem::Blank);
    }
    if entry.bytes().all(|b| b.is_ascii_digit()) {
        let levels = levels_of_code(entry).ok_or(CategoryRuleProblem::UnknownCode)?;
        return Ok(CategoryRule::Path(levels.into_iter().filter(|l| !l.is_empty()).collect()));
    }
    if !entry.contains(PATH_SEPARATORS) {
        return Ok(CategoryRule::Named(entry));
    }
    let levels: Vec<&str> = entry.split(PATH_SEPARATORS).map(crate::table::clean).filter(|p| !p.is_empty()).collect();
    match levels.len() {
        0 => Err(CategoryRuleProblem::Blank),
        1..=3 => Ok(CategoryRule::Path(levels)),
        deep => Err(CategoryRuleProblem::TooDeep(deep)),
    }
}

/// The standard's entries by code: 2 digits name a first level, 4 a second, 6 a third.
struct Taxonomy {
    names: FxHashMap<String, &'static str>,
}

const TAXONOMY_CSV: &str = include_str!("db44t2479-2024-taxonomy.csv");

fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| {
        let mut names = FxHashMap::default();
        for line in TAXONOMY_CSV.lines().skip(1) {
            // node_id,level_1_code,level_1_name,level_2_code,level_2_name,level_3_code,level_3_name,…
            let cells: Vec<&'static str> = line.splitn(8, ',').collect();
            if cells.len() < 7 {
                continue;
            }
            let (l1, l2, l3) = (cells[1], cells[3], cells[5]);
            names.entry(l1.to_string()).or_insert(cells[2]);
            names.entry(l2.to_string()).or_insert(cells[4]);
            // The standard prints 090499 twice (under 0904 and 0905); the key is the
            // second level's code and the entry's own last two digits, so 090599 finds
            // the second. A third level without its own name takes the second level's.
            let own = if cells[6].is_empty() { cells[4] } else { cells[6] };
            names.entry(format!("{l2}{}", &l3[4..])).or_insert(own);
        }
        Taxonomy { names }
    })
}

/// The digits of a code cell, restoring the leading zero a spreadsheet drops
/// (`40603` → `040603`); None when the cell holds no code.
fn code_digits(cell: &str) -> Option<String> {
    let digits: String = cell
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ' ')
        .filter(char::is_ascii_digit)
        .collect();
    let digits = if digits.len() % 2 == 1 { format!("0{digits}") } else { digits };
    matches!(digits.len(), 2 | 4 | 6).then_some(digits)
}

/// The level names of a DB44/T 2479 code; levels the code does not reach are empty.
/// None when the code is not in the standard.
pub fn levels_of_code(cell: &str) -> Option<[&'static str; 3]> {
    let digits = code_digits(cell)?;
    let names = &taxonomy().names;
    let mut levels = [""; 3];
    for (level, slot) in levels.iter_mut().enumerate() {
        let width = 2 * (level + 1);
        if digits.len() >= width {
            *slot = names.get(&digits[..width]).copied()?;
        }
    }
    Some(levels)
}

/// Every code of the standard (2, 4 and 6 digits, in order) with its level names, as
/// `levels_of_code` gives them.
pub fn every_code() -> Vec<(String, [&'static str; 3])> {
    let mut codes: Vec<String> = taxonomy().names.keys().cloned().collect();
    codes.sort();
    codes.into_iter().filter_map(|code| Some((code.clone(), levels_of_code(&code)?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_on_every_separator_exports_use() {
        assert_eq!(split_path("城市建设/非法开采"), ["城市建设", "非法开采", ""]);
        assert_eq!(split_path("商品类 - 家用电器 - 空调"), ["商品类", "家用电器", "空调"]);
        assert_eq!(split_path("服务类>售后服务＞维修"), ["服务类", "售后服务", "维修"]);
        assert_eq!(split_path("对工作作风不满意→上班时间不在岗"), ["对工作作风不满意", "上班时间不在岗", ""]);
        assert_eq!(split_path("人力资源"), ["人力资源", "", ""]);
        assert_eq!(split_path(" / 城市建设 // "), ["城市建设", "", ""]);
    }

    #[test]
    fn codes_name_their_levels_in_the_standard() {
        assert_eq!(levels_of_code("040603"), Some(["自然资源与环境保护", "矿产能源", "矿产资源管理"]));
        assert_eq!(levels_of_code("020406").unwrap()[2], "新冠疫情");
        assert_eq!(levels_of_code("13"), Some(["政风行风党风", "", ""]));
        assert_eq!(levels_of_code("1301").unwrap()[1], "行政效能");
        assert_eq!(levels_of_code("40603"), levels_of_code("040603"), "a dropped leading zero is restored");
        assert_eq!(levels_of_code("999999"), None);
        assert_eq!(levels_of_code("城市建设"), None);
    }

    #[test]
    fn a_topics_category_is_a_name_a_path_from_the_top_or_a_code_prefix() {
        use CategoryRule::{Named, Path};
        assert_eq!(category_rule(" 疫情防控 "), Ok(Named("疫情防控")));
        assert_eq!(category_rule("城市建设/非法开采"), Ok(Path(vec!["城市建设", "非法开采"])));
        assert_eq!(
            category_rule("城市建设 > 国土资源 ＞ 非法开采"),
            Ok(Path(vec!["城市建设", "国土资源", "非法开采"]))
        );
        assert_eq!(category_rule("城市建设/"), Ok(Path(vec!["城市建设"])), "a separator keeps it at the top");
        assert_eq!(category_rule("0406"), Ok(Path(vec!["自然资源与环境保护", "矿产能源"])));
        assert_eq!(category_rule("406"), category_rule("0406"), "a dropped leading zero is restored");
        assert_eq!(category_rule("020406"), Ok(Path(vec!["公卫医疗", "公共卫生", "新冠疫情"])));
        assert_eq!(category_rule("13"), Ok(Path(vec!["政风行风党风"])));
    }

    #[test]
    fn a_category_entry_that_covers_nothing_says_why() {
        assert_eq!(category_rule("  "), Err(CategoryRuleProblem::Blank));
        assert_eq!(category_rule(" / "), Err(CategoryRuleProblem::Blank));
        assert_eq!(category_rule("0999"), Err(CategoryRuleProblem::UnknownCode));
        assert_eq!(category_rule("04060301"), Err(CategoryRuleProblem::UnknownCode));
        assert_eq!(category_rule("甲/乙/丙/丁"), Err(CategoryRuleProblem::TooDeep(4)));
    }

    #[test]
    fn the_standards_printing_slips_are_read_as_meant() {
        assert_eq!(levels_of_code("090499").unwrap()[2], "其他生活服务");
        assert_eq!(levels_of_code("090599").unwrap()[2], "其他民族宗教");
        assert_eq!(levels_of_code("010600").unwrap()[2], "新闻出版", "no own name: the second level's");
    }
}
