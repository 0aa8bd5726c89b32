//! The page decides from codes and parameters, never from the core's Chinese sentences:
//! a rewording in Rust must not silently change what the page does. This scans the page's
//! scripts for a Chinese string literal used as the operand of a comparison or of a string
//! search (`startsWith`, `split`, `===` …), which is how sentences get parsed back.

use std::fs;
use std::path::Path;

/// Calls whose argument, when a Chinese literal, means text is being parsed.
const SEARCHES: [&str; 9] =
    ["startsWith(", "endsWith(", "includes(", "indexOf(", "lastIndexOf(", "split(", "match(", "search(", "replace("];
const COMPARISONS: [&str; 4] = ["===", "!==", "==", "!="];

/// A string literal of a script: where it starts, where it ends, and its contents.
struct Literal {
    start: usize,
    end: usize,
    text: String,
}

/// The string and template literals of a script, skipping comments and regex literals.
fn literals(source: &str) -> Vec<Literal> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    // The last significant character before the cursor, to tell a regex from a division.
    let mut before = '\n';
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        match c {
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i].1 != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if next == Some('*') => {
                i += 2;
                while i + 1 < chars.len() && !(chars[i].1 == '*' && chars[i + 1].1 == '/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            '/' if "(,=:[!&|?{};\n".contains(before) => {
                // A regex literal: to its closing slash outside a character class.
                let mut class = false;
                i += 1;
                while i < chars.len() {
                    match chars[i].1 {
                        '\\' => i += 1,
                        '[' => class = true,
                        ']' => class = false,
                        '/' if !class => break,
                        _ => {}
                    }
                    i += 1;
                }
                before = '/';
            }
            '\'' | '"' | '`' => {
                let quote = c;
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i].1 != quote {
                    if chars[i].1 == '\\' {
                        i += 1;
                    }
                    if let Some(&(_, c)) = chars.get(i) {
                        text.push(c);
                    }
                    i += 1;
                }
                let end = chars.get(i).map_or(source.len(), |&(at, c)| at + c.len_utf8());
                found.push(Literal { start: at, end, text });
                before = quote;
            }
            c if !c.is_whitespace() => before = c,
            _ => {}
        }
        i += 1;
    }
    found
}

/// Each place in `source` where a Chinese literal is searched for or compared with.
fn parsed_sentences(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for literal in literals(source) {
        if literal.text.is_ascii() {
            continue;
        }
        let head = source[..literal.start].trim_end();
        let tail = source[literal.end..].trim_start();
        let searched = SEARCHES.iter().any(|s| head.ends_with(s));
        let compared =
            COMPARISONS.iter().any(|op| head.ends_with(op) || tail.starts_with(op)) || head.ends_with("case");
        if searched || compared {
            let line = source[..literal.start].matches('\n').count() + 1;
            found.push(format!(
                "line {line}: {}",
                source[source[..literal.start].rfind('\n').map_or(0, |n| n + 1)..].lines().next().unwrap_or("").trim()
            ));
        }
    }
    found
}

#[test]
fn the_page_compares_no_chinese_literal_the_core_could_reword() {
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
    let mut scripts = 0;
    let mut offences = Vec::new();
    for entry in fs::read_dir(&www).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            scripts += 1;
            let source = fs::read_to_string(&path).unwrap();
            for found in parsed_sentences(&source) {
                offences.push(format!("{}: {found}", path.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(scripts >= 3, "the page's scripts were not found in {}", www.display());
    assert!(offences.is_empty(), "the page parses Chinese text instead of codes:\n{}", offences.join("\n"));
}

#[test]
fn the_scan_finds_each_way_a_sentence_was_once_parsed() {
    // What the page did before notices and reasons were data (issue 18).
    let old = r#"
      const channel = intake.unassigned_channels.find((c) => text.startsWith('渠道“' + c.name + '”'));
      if (channel && channel.name !== '（空白）') {
      const key = row.reason.startsWith('本行只有') ? '列数不足' : row.reason.split('：')[0];
      if ('满意' == value) {}
      switch (kind) { case "空行": break; }
      const hit = text.includes(`满意度取值“${v}”`);
    "#;
    let found = parsed_sentences(old);
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn building_labels_regexes_and_comments_in_chinese_is_not_parsing() {
    let fine = r#"
      // Compare with '（空白）' === nothing: a comment.
      /* text.startsWith('渠道“') */
      const label = '归入“' + name + '”';
      const words = text.split(/[、，,;；\s]+/);
      const pairs = line.split(/\s*(?:=|＝|→|->|：|:)\s*/);
      const ratio = a / b; const quote = '“不是正则”';
      if (notice.code === 'unassigned_channel') li.append('请选择…');
    "#;
    assert_eq!(parsed_sentences(fine), Vec::<String>::new());
}
