//! One row's cells as the readers hand them to the loader: slices of one text, so a row
//! costs no allocation (a year is millions of rows).

/// A cell's byte range in the row's text.
pub type Span = (u32, u32);

/// The cells of one row, borrowed from the reader's buffer.
///
/// Every span lies within `text` on character boundaries: `new` checks it, `of_line` and
/// `RowBuf` cut only there. Cells are sliced without checking again (twenty cells a row).
#[derive(Clone, Copy)]
pub struct Cells<'a> {
    text: &'a str,
    spans: &'a [Span],
    /// False for a plain line (no quotes): none of its cells can span lines, so the search
    /// for a line break, a pass over every byte of the row, is skipped.
    may_break: bool,
}

impl<'a> Cells<'a> {
    /// None when a span does not fall on character boundaries: bytes that are valid UTF-8
    /// only once their cells are joined (a character cut by a delimiter) are not text.
    pub fn new(text: &'a str, spans: &'a [Span]) -> Option<Cells<'a>> {
        let on_boundaries = spans.iter().all(|&(start, end)| {
            start <= end && text.is_char_boundary(start as usize) && text.is_char_boundary(end as usize)
        });
        on_boundaries.then_some(Cells { text, spans, may_break: true })
    }

    /// The cells of one line of text cut at an ASCII delimiter: in UTF-8 an ASCII byte is
    /// never part of another character, so every cut is on a character boundary and
    /// `new`'s check (a few percent of reading a file) can be skipped.
    pub fn of_line(text: &'a str, spans: &'a [Span]) -> Cells<'a> {
        debug_assert!(Cells::new(text, spans).is_some(), "spans cut at ASCII bytes");
        Cells { text, spans, may_break: false }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Bytes of the row's text (its cells and anything between them).
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    pub fn get(&self, index: usize) -> Option<&'a str> {
        self.spans.get(index).map(|&span| self.slice(span))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.spans.iter().map(|&span| self.slice(span))
    }

    #[inline]
    fn slice(&self, (start, end): Span) -> &'a str {
        debug_assert!(self.text.get(start as usize..end as usize).is_some());
        // SAFETY: spans lie within the text on character boundaries (see the type).
        unsafe { self.text.get_unchecked(start as usize..end as usize) }
    }

    /// Whether some cell holds a line break (a quoted multi-line cell, or a quote that
    /// never closed and swallowed the lines after it).
    pub fn has_line_break(&self) -> bool {
        // The text holds the cells and the delimiters between them: one search covers all.
        self.may_break && memchr::memchr(b'\n', self.text.as_bytes()).is_some()
    }

    pub fn to_strings(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

/// An owned row to fill cell by cell (workbook rows, tests), lent out as `Cells`.
#[derive(Default)]
pub struct RowBuf {
    text: String,
    spans: Vec<Span>,
}

impl RowBuf {
    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }

    /// Appends a cell written by `write` into the row's text.
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len() as u32;
        write(&mut self.text);
        self.spans.push((start, self.text.len() as u32));
    }

    pub fn push(&mut self, cell: &str) {
        self.push_with(|text| text.push_str(cell));
    }

    /// Adds empty cells until the row has `width`.
    pub fn pad_to(&mut self, width: usize) {
        let end = self.text.len() as u32;
        while self.spans.len() < width {
            self.spans.push((end, end));
        }
    }

    pub fn cells(&self) -> Cells<'_> {
        Cells { text: &self.text, spans: &self.spans, may_break: true }
    }

    pub fn of(cells: &[&str]) -> RowBuf {
        let mut row = RowBuf::default();
        for cell in cells {
            row.push(cell);
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_slices_of_one_text() {
        let row = RowBuf::of(&["工单", "", "a\nb"]);
        let cells = row.cells();
        assert_eq!(cells.iter().collect::<Vec<_>>(), ["工单", "", "a\nb"]);
        assert_eq!((cells.len(), cells.get(1), cells.get(3)), (3, Some(""), None));
        assert!(cells.has_line_break());
        assert!(!RowBuf::of(&["a", "b"]).cells().has_line_break());
    }

    #[test]
    fn spans_cutting_a_character_are_refused() {
        let text = "工单";
        assert!(Cells::new(text, &[(0, 3), (3, 6)]).is_some());
        assert!(Cells::new(text, &[(0, 2), (2, 6)]).is_none());
    }
}
