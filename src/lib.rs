//! The 12345 hotline analyzer's core: from a work-order export to the monthly report.
//! Pure Rust with no browser types; `web` is the only module that knows about JavaScript.
//!
//! bytes ─► ingest ─► TicketTable ─► stats ─► report model ─► renderers

pub mod analysis;
pub mod crash;
pub mod ingest;
pub mod period;
pub mod report;
pub mod sample;
pub mod settings;
pub mod stats;
pub mod table;

#[cfg(target_arch = "wasm32")]
pub mod web;

use std::io::Read;

pub use analysis::Analysis;
pub use ingest::error::IngestError;
pub use settings::Settings;

/// Why no report could be made: a file could not be read, or nothing was left to count.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    Ingest(IngestError),
    Analysis(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Ingest(e) => f.write_str(&e.message()),
            Error::Analysis(message) => f.write_str(message),
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
    analysis::analyze(loader.finish(), settings).map_err(Error::Analysis)
}

/// An analysis whose files are handed over chunk by chunk, as the page reads them (it
/// fetches the next slice of a File while this one is parsed). Same result as `analyze`.
pub struct Session {
    settings: Settings,
    loader: ingest::Loader,
    current: Option<ingest::push::PushedFile>,
}

impl Session {
    pub fn new(settings: Settings) -> Session {
        let loader = ingest::Loader::new(&settings);
        Session { settings, loader, current: None }
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
        analysis::analyze(self.loader.finish(), &self.settings).map_err(Error::Analysis)
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
