//! A ticket's original row: every column its file had (address, caller, reply text… which
//! the report does not use), read again from the file when the analyst asks, with the
//! file's name and the row's number. A UTF-8 text file is read from a place near the row
//! (`ingest::source`); a workbook, or text in another encoding, is read again through the
//! same reader that read it the first time, which keeps only the rows asked for.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Tickets;
use crate::ingest::push::PushedFile;
use crate::ingest::source::{rows_at, seek_point, Seek, SeekPoint, SourceFile};
use crate::ingest::Loader;
use crate::settings::Settings;
use crate::table::Origin;

/// One row as its file has it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OriginalRow {
    /// The ticket's place in the table.
    pub ticket: u32,
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based, as a spreadsheet numbers it.
    pub row: u64,
    pub cells: Vec<OriginalCell>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OriginalCell {
    /// The column's header in the file.
    pub header: String,
    pub value: String,
}

/// Where to read a ticket's row from: file number `file` (as the analysis read them), from
/// byte `from` (when the file can be read from there; otherwise from its start, whole).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowPlace {
    pub file: usize,
    pub from: Option<u64>,
}

impl Tickets {
    fn origin(&self, ticket: u32) -> Result<(Origin, &SourceFile), String> {
        let origin = self.table.origin.get(ticket as usize).copied().ok_or_else(|| no_such_ticket(ticket))?;
        let source = self.sources.get(origin.file()).ok_or_else(|| no_such_ticket(ticket))?;
        Ok((origin, source))
    }

    /// Where to read the ticket's row from.
    pub fn place(&self, ticket: u32) -> Result<RowPlace, String> {
        let (origin, source) = self.origin(ticket)?;
        let from = match &source.seek {
            Seek::Text { points, .. } => seek_point(points, origin.row()).map(|p| p.offset),
            Seek::FromStart => None,
        };
        Ok(RowPlace { file: origin.file(), from })
    }

    /// The ticket's row from `text`, the file's bytes from `place(ticket).from` on (to its
    /// end when `at_end`). None when the text read ends before the row does: read more.
    pub fn original_at(&self, ticket: u32, text: &[u8], at_end: bool) -> Result<Option<OriginalRow>, String> {
        let (origin, source) = self.origin(ticket)?;
        let Seek::Text { delimiter, points } = &source.seek else {
            return Err("内部错误：这个文件须从头重新读取。".into());
        };
        let from = seek_point(points, origin.row()).unwrap_or(SeekPoint { rows_before: 0, offset: 0 });
        let found = rows_at(text, *delimiter, from, &[origin.row()], at_end).map_err(|e| reread_failed(source, e))?;
        Ok(found.and_then(|mut rows| rows.pop()).map(|(row, cells)| original_row(ticket, source, row, cells)))
    }

    /// Reads again the files holding `tickets`' rows, to give those rows whole.
    pub fn reread(&self, tickets: &[u32]) -> Result<Reread, String> {
        let mut by_file: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
        let mut wanted = Vec::with_capacity(tickets.len());
        for &ticket in tickets {
            let (origin, _) = self.origin(ticket)?;
            by_file.entry(origin.file()).or_default().push(origin.row());
            wanted.push((ticket, origin));
        }
        Ok(Reread {
            settings: self.settings.clone(),
            sources: self.sources.clone(),
            by_file,
            wanted,
            current: None,
            caught: HashMap::new(),
        })
    }
}

fn no_such_ticket(ticket: u32) -> String {
    format!("内部错误：没有第 {} 宗工单。", ticket as u64 + 1)
}

fn reread_failed(source: &SourceFile, error: impl std::fmt::Display) -> String {
    format!("文件「{}」无法重新读取（{error}），可能已被修改或移走；请重新分析后再查看原始数据。", source.name)
}

fn original_row(ticket: u32, source: &SourceFile, row: u64, cells: Vec<String>) -> OriginalRow {
    // Every header column, blank or not; cells past the header (a longer row) keep a
    // column name of their own.
    let width = source.headers.len().max(cells.len());
    let mut values = cells.into_iter();
    let cells = (0..width)
        .map(|at| OriginalCell {
            header: source.headers.get(at).cloned().unwrap_or_else(|| format!("第{}列", at + 1)),
            value: values.next().unwrap_or_default(),
        })
        .collect();
    OriginalRow { ticket, file: source.name.clone(), sheet: source.sheet.clone(), row, cells }
}

/// Files read again for some of their rows: each file the rows lie in is handed over in
/// slices, as in an analysis (`files` says which), and `rows` gives the rows found.
pub struct Reread {
    settings: Settings,
    sources: Vec<SourceFile>,
    by_file: BTreeMap<usize, Vec<u64>>,
    /// The tickets asked for, in the order asked.
    wanted: Vec<(u32, Origin)>,
    current: Option<(usize, Loader, PushedFile)>,
    caught: HashMap<Origin, Vec<String>>,
}

impl Reread {
    /// The files to read again (numbered as the analysis read them).
    pub fn files(&self) -> Vec<usize> {
        self.by_file.keys().copied().collect()
    }

    pub fn begin_file(&mut self, file: usize) -> Result<(), String> {
        let source = self.sources.get(file).ok_or("内部错误：没有这个文件。")?;
        let rows = self.by_file.get(&file).cloned().unwrap_or_default();
        let loader = Loader::catching(&self.settings, rows);
        self.current = Some((file, loader, PushedFile::new(&source.name, source.sheet.as_deref())));
        Ok(())
    }

    /// Room for the next `len` bytes of the file, then taken with `push_written`.
    pub fn room(&mut self, len: usize) -> Result<&mut [u8], String> {
        let (_, _, pushed) = self.current.as_mut().ok_or("内部错误：没有正在读取的文件。")?;
        Ok(pushed.room(len))
    }

    pub fn push_written(&mut self, len: usize) -> Result<(), String> {
        let (file, loader, pushed) = self.current.as_mut().ok_or("内部错误：没有正在读取的文件。")?;
        let source = &self.sources[*file];
        pushed.push_written(loader, len, &mut |_, _| {}).map_err(|e| reread_failed(source, e))
    }

    /// Whether the file being handed over still holds rows asked for: once not, the rest of
    /// it need not be read (and is not kept).
    pub fn wants_more(&self) -> bool {
        self.current.as_ref().is_some_and(|(_, loader, _)| !loader.has_caught_all())
    }

    pub fn end_file(&mut self) -> Result<(), String> {
        let (file, mut loader, pushed) = self.current.take().ok_or("内部错误：没有正在读取的文件。")?;
        let source = &self.sources[file];
        // Reading stops at the last row wanted; what the reader says of the rest is moot.
        let _ = pushed.finish(&mut loader, &mut |_, _| {});
        let (_, caught) = loader.into_caught();
        for (row, cells) in caught {
            self.caught.insert(Origin::new(file, row), cells);
        }
        let missing = self
            .by_file
            .get(&file)
            .map_or(0, |rows| rows.len())
            .saturating_sub(self.caught.keys().filter(|origin| origin.file() == file).count());
        if missing > 0 {
            return Err(reread_failed(source, format!("有 {missing} 行已找不到")));
        }
        Ok(())
    }

    /// The rows asked for, in the order asked.
    pub fn rows(mut self) -> Vec<OriginalRow> {
        let mut rows = Vec::with_capacity(self.wanted.len());
        for (ticket, origin) in std::mem::take(&mut self.wanted) {
            if let Some(cells) = self.caught.remove(&origin) {
                rows.push(original_row(ticket, &self.sources[origin.file()], origin.row(), cells));
            }
        }
        rows
    }
}
