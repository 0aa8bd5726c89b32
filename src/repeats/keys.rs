//! Who called and where: a caller's number and an address reduced to what identifies them,
//! so that the forms systems and callers write them in (spaces, dashes, +86, full-width
//! digits, 号楼 for 栋, the county and town in front or not) compare equal.

use std::hash::{BuildHasher, Hasher};

use rustc_hash::FxBuildHasher;

/// A caller, as far as the number tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallerKey {
    pub hash: u64,
    /// Digits hidden (`138****5678`): many people share such a number, so it ties tickets
    /// only within one town.
    pub masked: bool,
}

fn is_mask(c: char) -> bool {
    matches!(c, '*' | '＊' | 'x' | 'X' | '×' | '•' | '●')
}

/// The caller's key: its digits, a run of hidden digits as one mark, without a leading
/// `+86`/`86` on a mobile number; None without at least four digits.
pub fn caller(text: &str) -> Option<CallerKey> {
    let trimmed = text.trim();
    // One pass over the text: the digits and marks kept, on the stack (a number is short;
    // longer text is cut), and the places (digits and hidden digits, each counted).
    const ROOM: usize = 32;
    let mut kept = [0u8; ROOM + 4];
    let (mut len, mut digits, mut places) = (0, 0, 0);
    let bytes = trimmed.as_bytes();
    let mut at = 0;
    while let Some(&first) = bytes.get(at) {
        // Numbers are ASCII mostly: a byte is a character; other characters are decoded.
        let byte = if first < 0x80 {
            at += 1;
            match first {
                b'0'..=b'9' => first,
                _ if is_mask(char::from(first)) => b'*',
                _ => continue,
            }
        } else {
            let c = trimmed[at..].chars().next().expect("on a character boundary");
            at += c.len_utf8();
            match c {
                '０'..='９' => (c as u32 - 0xFEE0) as u8,
                _ if is_mask(c) => b'*',
                _ => continue,
            }
        };
        places += 1;
        if byte == b'*' {
            if len > 0 && kept[len - 1] == b'*' {
                continue;
            }
        } else {
            digits += 1;
        }
        if len < kept.len() {
            kept[len] = byte;
            len += 1;
        }
    }
    // The country code in front, written with + or 00, or before a mobile number (eleven
    // places, hidden ones included): its digits are the first kept.
    let code = if trimmed.starts_with("+86") {
        2
    } else if trimmed.starts_with("0086") {
        4
    } else if places == 13 && trimmed.starts_with("86") {
        2
    } else {
        0
    };
    if digits - code < 4 {
        return None;
    }
    let number = &kept[code..len.min(code + ROOM)];
    let mut hasher = FxBuildHasher.build_hasher();
    hasher.write(number);
    Some(CallerKey { hash: hasher.finish(), masked: number.contains(&b'*') })
}

/// The address without what varies in writing it: spaces and punctuation, full-width
/// forms, a province, city, county or town named in front (`names`: the county's and the
/// town's), 號 for 号, 号楼 / 幢 / 座 for 栋, capitals. Empty when nothing is left.
pub fn address(text: &str, names: &[&str]) -> String {
    let mut plain = String::new();
    let start = address_into(text, names, &mut plain);
    plain.split_off(start)
}

/// `address` written into `plain` (cleared first; reused, as every ticket's address is
/// read), from the byte returned on.
pub fn address_into(text: &str, names: &[&str], plain: &mut String) -> usize {
    plain.clear();
    for c in text.chars() {
        let c = match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '號' => '号',
            '幢' | '座' => '栋',
            _ => c,
        }
        .to_ascii_lowercase();
        if !(is_han(c) || c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric())) {
            continue;
        }
        if c == '楼' && plain.ends_with('号') {
            plain.truncate(plain.len() - '号'.len_utf8());
            plain.push('栋');
        } else {
            plain.push(c);
        }
    }
    let mut rest = plain.as_str();
    loop {
        let before = rest.len();
        for prefix in ["广东省", "湛江市"].iter().chain(names) {
            if !prefix.is_empty() {
                rest = rest.strip_prefix(prefix).unwrap_or(rest);
            }
        }
        // Another province or city named in front: two to four characters and 省 / 市.
        for mark in ['省', '市'] {
            if let Some((head, tail)) = rest.split_once(mark) {
                if (2..=4).contains(&head.chars().count()) && !tail.is_empty() && head.chars().all(is_han) {
                    rest = tail;
                }
            }
        }
        if rest.len() == before {
            break;
        }
    }
    plain.len() - rest.len()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_written_many_ways_is_one_caller() {
        let plain = caller("13812345678").unwrap();
        assert!(!plain.masked);
        for form in [
            "138-1234-5678",
            "+86 138 1234 5678",
            "8613812345678",
            "１３８１２３４５６７８",
            "0086 138-1234-5678",
            " 138１２３４5678 ",
        ] {
            assert_eq!(caller(form), Some(plain), "{form}");
        }
        let masked = caller("138****5678").unwrap();
        assert!(masked.masked);
        assert_eq!(caller("138＊＊＊＊5678"), Some(masked));
        assert_eq!(caller("138xxxx5678"), Some(masked));
        assert_eq!(caller("+86 138****5678"), Some(masked), "a country code before a masked number");
        assert_eq!(caller("86138****5678"), Some(masked));
        assert_ne!(caller("139****5678"), Some(masked));
        assert_eq!(caller("匿名"), None);
        assert_eq!(caller("***"), None);
    }

    #[test]
    fn an_address_written_many_ways_is_one_place() {
        let names = ["霞山区", "友谊街道"];
        let plain = address("康宁路15号", &names);
        assert_eq!(plain, "康宁路15号");
        for form in ["霞山区友谊街道康宁路15号", "友谊街道 康宁路15号", "康宁路１５号", "广东省湛江市霞山区康宁路15號"]
        {
            assert_eq!(address(form, &names), plain, "{form}");
        }
        assert_eq!(address("翠湖花园3号楼1201房", &names), address("翠湖花园3栋1201房", &names));
        assert_eq!(address("翠湖花园3幢1201房", &names), address("翠湖花园3栋1201房", &names));
        assert_ne!(address("康宁路16号", &names), plain);
        assert_eq!(address("市场路8号", &names), "市场路8号", "a name ending 市 is no city");
        assert_eq!(address(" ，。", &names), "");
        assert_eq!(address("Ａ区B栋", &names), "a区b栋");
    }
}
