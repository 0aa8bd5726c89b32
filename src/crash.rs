//! What the analyst reads when the program itself fails (a panic: in the page's release
//! wasm it traps, and the worker gets only "unreachable"). The panic hook in `web.rs`
//! builds this message before the trap, from the panic and the place reading had reached
//! (`ingest::reading_place`), and leaves it where the worker can read it afterwards.

use std::panic::PanicHookInfo;

/// The Chinese message for a crash: the file and row first when reading was under way,
/// then what failed (the panic's own words, for the maintainers), then what to do.
pub fn crash_message(place: Option<(String, u64)>, detail: &str) -> String {
    match place {
        Some((file, row)) if row > 0 => format!(
            "文件「{file}」第{row}行：读取时程序出错（{detail}），这一行以后未能读取。请把此文件反馈给维护人员。"
        ),
        Some((file, _)) => {
            format!("文件「{file}」：读取时程序出错（{detail}），此文件未能读完。请把此文件反馈给维护人员。")
        }
        None => format!("分析时程序出错（{detail}），未能得出结果。请把所用文件和此消息反馈给维护人员。"),
    }
}

/// The panic's message and where in the source it was raised.
pub fn panic_detail(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_string());
    match info.location() {
        Some(at) => format!("{what}，{}:{}", at.file(), at.line()),
        None => what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_while_reading_names_the_file_and_row_first() {
        let message = crash_message(Some(("x.csv".into(), 3)), "index out of bounds: the len is 4 but the index is 4");
        assert_eq!(
            message,
            "文件「x.csv」第3行：读取时程序出错（index out of bounds: the len is 4 but the index is 4），\
             这一行以后未能读取。请把此文件反馈给维护人员。"
        );
    }

    #[test]
    fn a_crash_before_the_first_row_or_after_reading_says_so() {
        assert!(crash_message(Some(("x.csv".into(), 0)), "boom").starts_with("文件「x.csv」：读取时程序出错（boom）"));
        assert!(crash_message(None, "boom").starts_with("分析时程序出错（boom）"));
    }

    #[test]
    fn the_detail_is_the_panic_message_and_its_place() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let keep = seen.clone();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| *keep.lock().unwrap() = panic_detail(info)));
        let _ = std::panic::catch_unwind(|| panic!("第{}格越界", 5));
        std::panic::set_hook(previous);
        let detail = seen.lock().unwrap().clone();
        assert!(detail.starts_with("第5格越界，src/crash.rs:"), "{detail}");
    }
}
