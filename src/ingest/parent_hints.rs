//! One column's value often decides others': a category's lowest level names the levels
//! above it (社保卡 is under 社会保险 under 人力资源), a town its district, a unit its
//! kind. Remembering, for each code of the deciding column, the codes last seen beside it
//! fills those columns with one comparison each instead of a hash lookup (rows come in
//! time order, so these values seldom repeat the row above).

use crate::table::SymbolColumn;

/// For each code of a deciding column, the codes of `N` other columns last seen with it.
pub struct ParentHints<const N: usize> {
    by_code: Vec<[u32; N]>,
}

impl<const N: usize> Default for ParentHints<N> {
    fn default() -> Self {
        ParentHints { by_code: Vec::new() }
    }
}

impl<const N: usize> ParentHints<N> {
    /// The codes last seen with `code`; zeros (no hint) when it is new.
    pub fn get(&self, code: u32) -> [u32; N] {
        self.by_code.get(code as usize).copied().unwrap_or([0; N])
    }

    pub fn set(&mut self, code: u32, parents: [u32; N]) {
        let at = code as usize;
        if at >= self.by_code.len() {
            self.by_code.resize(at + 1, [0; N]);
        }
        self.by_code[at] = parents;
    }
}

impl ParentHints<1> {
    /// Adds `value` to `column`, hinted by what stood beside `decider` (a code of the
    /// deciding column's row) last time.
    #[inline]
    pub fn push(&mut self, decider: u32, column: &mut SymbolColumn, value: &str) {
        let [hint] = self.get(decider);
        self.set(decider, [column.push_hinted(value, hint)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hinted_columns_hold_what_plain_pushes_hold_whether_hints_agree_or_not() {
        // Towns and districts, with a town that moved district and blank cells.
        let rows = [
            ("友谊街道", "霞山区"),
            ("麻章镇", "麻章区"),
            ("友谊街道", "霞山区"),
            ("友谊街道", "赤坎区"),
            ("", "霞山区"),
            ("友谊街道", "赤坎区"),
            ("麻章镇", ""),
            ("麻章镇", "麻章区"),
        ];
        let (mut town, mut region, mut plain) =
            (SymbolColumn::default(), SymbolColumn::default(), SymbolColumn::default());
        let mut hints = ParentHints::<1>::default();
        for (t, r) in rows {
            town.push(t);
            hints.push(town.last_code(), &mut region, r);
            plain.push(r);
        }
        assert_eq!(region.codes, plain.codes);
        assert_eq!((0..rows.len()).map(|row| region.get(row)).collect::<Vec<_>>(), rows.map(|(_, r)| r));
        assert_eq!(hints.get(99), [0], "no hint for a code never seen");
    }
}
