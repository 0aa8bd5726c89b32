//! Section numbers that close up when a section is left out for lack of data:
//! 一、二、三 for parts, （一）（二） for sections within a part.

use super::wording::numeral;

#[derive(Default, Clone)]
pub struct Numbering {
    part: usize,
    section: usize,
}

impl Numbering {
    /// 一、诉求量情况
    pub fn part(&mut self, title: &str) -> String {
        self.part += 1;
        self.section = 0;
        format!("{}、{}", numeral(self.part), title)
    }

    /// （一）诉求总体情况
    pub fn section(&mut self, title: &str) -> String {
        self.section += 1;
        format!("（{}）{}", numeral(self.section), title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_close_up_and_restart_per_part() {
        let mut n = Numbering::default();
        assert_eq!(n.part("诉求量情况"), "一、诉求量情况");
        assert_eq!(n.section("诉求总体情况"), "（一）诉求总体情况");
        assert_eq!(n.section("领导值班情况"), "（二）领导值班情况");
        assert_eq!(n.part("工单量总体情况"), "二、工单量总体情况");
        assert_eq!(n.section("咨询类"), "（一）咨询类");
    }
}
