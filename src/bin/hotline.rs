//! The command line over the same core as the page, for batch work and tests.
//!
//!   hotline report FILE... [--settings FILE] [--mapping FILE] [--sheet NAME] [--json] [--out FILE]
//!   hotline sample [--out FILE] [--format 格式] [--months N] [--scale X] [--seed N]
//!                  [--planted [--truth FILE]] [--repeats FILE] [--split DIR]
//!   hotline export --parquet DIR FILE... [--settings FILE] [--mapping FILE] [--sheet NAME]
//!   hotline render --figures FILE [--settings FILE] [--out FILE] [--docx FILE] [--xlsx FILE]

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use hotline_analyzer::ingest::{read_file, Loader};
#[cfg(not(target_arch = "wasm32"))]
use hotline_analyzer::parquet_export;
use hotline_analyzer::report::text;
use hotline_analyzer::sample::formats::{self, SampleFormat};
use hotline_analyzer::sample::SampleOptions;
use hotline_analyzer::settings::ColumnRule;
use hotline_analyzer::{analyze, Input, Settings};

const USAGE: &str = r#"用法 / usage:
  hotline report 文件.csv [文件2.csv …] [--settings 设置.json] [--mapping 列对应.json] [--sheet 工作表名] [--json] [--out 输出文件]
    列对应.json 形如 [{"header": "派单时间", "field": "intake_time"}, {"header": "来电时间", "field": null}]
  hotline sample [--out 示例.csv] [--format 格式] [--months 月数] [--scale 倍数] [--seed 种子]
                 [--planted [--truth 异常清单.json]] [--repeats 重复诉求清单.json] [--split 目录]
  hotline sample --list-formats
    --format：csv（参考格式，默认）、gbk、xlsx，或真实系统导出的其他写法：letter-ids、dashed-ids、
              slash-times、chinese-times、serial-times、quoted-crlf、wide-headers、category-path、
              db44-codes、utf16-tsv、xlsx-inline（--list-formats 列出各自的含义）
    --planted：参考两个月之前的月份带季节变化、缓慢增长和预埋的异常（用于检验趋势和预警）；
    --truth：把预埋的异常（月份、维度、取值、倍数、新增工单编号）写成 JSON
    --repeats：把预埋的重复诉求（每组的类型和工单编号）和疑似虚假办结（办结工单与再次来件的编号）写成 JSON
    --split：每个统计月写一个 CSV 文件（目录/工单-2020-04.csv），如同按月导出
  hotline export --parquet 目录 文件.csv [文件2.csv …] [--settings 设置.json] [--mapping 列对应.json] [--sheet 工作表名]
    把读入并整理后的工单表按统计月写成 Parquet（目录/tickets/month=2021-01/tickets.parquet），设置写成小表（目录/settings/），旁附行数核对 accounting.json
  hotline render --figures 统计结果.json [--settings 设置.json] [--out 通报.txt] [--docx 通报.docx] [--xlsx 附件.xlsx]
    由别处（如省里的 Spark、DuckDB 运行随附 SQL）算出的统计结果生成通报正文、Word 和 Excel；Word 中的图表以数据表代替"#;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("report") => report(&args[1..]),
        Some("sample") => sample(&args[1..]),
        Some("render") => render(&args[1..]),
        #[cfg(not(target_arch = "wasm32"))]
        Some("export") => export(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Plain arguments, and `--name value` options (a flag has no value).
type Arguments<'a> = (Vec<&'a str>, Vec<(&'a str, Option<&'a str>)>);

/// Splits `--name value` options from plain arguments.
fn options<'a>(args: &'a [String], flags: &[&str]) -> Result<Arguments<'a>, String> {
    let mut plain = Vec::new();
    let mut named = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(name) = arg.strip_prefix("--") {
            if flags.contains(&name) {
                named.push((name, None));
            } else {
                let value = iter.next().ok_or_else(|| format!("选项 --{name} 缺少取值\n{USAGE}"))?;
                named.push((name, Some(value.as_str())));
            }
        } else {
            plain.push(arg.as_str());
        }
    }
    Ok((plain, named))
}

fn value<'a>(named: &[(&str, Option<&'a str>)], name: &str) -> Option<&'a str> {
    named.iter().rev().find(|(n, _)| *n == name).and_then(|(_, v)| *v)
}

fn output(named: &[(&str, Option<&str>)]) -> Result<Box<dyn Write>, String> {
    Ok(match value(named, "out") {
        Some(path) => Box::new(BufWriter::new(File::create(path).map_err(|e| format!("无法写入“{path}”：{e}"))?)),
        None => Box::new(BufWriter::new(io::stdout())),
    })
}

fn report(args: &[String]) -> Result<(), String> {
    let (files, named) = options(args, &["json"])?;
    if files.is_empty() {
        return Err(USAGE.to_string());
    }
    let settings = settings_from(&named)?;
    let inputs = inputs_from(&files, &named)?;
    let analysis = analyze(inputs, &settings, &mut |_, _, _| {}).map_err(|e| e.to_string())?;
    let mut out = output(&named)?;
    let written = if named.iter().any(|(n, _)| *n == "json") {
        serde_json::to_writer_pretty(&mut out, &analysis).map_err(io::Error::other)
    } else {
        out.write_all(text::render(&analysis.document).as_bytes())
    };
    written.and_then(|_| out.flush()).map_err(|e| format!("写入失败：{e}"))?;
    for notice in &analysis.notices {
        eprintln!("提示：{}", notice.text);
    }
    Ok(())
}

/// The report from figures computed elsewhere: its text (to `--out` or standard output),
/// and the Word and Excel files when asked for.
fn render(args: &[String]) -> Result<(), String> {
    let (plain, named) = options(args, &[])?;
    let path = value(&named, "figures").filter(|_| plain.is_empty()).ok_or_else(|| USAGE.to_string())?;
    let settings = settings_from(&named)?;
    let json = std::fs::read_to_string(path).map_err(|e| format!("无法读取“{path}”：{e}"))?;
    let (_, document, notices) =
        hotline_analyzer::imported::report_from_figures(&json, &settings).map_err(|e| format!("“{path}”：{e}"))?;
    let write = |path: &str, bytes: Vec<u8>| std::fs::write(path, bytes).map_err(|e| format!("无法写入“{path}”：{e}"));
    if let Some(docx) = value(&named, "docx") {
        write(docx, hotline_analyzer::report::docx::render_charts_as_tables(&document)?)?;
    }
    if let Some(xlsx) = value(&named, "xlsx") {
        write(xlsx, hotline_analyzer::report::xlsx::render(&document.attachments)?)?;
    }
    let mut out = output(&named)?;
    out.write_all(text::render(&document).as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| format!("写入失败：{e}"))?;
    for notice in &notices {
        eprintln!("提示：{}", notice.text);
    }
    Ok(())
}

/// The settings `--settings` names (the defaults without it), with `--mapping`'s rules first.
fn settings_from(named: &[(&str, Option<&str>)]) -> Result<Settings, String> {
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("无法读取“{path}”：{e}"));
    let mut settings = match value(named, "settings") {
        Some(path) => Settings::from_json(&read(path)?)?,
        None => Settings::default(),
    };
    if let Some(path) = value(named, "mapping") {
        let rules: Vec<ColumnRule> =
            serde_json::from_str(&read(path)?).map_err(|e| format!("列对应文件“{path}”无法读取：{e}"))?;
        settings.column_rules.splice(0..0, rules);
    }
    Ok(settings)
}

/// The files to read, each with its size and the `--sheet` chosen.
fn inputs_from(files: &[&str], named: &[(&str, Option<&str>)]) -> Result<Vec<Input<File>>, String> {
    let mut inputs = Vec::new();
    for path in files {
        let file = File::open(path).map_err(|e| format!("无法打开“{path}”：{e}"))?;
        let size = file.metadata().map(|m| m.len()).ok();
        let mut input = Input::new(*path, file);
        input.size = size;
        input.sheet = value(named, "sheet").map(str::to_string);
        inputs.push(input);
    }
    Ok(inputs)
}

/// The ticket table as Parquet by statistical month, with the rows' accounting (native
/// only, as the export is).
#[cfg(not(target_arch = "wasm32"))]
fn export(args: &[String]) -> Result<(), String> {
    let (files, named) = options(args, &[])?;
    let dir = value(&named, "parquet").filter(|_| !files.is_empty()).ok_or_else(|| USAGE.to_string())?;
    let settings = settings_from(&named)?;
    let mut loader = Loader::new(&settings);
    for input in inputs_from(&files, &named)? {
        loader.expect_file_bytes(input.size);
        read_file(&input.name, input.reader, input.sheet.as_deref(), &mut loader, &mut |_, _| {})
            .map_err(|e| hotline_analyzer::Error::Ingest(e).to_string())?;
    }
    let loaded = loader.finish();
    let written = parquet_export::write(&loaded, &settings, std::path::Path::new(dir))?;
    for (month, rows) in &written.months {
        eprintln!("{dir}/tickets/month={month}：{rows} 行");
    }
    Ok(())
}

fn sample(args: &[String]) -> Result<(), String> {
    let (_, named) = options(args, &["planted", "list-formats"])?;
    if named.iter().any(|(n, _)| *n == "list-formats") {
        // For `make bench`: each format's name, file ending and what it stands for.
        for format in SampleFormat::ALL {
            println!("{}\t{}\t{}", format.name(), format.extension(), format.label());
        }
        return Ok(());
    }
    let mut options = SampleOptions { planted: named.iter().any(|(n, _)| *n == "planted"), ..Default::default() };
    let parse = |name: &str| -> Result<Option<f64>, String> {
        value(&named, name).map(|v| v.parse::<f64>().map_err(|_| format!("--{name} 的取值“{v}”不是数字"))).transpose()
    };
    if let Some(months) = parse("months")? {
        options.months = months.max(1.0) as u32;
    }
    if let Some(scale) = parse("scale")? {
        options.scale = scale;
    }
    if let Some(seed) = parse("seed")? {
        options.seed = seed as u64;
    }
    let format = match value(&named, "format") {
        Some(name) => SampleFormat::parse(name).ok_or_else(|| {
            let names: Vec<&str> = SampleFormat::ALL.iter().map(|f| f.name()).collect();
            format!("--format 只能是 {} 之一，而不是“{name}”", names.join("、"))
        })?,
        None => SampleFormat::Csv,
    };
    if let Some(path) = value(&named, "truth") {
        if !options.planted {
            return Err("--truth 须与 --planted 一起使用".into());
        }
        let truth = serde_json::to_string_pretty(&hotline_analyzer::sample::ground_truth(&options))
            .map_err(|e| format!("写入失败：{e}"))?;
        std::fs::write(path, truth).map_err(|e| format!("无法写入“{path}”：{e}"))?;
    }
    if let Some(path) = value(&named, "repeats") {
        let truth = serde_json::to_string_pretty(&hotline_analyzer::sample::repeat_truth(&options))
            .map_err(|e| format!("写入失败：{e}"))?;
        std::fs::write(path, truth).map_err(|e| format!("无法写入“{path}”：{e}"))?;
    }
    if let Some(dir) = value(&named, "split") {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建目录“{dir}”：{e}"))?;
        for (month, bytes) in hotline_analyzer::sample::csv_by_month(&options) {
            let path = std::path::Path::new(dir).join(format!("工单-{month}.csv"));
            std::fs::write(&path, bytes).map_err(|e| format!("无法写入“{}”：{e}", path.display()))?;
        }
        return Ok(());
    }
    let out = output(&named)?;
    formats::write(&options, format, out).map_err(|e| format!("写入失败：{e}"))
}
