//! The 12345 hotline analyzer's core: from a work-order export to the monthly report.
//! Pure Rust with no browser types; `web` is the only module that knows about JavaScript.
//!
//! bytes ─► ingest ─► TicketTable ─► stats ─► report model ─► renderers

pub mod analysis;
pub mod category;
pub mod crash;
pub mod imported;
pub mod ingest;
pub mod notice;
#[cfg(not(target_arch = "wasm32"))]
pub mod parquet_export;
pub mod period;
pub mod query;
pub mod repeats;
pub mod report;
pub mod sample;
pub mod scorecard;
pub mod sections;
pub mod settings;
pub mod stats;
pub mod table;
pub mod trends;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod wasm_memory;
#[cfg(target_arch = "wasm32")]
pub mod web;

use std::io::Read;

pub use analysis::Analysis;
pub use ingest::accounting::Accounting;
pub use ingest::error::IngestError;
pub use settings::Settings;

/// Why no report could be made: a file could not be read, or nothing was left to count.
#[derive(Debug, Clone)]
pub enum Error {
    Ingest(IngestError),
    Analysis(String),
    /// The files were read but every row was refused or a duplicate: the accounting (with
    /// the rejected rows) comes along, so the page can show why, file by file.
    NothingToCount {
        files: Vec<String>,
        accounting: Accounting,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Ingest(e) => f.write_str(&e.message()),
            Error::Analysis(message) => f.write_str(message),
            Error::NothingToCount { files, accounting } => {
                let names: Vec<String> = files.iter().map(|name| format!("「{name}」")).collect();
                let a = accounting;
                write!(f, "文件{}中没有可统计的工单：", names.join("、"))?;
                if a.input_rows == 0 {
                    f.write_str("表头下面没有数据行。")
                } else if a.duplicates == 0 {
                    write!(f, "读入的 {} 行都被拒收了，每行的原因见“拒收行”，可下载查看。", a.input_rows)
                } else {
                    write!(
                        f,
                        "读入的 {} 行中，拒收 {} 行、重复 {} 行，没有留下可用的工单；拒收的原因见“拒收行”。",
                        a.input_rows, a.rejected, a.duplicates
                    )
                }
            }
        }
    }
}

/// Accounting has no `PartialEq`: nothing-to-count errors compare by their files, counts
/// and rejected rows.
impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        match (self, other) {
            (Error::Ingest(a), Error::Ingest(b)) => a == b,
            (Error::Analysis(a), Error::Analysis(b)) => a == b,
            (Error::NothingToCount { files: a, accounting: x }, Error::NothingToCount { files: b, accounting: y }) => {
                let counts = |a: &Accounting| (a.input_rows, a.accepted, a.rejected, a.duplicates, a.outside_period);
                a == b && counts(x) == counts(y) && x.rejected_rows == y.rejected_rows
            }
            _ => false,
        }
    }
}

impl std::error::Error for Error {}

/// One input file: its name (for messages) and its bytes as a stream.
pub struct Input<R: Read> {
    pub name: String,
    pub reader: R,
    /// For a workbook: the sheet the user chose; None takes the first ticket sheet.
    pub sheet: Option<String>,
    /// The file's size in bytes, when known: the table then makes room for it at once.
    pub size: Option<u64>,
}

impl<R: Read> Input<R> {
    pub fn new(name: impl Into<String>, reader: R) -> Input<R> {
        Input { name: name.into(), reader, sheet: None, size: None }
    }

    pub fn with_size(self, size: u64) -> Input<R> {
        Input { size: Some(size), ..self }
    }
}

/// Reads every input and analyses them together. `progress` is called with (file index,
/// bytes read in that file, rows read in that file).
pub fn analyze<R: Read>(
    inputs: Vec<Input<R>>,
    settings: &Settings,
    progress: &mut dyn FnMut(usize, u64, u64),
) -> Result<Analysis, Error> {
    let mut loader = ingest::Loader::new(settings);
    for (index, input) in inputs.into_iter().enumerate() {
        let sheet = input.sheet.as_deref();
        loader.expect_file_bytes(input.size);
        ingest::read_file(&input.name, input.reader, sheet, &mut loader, &mut |bytes, rows| {
            progress(index, bytes, rows)
        })
        .map_err(Error::Ingest)?;
    }
    analyze_loaded(loader.finish(), settings, &[])
}

/// The analysis of what was read. Nothing left to count is an error that keeps the
/// accounting, with the rejected rows.
fn analyze_loaded(
    loaded: ingest::Loaded,
    settings: &Settings,
    remembered: &[trends::memory::MonthSummary],
) -> Result<Analysis, Error> {
    if loaded.table.is_empty() {
        let files = loaded.files.iter().map(|file| file.name.clone()).collect();
        return Err(Error::NothingToCount { files, accounting: loaded.accounting });
    }
    analysis::analyze(loaded, settings, remembered).map_err(Error::Analysis)
}

/// An analysis whose files are handed over chunk by chunk, as the page reads them (it
/// fetches the next slice of a File while this one is parsed). Same result as `analyze`.
pub struct Session {
    settings: Settings,
    loader: ingest::Loader,
    current: Option<ingest::push::PushedFile>,
    remembered: Vec<trends::memory::MonthSummary>,
}

impl Session {
    pub fn new(settings: Settings) -> Session {
        let loader = ingest::Loader::new(&settings);
        Session { settings, loader, current: None, remembered: Vec::new() }
    }

    /// The months this machine remembers from earlier analyses, for trends and warnings.
    pub fn remember(&mut self, months: Vec<trends::memory::MonthSummary>) {
        self.remembered = months;
    }

    /// Starts the next file (`sheet`: the workbook sheet the user chose, if any; `size`:
    /// its size in bytes, if known).
    pub fn begin_file(&mut self, name: &str, sheet: Option<&str>, size: Option<u64>) {
        self.loader.expect_file_bytes(size);
        self.current = Some(ingest::push::PushedFile::new(name, sheet));
    }

    /// The next chunk of the current file; `progress` gets (bytes, rows) read so far.
    pub fn push(&mut self, chunk: &[u8], progress: &mut dyn FnMut(u64, u64)) -> Result<(), Error> {
        let file = self.current.as_mut().ok_or_else(no_current_file)?;
        file.push(&mut self.loader, chunk, progress).map_err(Error::Ingest)
    }

    /// Room for the next `len` bytes of the current file, written in place and then taken
    /// with `push_written` (one copy less than `push`).
    pub fn room(&mut self, len: usize) -> Result<&mut [u8], Error> {
        Ok(self.current.as_mut().ok_or_else(no_current_file)?.room(len))
    }

    pub fn push_written(&mut self, len: usize, progress: &mut dyn FnMut(u64, u64)) -> Result<(), Error> {
        let file = self.current.as_mut().ok_or_else(no_current_file)?;
        file.push_written(&mut self.loader, len, progress).map_err(Error::Ingest)
    }

    pub fn end_file(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<(), Error> {
        let file = self.current.take().ok_or_else(no_current_file)?;
        file.finish(&mut self.loader, progress).map_err(Error::Ingest)
    }

    pub fn finish(self) -> Result<Analysis, Error> {
        analyze_loaded(self.loader.finish(), &self.settings, &self.remembered)
    }
}

/// The built-in sample as the analyst would get it: generated, written as CSV, and read
/// back through the normal pipeline.
fn no_current_file() -> Error {
    Error::Analysis("内部错误：没有正在读取的文件。".into())
}

pub fn analyze_sample(
    options: &sample::SampleOptions,
    settings: &Settings,
    progress: &mut dyn FnMut(usize, u64, u64),
) -> Result<Analysis, Error> {
    let bytes = sample::csv_bytes(options);
    let size = bytes.len() as u64;
    analyze(vec![Input::new(SAMPLE_FILE_NAME, bytes.as_slice()).with_size(size)], settings, progress)
}

pub const SAMPLE_FILE_NAME: &str = "示例数据-湛江12345-2021年1月.csv";

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze_csv(name: &str, csv: &str) -> Result<Analysis, Error> {
        analyze(vec![Input::new(name, csv.as_bytes())], &Settings::default(), &mut |_, _, _| {})
    }

    #[test]
    fn a_file_whose_rows_are_all_refused_is_named_and_keeps_its_rejected_rows() {
        let csv = "工单编号,受理时间,诉求类型,诉求渠道\n1,明天,咨询,电话\n2,后天,咨询,电话\n";
        let error = analyze_csv("全错.csv", csv).unwrap_err();
        assert_eq!(
            error.to_string(),
            "文件「全错.csv」中没有可统计的工单：读入的 2 行都被拒收了，每行的原因见“拒收行”，可下载查看。"
        );
        let Error::NothingToCount { files, accounting } = error else { panic!("{error:?}") };
        assert_eq!(files, ["全错.csv"]);
        assert_eq!((accounting.input_rows, accounting.rejected, accounting.rejected_rows.len()), (2, 2, 2));
        assert!(accounting.rejected_csv().contains("全错.csv,3,受理时间"));
    }

    #[test]
    fn a_session_whose_rows_are_all_refused_says_so_too() {
        let mut session = Session::new(Settings::default());
        session.begin_file("推送.csv", None, None);
        let csv = "工单编号,受理时间,诉求类型,诉求渠道\n1,明天,咨询,电话\n";
        session.push(csv.as_bytes(), &mut |_, _| {}).unwrap();
        session.end_file(&mut |_, _| {}).unwrap();
        let error = session.finish().unwrap_err();
        assert!(error.to_string().starts_with("文件「推送.csv」中没有可统计的工单：读入的 1 行都被拒收了"), "{error}");
    }
}
