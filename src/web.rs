//! The JavaScript façade: the only module that knows about the browser. Files come in as
//! chunks pushed into a `Session` (the worker reads ahead) or, for bytes already in memory
//! (the sample), as slice readers; settings as JSON; results go out as plain JS objects;
//! every error crosses here as one Chinese message string.

use std::io::Read;

use js_sys::{Function, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::report::docx::ChartImage;
use crate::report::{charts, docx, xlsx, ChartSpec, Document};
use crate::sample::SampleOptions;
use crate::{Error, Input, Settings};

/// Where a crash's message waits on the global object (the worker's `self`), for the
/// worker to read after the trap without calling into the (now unusable) wasm again.
const CRASH_MESSAGE_KEY: &str = "hotlineCrashMessage";

#[wasm_bindgen(start)]
pub fn start() {
    // A panic traps (panic=abort): before it does, the console gets the panic as usual and
    // the global object the Chinese message naming the file and row being read.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let place = crate::ingest::reading_place::current();
        let message = crate::crash::crash_message(place, &crate::crash::panic_detail(info));
        let _ = js_sys::Reflect::set(&js_sys::global(), &CRASH_MESSAGE_KEY.into(), &message.into());
    }));
}

/// Crashes as a bug in reading would, at row `row` of `file`: the end-to-end tests check
/// with it that a crash reaches the analyst as a message and the page recovers.
#[wasm_bindgen(js_name = crashForTesting)]
pub fn crash_for_testing(file: &str, row: u32) {
    crate::ingest::reading_place::set_file(file);
    crate::ingest::reading_place::set_row(row as u64);
    panic!("测试用的程序错误");
}

/// A file the worker can read in slices: `read(start, end)` returns a Uint8Array.
struct SliceReader {
    read: Function,
    size: u64,
    position: u64,
}

impl Read for SliceReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.position >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let end = (self.position + buf.len() as u64).min(self.size);
        let chunk = self
            .read
            .call2(&JsValue::NULL, &JsValue::from_f64(self.position as f64), &JsValue::from_f64(end as f64))
            .map_err(|e| std::io::Error::other(e.as_string().unwrap_or_else(|| "无法读取文件".into())))?;
        let chunk = Uint8Array::new(&chunk);
        let n = chunk.length() as usize;
        chunk.copy_to(&mut buf[..n]);
        self.position += n as u64;
        Ok(n)
    }
}

/// The settings a run in the page uses: the letter is dated today (the machine's local
/// date) unless the analyst set a date.
fn settings_from(json: &str) -> Result<Settings, JsValue> {
    let mut settings = if json.trim().is_empty() {
        Settings::default()
    } else {
        Settings::from_json(json).map_err(|e| JsValue::from_str(&e))?
    };
    if settings.letter.date.trim().is_empty() {
        let now = js_sys::Date::new_0();
        let today = chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date());
        if let Some(today) = today {
            settings.letter.date = crate::report::wording::date(today);
        }
    }
    Ok(settings)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&format!("内部错误：结果无法传回页面（{e}）")))
}

/// Every error of the core reaches the page here: a JS `Error` named `HotlineError` whose
/// message is the Chinese text; a header lacking a required field also carries the file
/// name and its columns as mapped, for the page's column mapping.
fn error_to_js(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("HotlineError");
    if let Error::NothingToCount { accounting, .. } = &error {
        // Every row was refused: the page shows why, as it does beside a report.
        if let Ok(value) = to_js(accounting) {
            let _ = js_sys::Reflect::set(&js, &"accounting".into(), &value);
        }
        if accounting.rejected > 0 {
            let _ = js_sys::Reflect::set(&js, &"rejectedCsv".into(), &accounting.rejected_csv().into());
        }
    }
    if let Error::Ingest(ingest) = &error {
        if !ingest.columns.is_empty() {
            let _ = js_sys::Reflect::set(&js, &"file".into(), &JsValue::from_str(&ingest.file));
            if let Ok(columns) = to_js(&ingest.columns) {
                let _ = js_sys::Reflect::set(&js, &"columns".into(), &columns);
            }
        }
    }
    js.into()
}

fn progress_callback(progress: &Function) -> impl FnMut(usize, u64, u64) + '_ {
    move |file, bytes, rows| {
        let _ = progress.call3(
            &JsValue::NULL,
            &JsValue::from(file as u32),
            &JsValue::from_f64(bytes as f64),
            &JsValue::from_f64(rows as f64),
        );
    }
}

/// Analyses files given as `[{name, size, read(start, end) → Uint8Array, sheet?}]`.
#[wasm_bindgen(js_name = analyzeFiles)]
pub fn analyze_files(files: js_sys::Array, settings_json: &str, progress: &Function) -> Result<JsValue, JsValue> {
    forget_tickets();
    let settings = settings_from(settings_json)?;
    let mut inputs = Vec::new();
    for file in files.iter() {
        let get = |key: &str| js_sys::Reflect::get(&file, &JsValue::from_str(key));
        let name = get("name")?.as_string().unwrap_or_else(|| "未命名文件".into());
        let size = get("size")?.as_f64().unwrap_or(0.0) as u64;
        let read: Function = get("read")?.dyn_into()?;
        let sheet = get("sheet")?.as_string().filter(|s| !s.is_empty());
        inputs.push(Input { name, reader: SliceReader { read, size, position: 0 }, sheet, size: Some(size) });
    }
    let analysis = crate::analyze(inputs, &settings, &mut progress_callback(progress)).map_err(error_to_js)?;
    analysis_to_js(&analysis)
}

/// The report from a figures file computed elsewhere (`imported::import`): shown as an
/// analysis with `imported: true` and no tickets to explore.
#[wasm_bindgen(js_name = reportFromFigures)]
pub fn report_from_figures(file: &str, json: &str, settings_json: &str) -> Result<JsValue, JsValue> {
    forget_tickets();
    let settings = settings_from(settings_json)?;
    let imported = crate::imported::import(file, json, &settings).map_err(|e| error_to_js(Error::Analysis(e)))?;
    to_js(&imported)
}

/// An analysis fed chunk by chunk: the worker reads the next slice of a File
/// asynchronously while this one is parsed, so reading and parsing overlap.
#[wasm_bindgen(js_name = Session)]
pub struct JsSession {
    inner: crate::Session,
    file: u32,
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    #[wasm_bindgen(constructor)]
    pub fn new(settings_json: &str) -> Result<JsSession, JsValue> {
        forget_tickets();
        Ok(JsSession { inner: crate::Session::new(settings_from(settings_json)?), file: 0 })
    }

    /// Starts file number `index` (for progress) of `size` bytes; `sheet` empty for the
    /// first ticket sheet.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, index: u32, name: &str, sheet: &str, size: f64) {
        self.file = index;
        self.inner.begin_file(name, Some(sheet).filter(|s| !s.is_empty()), Some(size as u64));
    }

    /// A view of the core's memory where the next `len` bytes of the file go: the worker
    /// copies its slice in (`view.set(slice)`) and calls `pushWritten`, one copy less than
    /// passing the slice as an argument. The view must be filled before any other call
    /// into the core, which may move memory as it grows.
    #[wasm_bindgen(js_name = pushRoom)]
    pub fn push_room(&mut self, len: u32) -> Result<Uint8Array, JsValue> {
        let room = self.inner.room(len as usize).map_err(error_to_js)?;
        // SAFETY: the view covers exactly `room`, and the worker writes it before calling
        // into the core again (nothing can grow memory or reuse the room meanwhile).
        Ok(unsafe { Uint8Array::view_mut_raw(room.as_mut_ptr(), room.len()) })
    }

    /// Takes the `len` bytes written into the view `pushRoom` gave.
    #[wasm_bindgen(js_name = pushWritten)]
    pub fn push_written(&mut self, len: u32, progress: &Function) -> Result<(), JsValue> {
        let mut report = progress_callback(progress);
        let file = self.file as usize;
        self.inner.push_written(len as usize, &mut |bytes, rows| report(file, bytes, rows)).map_err(error_to_js)
    }

    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self, progress: &Function) -> Result<(), JsValue> {
        let mut report = progress_callback(progress);
        let file = self.file as usize;
        self.inner.end_file(&mut |bytes, rows| report(file, bytes, rows)).map_err(error_to_js)
    }

    /// The months this machine remembers (`MonthSummary` JSON array), for trends and
    /// warnings; the analysis sets aside those made under other settings.
    pub fn remember(&mut self, summaries_json: &str) -> Result<(), JsValue> {
        let months = serde_json::from_str(summaries_json)
            .map_err(|e| JsValue::from_str(&format!("本机记住的月份无法读取（{e}），可在页面中全部清除后重试。")))?;
        self.inner.remember(months);
        Ok(())
    }

    /// The finished analysis, as `analyzeFiles` gives it.
    pub fn finish(self) -> Result<JsValue, JsValue> {
        let analysis = self.inner.finish().map_err(error_to_js)?;
        analysis_to_js(&analysis)
    }
}

thread_local! {
    /// The tickets of the worker's last analysis, for the explorer's queries.
    static TICKETS: std::cell::RefCell<Option<std::sync::Arc<crate::query::Tickets>>> =
        const { std::cell::RefCell::new(None) };
}

/// A new analysis starts: the last one's tickets are let go first (two tables would be held
/// at the peak otherwise).
fn forget_tickets() {
    TICKETS.with(|tickets| *tickets.borrow_mut() = None);
}

fn analysis_to_js(analysis: &crate::Analysis) -> Result<JsValue, JsValue> {
    TICKETS.with(|tickets| *tickets.borrow_mut() = Some(analysis.tickets.clone()));
    let result = to_js(analysis)?;
    if analysis.accounting.rejected > 0 {
        // The rejected rows as a ready CSV (formula cells neutralised), for the download.
        js_sys::Reflect::set(&result, &"rejectedCsv".into(), &analysis.accounting.rejected_csv().into())?;
    }
    Ok(result)
}

/// The tickets a selection (JSON, as a figure's link carries it) holds in the last analysis,
/// in the order `sort_json` asks (`{column, descending}`; empty: the files' order):
/// `{conditions, total, offset, rows, facets?}` with at most `limit` rows from `offset`, and
/// the facets' counts when `with_facets` (a page further down the same list needs none).
#[wasm_bindgen(js_name = queryTickets)]
pub fn query_tickets(
    selection_json: &str,
    sort_json: &str,
    offset: u32,
    limit: u32,
    with_facets: bool,
) -> Result<JsValue, JsValue> {
    let (tickets, selection) = last_tickets(selection_json)?;
    let page = tickets
        .page(&selection, sort_from(sort_json)?, offset as usize, limit as usize, with_facets)
        .map_err(|e| JsValue::from_str(&e))?;
    to_js(&page)
}

fn sort_from(json: &str) -> Result<crate::query::sort::Sort, JsValue> {
    if json.trim().is_empty() {
        return Ok(Default::default());
    }
    serde_json::from_str(json).map_err(|e| JsValue::from_str(&format!("内部错误：排序方式无法读取（{e}）")))
}

/// The last analysis's tickets and the selection (JSON) asked of them.
fn last_tickets(
    selection_json: &str,
) -> Result<(std::sync::Arc<crate::query::Tickets>, crate::query::Selection), JsValue> {
    let selection = serde_json::from_str(selection_json)
        .map_err(|e| JsValue::from_str(&format!("内部错误：筛选条件无法读取（{e}）")))?;
    Ok((kept_tickets()?, selection))
}

/// The last analysis's tickets, or the message that they are gone.
fn kept_tickets() -> Result<std::sync::Arc<crate::query::Tickets>, JsValue> {
    let tickets = TICKETS.with(|tickets| tickets.borrow().clone());
    tickets.ok_or_else(|| JsValue::from_str("工单明细已不在内存中，请重新分析后再查看。"))
}

/// Every ticket a selection holds in the last analysis, as an `xlsx` or `csv` file.
#[wasm_bindgen(js_name = exportTickets)]
pub fn export_tickets(selection_json: &str, format: &str) -> Result<Vec<u8>, JsValue> {
    let (tickets, selection) = last_tickets(selection_json)?;
    tickets.export(&selection, format).map_err(|e| JsValue::from_str(&e))
}

/// Makes the keys of the explorer's `index`-th facet for the last analysis (see
/// `Tickets::warm`); false once all are made, or when there are no tickets.
#[wasm_bindgen(js_name = warmTickets)]
pub fn warm_tickets(index: u32) -> Result<bool, JsValue> {
    match TICKETS.with(|tickets| tickets.borrow().clone()) {
        Some(tickets) => tickets.warm(index as usize).map_err(|e| JsValue::from_str(&e)),
        None => Ok(false),
    }
}

/// The trends view of the last analysis (`trends::view::TrendsView`).
#[wasm_bindgen(js_name = trendsView)]
pub fn trends_view() -> Result<JsValue, JsValue> {
    to_js(&kept_tickets()?.trends().map_err(|e| JsValue::from_str(&e))?)
}

/// What this machine keeps of the last analysis: each full month's counts
/// (`trends::memory::MonthSummary`), never a ticket.
#[wasm_bindgen(js_name = monthSummaries)]
pub fn month_summaries() -> Result<JsValue, JsValue> {
    to_js(&kept_tickets()?.summaries().map_err(|e| JsValue::from_str(&e))?)
}

/// The fingerprint of the settings remembered counts depend on.
#[wasm_bindgen(js_name = memoryFingerprint)]
pub fn memory_fingerprint(settings_json: &str) -> Result<String, JsValue> {
    Ok(crate::trends::memory::fingerprint(&settings_from(settings_json)?))
}

/// The kept months (`[{savedAt, summary}]`) as the file 导出 writes.
#[wasm_bindgen(js_name = writeMemoryFile)]
pub fn write_memory_file(months: JsValue) -> Result<String, JsValue> {
    let months = serde_wasm_bindgen::from_value(months)
        .map_err(|e| JsValue::from_str(&format!("内部错误：记住的月份无法导出（{e}）")))?;
    Ok(crate::trends::memory::write_file(months))
}

/// The months of a file 导出 wrote, or what is wrong with it.
#[wasm_bindgen(js_name = readMemoryFile)]
pub fn read_memory_file(text: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::trends::memory::read_file(text).map_err(|e| JsValue::from_str(&e))?)
}

/// `{table, explorer}`: bytes of the table's columns, and of what the explorer adds.
#[wasm_bindgen(js_name = explorerMemory)]
pub fn explorer_memory() -> Result<JsValue, JsValue> {
    to_js(&kept_tickets()?.memory())
}

/// Where to read a ticket's original row from: `{file, from}` (`from` null: the file is
/// read again whole, through `Reread`).
#[wasm_bindgen(js_name = ticketPlace)]
pub fn ticket_place(ticket: u32) -> Result<JsValue, JsValue> {
    let tickets = kept_tickets()?;
    to_js(&tickets.place(ticket).map_err(|e| JsValue::from_str(&e))?)
}

/// The ticket's original row from `bytes`, its file's bytes from `ticketPlace(ticket).from`
/// on (to the file's end when `at_end`); undefined when the row goes on past them.
#[wasm_bindgen(js_name = ticketOriginal)]
pub fn ticket_original(ticket: u32, bytes: &[u8], at_end: bool) -> Result<JsValue, JsValue> {
    let tickets = kept_tickets()?;
    match tickets.original_at(ticket, bytes, at_end).map_err(|e| JsValue::from_str(&e))? {
        Some(row) => to_js(&row),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// Files of the last analysis read again for some tickets' original rows: the worker hands
/// over each file `files()` names, in slices, as in an analysis.
#[wasm_bindgen(js_name = Reread)]
pub struct JsReread {
    inner: crate::query::original::Reread,
}

#[wasm_bindgen(js_class = Reread)]
impl JsReread {
    /// For the tickets at these places in the table.
    #[wasm_bindgen(js_name = forTickets)]
    pub fn for_tickets(tickets: Vec<u32>) -> Result<JsReread, JsValue> {
        let inner = kept_tickets()?.reread(&tickets).map_err(|e| JsValue::from_str(&e))?;
        Ok(JsReread { inner })
    }

    /// For every ticket of a selection (JSON), in the order `sort_json` asks.
    #[wasm_bindgen(js_name = forSelection)]
    pub fn for_selection(selection_json: &str, sort_json: &str) -> Result<JsReread, JsValue> {
        let (tickets, selection) = last_tickets(selection_json)?;
        let rows = tickets.sorted(&selection, sort_from(sort_json)?).map_err(|e| JsValue::from_str(&e))?;
        let inner = tickets.reread(&rows).map_err(|e| JsValue::from_str(&e))?;
        Ok(JsReread { inner })
    }

    /// The files to hand over, numbered as the analysis read them.
    pub fn files(&self) -> Vec<u32> {
        self.inner.files().into_iter().map(|f| f as u32).collect()
    }

    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, file: u32) -> Result<(), JsValue> {
        self.inner.begin_file(file as usize).map_err(|e| JsValue::from_str(&e))
    }

    /// As `Session.pushRoom`: a view to copy the next slice into, then `pushWritten`.
    #[wasm_bindgen(js_name = pushRoom)]
    pub fn push_room(&mut self, len: u32) -> Result<Uint8Array, JsValue> {
        let room = self.inner.room(len as usize).map_err(|e| JsValue::from_str(&e))?;
        // SAFETY: as in `Session.pushRoom`, the view is filled before the next call.
        Ok(unsafe { Uint8Array::view_mut_raw(room.as_mut_ptr(), room.len()) })
    }

    #[wasm_bindgen(js_name = pushWritten)]
    pub fn push_written(&mut self, len: u32) -> Result<(), JsValue> {
        self.inner.push_written(len as usize).map_err(|e| JsValue::from_str(&e))
    }

    /// False once the file being handed over holds no more rows asked for: the worker then
    /// stops reading it and calls `endFile`.
    #[wasm_bindgen(js_name = wantsMore)]
    pub fn wants_more(&self) -> bool {
        self.inner.wants_more()
    }

    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<(), JsValue> {
        self.inner.end_file().map_err(|e| JsValue::from_str(&e))
    }

    /// The rows found, in the order asked: `[{ticket, file, sheet, row, cells: [{header, value}]}]`.
    pub fn rows(self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.rows())
    }

    /// The rows found as an `xlsx` or `csv` file, headed by the selection in words.
    pub fn export(self, selection_json: &str, format: &str) -> Result<Vec<u8>, JsValue> {
        let (tickets, selection) = last_tickets(selection_json)?;
        let rows = self.inner.rows();
        tickets.export_originals(&rows, &selection, format).map_err(|e| JsValue::from_str(&e))
    }
}

/// Generates the built-in sample and analyses it through the normal pipeline.
#[wasm_bindgen(js_name = analyzeSample)]
pub fn analyze_sample(settings_json: &str, progress: &Function) -> Result<JsValue, JsValue> {
    forget_tickets();
    let settings = settings_from(settings_json)?;
    let analysis = crate::analyze_sample(&SampleOptions::default(), &settings, &mut progress_callback(progress))
        .map_err(error_to_js)?;
    analysis_to_js(&analysis)
}

/// The sample as CSV bytes (UTF-8 with BOM), for the page's download link.
#[wasm_bindgen(js_name = sampleCsv)]
pub fn sample_csv() -> Vec<u8> {
    crate::sample::csv_bytes(&SampleOptions::default())
}

/// How many parts the page may make the sample in (`samplePart`), one per month.
#[wasm_bindgen(js_name = samplePartCount)]
pub fn sample_part_count() -> usize {
    crate::sample::csv_part_count(&SampleOptions::default())
}

/// Part `index` of the sample's CSV; the parts in order are `sampleCsv()`. The page's
/// workers make them at once while it opens.
#[wasm_bindgen(js_name = samplePart)]
pub fn sample_part(index: usize) -> Vec<u8> {
    crate::sample::csv_part(&SampleOptions::default(), index)
}

/// The sample's file name (the one place it is written is `crate::SAMPLE_FILE_NAME`).
#[wasm_bindgen(js_name = sampleFileName)]
pub fn sample_file_name() -> String {
    crate::SAMPLE_FILE_NAME.to_string()
}

/// The fields a column can feed, `[{field, label}]`, for the page's mapping editor.
#[wasm_bindgen(js_name = fieldChoices)]
pub fn field_choices() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Choice {
        field: crate::table::Field,
        label: &'static str,
    }
    let choices: Vec<Choice> =
        crate::table::Field::ALL.into_iter().map(|field| Choice { field, label: field.label() }).collect();
    to_js(&choices)
}

/// The report's sections in order, `[{key, part, title, fields: [{key, label, kind, …}]}]`,
/// for the page's settings form (src/sections/).
#[wasm_bindgen(js_name = describeSections)]
pub fn describe_sections() -> Result<JsValue, JsValue> {
    to_js(&crate::sections::describe())
}

#[wasm_bindgen(js_name = defaultSettings)]
pub fn default_settings() -> String {
    serde_json::to_string_pretty(&Settings::default()).unwrap_or_default()
}

/// Draws a chart spec into the element with `element_id` (main thread only: ECharts needs
/// `window`). Animation is off so a snapshot is the finished chart.
#[wasm_bindgen(js_name = renderChart)]
pub fn render_chart(element_id: &str, spec: JsValue, width: u32, height: u32) -> Result<(), JsValue> {
    let spec: ChartSpec =
        serde_wasm_bindgen::from_value(spec).map_err(|e| JsValue::from_str(&format!("图表数据无法读取：{e}")))?;
    charming::WasmRenderer::new(width, height)
        .render(element_id, &charts::chart(&spec))
        .map(|_| ())
        .map_err(|e| JsValue::from_str(&format!("图表“{}”无法绘制：{e:?}", spec.caption)))
}

fn document_from(value: JsValue) -> Result<Document, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsValue::from_str(&format!("内部错误：通报内容无法读取（{e}）")))
}

/// The report (as shown, with the analyst's edits) as a Word document. `charts` is
/// `[{id, png: Uint8Array, width, height}]`, drawn by the page.
#[wasm_bindgen(js_name = exportDocx)]
pub fn export_docx(document: JsValue, charts: js_sys::Array) -> Result<Vec<u8>, JsValue> {
    let document = document_from(document)?;
    let mut images = Vec::new();
    for chart in charts.iter() {
        let get = |key: &str| js_sys::Reflect::get(&chart, &JsValue::from_str(key));
        images.push(ChartImage {
            id: get("id")?.as_string().unwrap_or_default(),
            png: Uint8Array::new(&get("png")?).to_vec(),
            width: get("width")?.as_f64().unwrap_or(0.0) as u32,
            height: get("height")?.as_f64().unwrap_or(0.0) as u32,
        });
    }
    docx::render(&document, &images).map_err(|e| JsValue::from_str(&e))
}

/// The attachment tables as an Excel workbook.
#[wasm_bindgen(js_name = exportXlsx)]
pub fn export_xlsx(document: JsValue) -> Result<Vec<u8>, JsValue> {
    let document = document_from(document)?;
    xlsx::render(&document.attachments).map_err(|e| JsValue::from_str(&e))
}

/// Checks settings JSON (from the page's editor or an imported file) and returns it
/// completed with defaults, or a Chinese message saying what is wrong.
#[wasm_bindgen(js_name = normaliseSettings)]
pub fn normalise_settings(json: &str) -> Result<String, JsValue> {
    let settings = Settings::from_json(json).map_err(|e| JsValue::from_str(&e))?;
    Ok(serde_json::to_string_pretty(&settings).unwrap_or_default())
}

/// The benchmark floor: the newlines in `bytes`, 16 bytes per step with SIMD. The bench
/// page times reading a file plus this, the least any parser of the file must do.
#[wasm_bindgen(js_name = countNewlines)]
pub fn count_newlines(bytes: &[u8]) -> u32 {
    // SAFETY: every browser that runs this page's wasm (Chrome 91+, Firefox 89+, Safari
    // 16.4+) implements simd128; the module would not validate otherwise.
    unsafe { count_newlines_simd(bytes) }
}

#[target_feature(enable = "simd128")]
unsafe fn count_newlines_simd(bytes: &[u8]) -> u32 {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load};
    let newline = u8x16_splat(b'\n');
    let chunks = bytes.chunks_exact(16);
    let rest = chunks.remainder();
    let mut count = 0;
    for chunk in chunks {
        // SAFETY: `chunk` is 16 readable bytes; v128_load allows any alignment.
        let lanes = unsafe { v128_load(chunk.as_ptr() as *const v128) };
        count += u8x16_bitmask(u8x16_eq(lanes, newline)).count_ones();
    }
    count + rest.iter().filter(|&&b| b == b'\n').count() as u32
}
