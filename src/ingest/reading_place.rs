//! Which file and row is being read, for the one message a crash can still give: release
//! wasm aborts on a panic, so the panic hook reads the place from here to say where.

use std::cell::{Cell, RefCell};

thread_local! {
    static FILE: RefCell<Option<String>> = const { RefCell::new(None) };
    static ROW: Cell<u64> = const { Cell::new(0) };
}

/// A file starts being read.
pub fn set_file(name: &str) {
    FILE.with(|file| *file.borrow_mut() = Some(name.to_string()));
    ROW.with(|row| row.set(0));
}

/// Its 1-based row `row` is being read (a cell write: this is on every row's path).
#[inline]
pub fn set_row(row: u64) {
    ROW.with(|cell| cell.set(row));
}

/// The file and row being read, if any (row 0: before its first row).
pub fn current() -> Option<(String, u64)> {
    let file = FILE.with(|file| file.borrow().clone())?;
    Some((file, ROW.with(Cell::get)))
}

/// Reading is over.
pub fn clear() {
    FILE.with(|file| *file.borrow_mut() = None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_follows_the_file_and_row_being_read() {
        clear();
        assert_eq!(current(), None);
        set_file("一月.csv");
        set_row(17);
        assert_eq!(current(), Some(("一月.csv".to_string(), 17)));
        clear();
        assert_eq!(current(), None);
    }
}
