//! In headless Chromium (wasm-bindgen-test): the façade the worker calls returns the
//! report, errors arrive as Chinese messages, and a chart spec draws through charming.
#![cfg(target_arch = "wasm32")]

use hotline_analyzer::web;
use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| Reflect::get(&v, &JsValue::from_str(key)).unwrap())
}

fn no_progress() -> Function {
    Function::new_no_args("")
}

/// A file object as the worker builds it: name, size, read(start, end).
fn file(name: &str, bytes: &[u8]) -> JsValue {
    let data = Uint8Array::from(bytes);
    let object = js_sys::Object::new();
    Reflect::set(&object, &"name".into(), &name.into()).unwrap();
    Reflect::set(&object, &"size".into(), &(bytes.len() as f64).into()).unwrap();
    let read = Function::new_with_args("start, end", "return this.subarray(start, end);").bind0(&data);
    Reflect::set(&object, &"read".into(), &read).unwrap();
    object.into()
}

#[wasm_bindgen_test]
fn the_sample_report_comes_back_as_a_plain_object() {
    let analysis = web::analyze_sample("", &no_progress()).unwrap();
    assert_eq!(get(&analysis, "document.title").as_string().unwrap(), "关于2021年1月份群众诉求分析研判情况的通报");
    assert_eq!(get(&analysis, "figures.intake.total.current").as_f64(), Some(63470.0));
    assert_eq!(get(&analysis, "accounting.input_rows").as_f64(), Some(125593.0));
}

#[wasm_bindgen_test]
fn the_letter_is_dated_today_unless_the_analyst_set_a_date() {
    let analysis = web::analyze_sample("", &no_progress()).unwrap();
    let now = js_sys::Date::new_0();
    let today = format!("{}年{}月{}日", now.get_full_year(), now.get_month() + 1, now.get_date());
    assert_eq!(get(&analysis, "document.date").as_string().unwrap(), today);
    let set = r#"{"letter":{"date":"2021年2月8日"}}"#;
    let analysis = web::analyze_sample(set, &no_progress()).unwrap();
    assert_eq!(get(&analysis, "document.date").as_string().unwrap(), "2021年2月8日");
}

#[wasm_bindgen_test]
fn the_sections_are_described_for_the_settings_form() {
    let sections = Array::from(&web::describe_sections().unwrap());
    assert_eq!(sections.length(), 12);
    // 预警提示 and 重复诉求与办理质量 are switched on and off in the form.
    for key in ["warning", "quality"] {
        let section = sections.iter().find(|s| get(s, "key").as_string().as_deref() == Some(key)).unwrap();
        let enabled = Array::from(&get(&section, "fields")).get(0);
        assert_eq!(get(&enabled, "kind").as_string().as_deref(), Some("switch"), "{key}");
    }
    let consultation = sections.iter().find(|s| get(s, "key").as_string().as_deref() == Some("consultation")).unwrap();
    assert_eq!(get(&consultation, "title").as_string().as_deref(), Some("咨询类"));
    let top_n = Array::from(&get(&consultation, "fields")).get(1);
    assert_eq!(get(&top_n, "kind").as_string().as_deref(), Some("count"));
    assert_eq!(get(&top_n, "max").as_f64(), Some(20.0));
}

#[wasm_bindgen_test]
fn attachment_cells_arrive_typed_with_their_text_and_go_back_to_the_exports() {
    let analysis = web::analyze_sample("", &no_progress()).unwrap();
    let counties = Array::from(&get(&analysis, "document.attachments")).get(0);
    let row = Array::from(&Array::from(&get(&counties, "rows")).get(0));
    let cell = |i: u32, key: &str| get(&row.get(i), key);
    assert_eq!(cell(0, "kind").as_string().as_deref(), Some("ordinal"));
    assert_eq!(cell(1, "kind").as_string().as_deref(), Some("text"));
    assert_eq!(cell(1, "text").as_string().as_deref(), Some("赤坎区"));
    assert_eq!(cell(2, "kind").as_string().as_deref(), Some("count"));
    assert_eq!(cell(2, "value").as_f64(), Some(570.0));
    assert_eq!(cell(5, "kind").as_string().as_deref(), Some("percent"));
    assert_eq!(cell(5, "bp").as_f64(), Some(9439.0));
    assert_eq!(cell(5, "text").as_string().as_deref(), Some("94.39%"));
    // The document goes back as the page holds it (text beside the type), here with an
    // absent rate, and the workbook is written.
    Reflect::set(&row.get(7), &"bp".into(), &JsValue::NULL).unwrap();
    let bytes = web::export_xlsx(get(&analysis, "document")).unwrap();
    assert_eq!(&bytes[..2], b"PK");
}

#[wasm_bindgen_test]
fn a_file_read_in_slices_is_analysed() {
    let csv = "工单编号,受理时间,诉求类型,诉求渠道,办理方式\nA1,2021-01-05 10:00,咨询,电话,直接答复\nA2,2021-01-06 11:00,投诉,网站,转办\n";
    let files = Array::of1(&file("一月.csv", csv.as_bytes()));
    let analysis = web::analyze_files(files, "", &no_progress()).unwrap();
    assert_eq!(get(&analysis, "figures.intake.total.current").as_f64(), Some(2.0));
    assert_eq!(get(&analysis, "figures.tickets.transferred.count").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn slices_copied_into_the_room_the_session_gives_are_analysed_as_a_whole_file() {
    // As the worker feeds a File: each slice is set into the view pushRoom returns.
    let csv = web::sample_csv();
    let mut session = web::JsSession::new("").unwrap();
    session.begin_file(0, "示例.csv", "", csv.len() as f64);
    for slice in csv.chunks(1 << 20) {
        let room = session.push_room(slice.len() as u32).unwrap();
        assert_eq!(room.length() as usize, slice.len());
        room.copy_from(slice);
        session.push_written(slice.len() as u32, &no_progress()).unwrap();
    }
    session.end_file(&no_progress()).unwrap();
    let analysis = session.finish().unwrap();
    assert_eq!(get(&analysis, "figures.intake.total.current").as_f64(), Some(63470.0));
    assert_eq!(get(&analysis, "accounting.input_rows").as_f64(), Some(125593.0));
}

#[wasm_bindgen_test]
fn a_bad_file_gives_a_chinese_message_naming_it() {
    let files = Array::of1(&file("照片.png", &[0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00, 0x9c]));
    let error = web::analyze_files(files, "", &no_progress()).unwrap_err();
    assert_eq!(get(&error, "name").as_string().as_deref(), Some("HotlineError"));
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("文件「照片.png」"), "{message}");
    assert!(message.contains("是PNG 图片，不是工单导出表格"), "{message}");
    assert!(get(&error, "columns").is_undefined());
}

#[wasm_bindgen_test]
fn a_header_without_intake_time_comes_back_with_its_cells_to_map() {
    let csv = "工单编号,派单时间,诉求类型,诉求渠道\nA1,2021-01-05 10:00,咨询,电话\n";
    let error = web::analyze_files(Array::of1(&file("新系统.csv", csv.as_bytes())), "", &no_progress()).unwrap_err();
    let message = get(&error, "message").as_string().unwrap();
    assert!(message.contains("缺少“受理时间”列"), "{message}");
    assert_eq!(get(&error, "file").as_string().as_deref(), Some("新系统.csv"));
    let columns = Array::from(&get(&error, "columns"));
    let headers: Vec<String> = columns.iter().filter_map(|c| get(&c, "header").as_string()).collect();
    assert_eq!(headers, ["工单编号", "派单时间", "诉求类型", "诉求渠道"]);
    assert_eq!(get(&columns.get(2), "field").as_string().as_deref(), Some("ticket_type"));
    assert!(get(&columns.get(1), "field").is_null());
}

#[wasm_bindgen_test]
fn a_chart_spec_draws_into_its_element() {
    let window = web_sys_window();
    let document = Reflect::get(&window, &"document".into()).unwrap();
    // ECharts is a global the page loads first; here the test loads it the same way.
    let script = call(&document, "createElement", &["script".into()]);
    Reflect::set(&script, &"text".into(), &include_str!("../node_modules/echarts/dist/echarts.min.js").into()).unwrap();
    let body = Reflect::get(&document, &"body".into()).unwrap();
    call(&body, "appendChild", &[script]);
    let div = call(&document, "createElement", &["div".into()]);
    Reflect::set(&div, &"id".into(), &"chart-under-test".into()).unwrap();
    call(&body, "appendChild", &[div.clone()]);

    let analysis = web::analyze_sample("", &no_progress()).unwrap();
    let blocks: Array = get(&analysis, "document.blocks").dyn_into().unwrap();
    let chart = blocks.iter().find(|b| get(b, "block").as_string().as_deref() == Some("chart")).unwrap();
    web::render_chart("chart-under-test", chart, 600, 320).unwrap();
    let canvas = call(&div, "querySelector", &["canvas".into()]);
    assert!(!canvas.is_null(), "ECharts drew no canvas");
    assert_eq!(get(&canvas, "width").as_f64().map(|w| w > 0.0), Some(true));
}

fn web_sys_window() -> JsValue {
    js_sys::global().into()
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let function: Function = Reflect::get(target, &method.into()).unwrap().dyn_into().unwrap();
    function.apply(target, &args.iter().cloned().collect::<Array>()).unwrap()
}

#[wasm_bindgen_test]
fn the_benchmark_floor_counts_every_newline() {
    let text = "a\nbb\n".repeat(1000) + "tail\n\n";
    assert_eq!(web::count_newlines(text.as_bytes()), 2002);
    assert_eq!(web::count_newlines(b""), 0);
    assert_eq!(web::count_newlines(b"\n\n\n"), 3, "shorter than one SIMD step");
}

#[wasm_bindgen_test]
fn lines_are_cut_by_the_simd128_scan_as_by_a_plain_split() {
    use hotline_analyzer::ingest::line_scan::{scan_line, Scan};
    let mut spans = Vec::new();
    for len in 0..70 {
        let line: String = (0..len).map(|i| if i % 5 == 4 || i == 16 { ',' } else { '诉' }).collect();
        let text = format!("{line}\n\"next\"");
        let scan = scan_line(text.as_bytes(), b',', &mut spans);
        assert_eq!(scan, Scan::Line { len: line.len(), terminated: true });
        let cells: Vec<&str> = spans.iter().map(|&(a, b)| &text[a as usize..b as usize]).collect();
        assert_eq!(cells, line.split(',').collect::<Vec<_>>(), "{len}");
        let quoted = format!("{line}\"\n");
        assert_eq!(scan_line(quoted.as_bytes(), b',', &mut spans), Scan::Quoted);
    }
    // Every byte value at places in both halves of a block and in the tail: only a line
    // feed, a carriage return, a quote or NUL stops the scan (the table lookup's cases).
    for byte in 0..=255u8 {
        for at in [0, 7, 15, 16, 31, 33, 40] {
            let mut line = vec![b'a'; 48];
            line[at] = byte;
            let expected = match byte {
                b'\n' | b'\r' => Scan::Line { len: at, terminated: true },
                b'"' | 0 => Scan::Quoted,
                _ => Scan::Line { len: 48, terminated: false },
            };
            assert_eq!(scan_line(&line, b',', &mut spans), expected, "byte {byte:#04x} at {at}");
        }
    }
}

#[wasm_bindgen_test]
fn topic_keywords_are_found_by_the_simd128_packed_search_as_by_contains() {
    use hotline_analyzer::stats::packed_keywords::PackedKeywords;
    let keywords = ["新冠", "疫情", "核酸", "隔离", "疫苗", "防疫", "返湛", "到湛"];
    let packed = PackedKeywords::new(&keywords).expect("eight Chinese keywords");
    // Each keyword (and near misses) at every place of one or two sixteen-byte blocks.
    for word in keywords.iter().chain(&["新", "冠疫", "湛", "疫 情", "离疫"]) {
        for pad in 0..40 {
            for tail in ["", "。", "市民来电咨询"] {
                let text = format!("{}{word}{tail}", "诉".repeat(pad / 3) + &"-".repeat(pad % 3));
                let expected = keywords.iter().any(|k| text.contains(k));
                assert_eq!(packed.is_match(&text), expected, "{text:?}");
            }
        }
    }
}

#[wasm_bindgen_test]
fn the_cores_memory_grows_in_a_few_large_steps() {
    // Each memory.grow costs V8 about a millisecond whatever its size. Asked for in 1 MiB
    // blocks, more than the memory already holds (so free room inside it cannot serve them
    // all) and 64 MiB more: std's allocator grew the memory once a block past its free
    // room, 64 times or more; in steps of at least 4 MiB or an eighth, at most 17.
    let bytes = || core::arch::wasm32::memory_size::<0>() << 16;
    let (mut grows, mut last) = (0, bytes());
    let wanted = last + (64 << 20);
    let mut blocks = Vec::new();
    while blocks.len() << 20 < wanted {
        blocks.push(vec![1u8; 1 << 20]);
        if bytes() != last {
            grows += 1;
            last = bytes();
        }
    }
    assert!(blocks.iter().all(|block| block.len() == 1 << 20 && block[(1 << 20) - 1] == 1));
    assert!((1..=17).contains(&grows), "{grows} grows for {} MiB", blocks.len());
}
