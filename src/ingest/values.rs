//! Normalising single cell values: times in the forms real exports use, yes/no flags.

use chrono::NaiveDate;

use crate::period::{midnight, Timestamp};
use crate::settings::Settings;
use crate::table::same_text;

/// Parses a time as exports write it: `2021-01-05 10:23:11`, `2021/1/5 10:23`,
/// `2021年1月5日`, `20210105`, ISO `2021-01-05T10:23:11.000`, or an Excel serial day
/// number (`44201.4333`, origin 1899-12-30). Returns None for anything else, including
/// impossible dates such as 2021-02-30.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    if let Some(ts) = parse_fixed_time(text.as_bytes()) {
        return Some(ts);
    }
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    if bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
        return parse_numeric(text);
    }
    // Up to seven runs of digits: year, month, day, hour, minute, second, fraction.
    let mut parts = [0u32; 7];
    let mut count = 0;
    let mut in_number = false;
    let mut digits = 0;
    for &b in bytes {
        if b.is_ascii_digit() {
            if !in_number {
                if count == parts.len() {
                    return None;
                }
                count += 1;
                in_number = true;
                digits = 0;
            }
            digits += 1;
            if digits > 9 {
                return None;
            }
            parts[count - 1] = parts[count - 1] * 10 + u32::from(b - b'0');
        } else {
            in_number = false;
        }
    }
    if count < 3 {
        return None;
    }
    let [year, month, day, hour, minute, second, _] = parts;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(midnight(date) + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second.min(59)))
}

/// The form nearly every export writes, `2021-01-05 10:23:11` (or with `/` or `T`), read
/// by position: three of every four cells are times, so this path is worth having.
fn parse_fixed_time(b: &[u8]) -> Option<Timestamp> {
    if b.len() != 19 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let seconds = clock(b)?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    Some(days_from_civil(year as i32, month, day)? * 86_400 + seconds)
}

/// The value of a run of ASCII digits.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
}

/// The seconds into the day of a fixed-form time's ` HH:MM:SS` (bytes 10 to 19), read as
/// one word: three of every four cells are times.
fn clock(b: &[u8]) -> Option<i64> {
    if !matches!(b[10], b' ' | b'T') {
        return None;
    }
    // "HH:MM:SS", the first byte lowest: digits in bytes 0, 1, 3, 4, 6, 7, colons in 2, 5.
    let word = u64::from_le_bytes(b[11..19].try_into().expect("eight bytes"));
    const DIGITS: u64 = 0xffff_00ff_ff00_ffff;
    const COLONS: u64 = 0x0000_3a00_003a_0000;
    if word & !DIGITS != COLONS || !ascii_digits(word, DIGITS) {
        return None;
    }
    let d = (word & DIGITS) - (0x3030_3030_3030_3030 & DIGITS);
    let pair = |at: u32| ((d >> at) & 0xff) * 10 + ((d >> (at + 8)) & 0xff);
    let (hour, minute, second) = (pair(0), pair(24), pair(48));
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some((hour * 3600 + minute * 60 + second.min(59)) as i64)
}

/// Whether every byte of `word` that `lanes` keeps (0xff lanes) is an ASCII digit: such a
/// byte is 0x30..=0x39, so its high nibble is 3, and adding 6 keeps it 3.
#[inline]
pub fn ascii_digits(word: u64, lanes: u64) -> bool {
    let (high, threes) = (0xf0f0_f0f0_f0f0_f0f0 & lanes, 0x3030_3030_3030_3030 & lanes);
    let kept = word & lanes;
    // The second test adds only when every kept byte is 0x30..=0x3f: no carry between bytes.
    kept & high == threes && (kept + (0x0606_0606_0606_0606 & lanes)) & high == threes
}

/// Reads times as `parse_time` does, remembering the last fixed-form date: an export's
/// times fall on a few hundred days, so most need only their clock read.
#[derive(Default)]
pub struct TimeReader {
    last: Option<([u8; 10], i64)>,
}

impl TimeReader {
    pub fn read(&mut self, text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() == 19 {
            if let Some((date, days)) = self.last {
                if b[..10] == date {
                    if let Some(seconds) = clock(b) {
                        return Some(days * 86_400 + seconds);
                    }
                }
            }
            if let Some(ts) = parse_fixed_time(b) {
                let mut date = [0; 10];
                date.copy_from_slice(&b[..10]);
                self.last = Some((date, ts.div_euclid(86_400)));
                return Some(ts);
            }
        }
        parse_time(text)
    }
}

/// Reads yes/no cells as `Settings::yes_no` does, remembering the last cell's answer: a
/// column holds two or three spellings, and a row mostly repeats the one above.
#[derive(Default)]
pub struct YesNoReader {
    last: String,
    answer: Option<bool>,
}

impl YesNoReader {
    pub fn read(&mut self, settings: &Settings, text: &str) -> Option<bool> {
        if !same_text(&self.last, text) {
            self.answer = settings.yes_no(text);
            self.last.clear();
            self.last.push_str(text);
        }
        self.answer
    }
}

/// A count cell (times returned, urged …): a number, possibly with words around it
/// (`2次`, `退回1次`, full-width digits), or a yes / no in the settings' spellings (yes is
/// once). Blank is none; None when it is neither.
pub fn count(settings: &Settings, text: &str) -> Option<u8> {
    if text.is_empty() {
        return Some(0);
    }
    let mut digits = text.chars().filter_map(|c| match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    });
    if let Some(first) = digits.next() {
        let number = digits.fold(first, |n, d| n.saturating_mul(10).saturating_add(d));
        return Some(number.min(u32::from(u8::MAX)) as u8);
    }
    settings.yes_no(text).map(u8::from)
}

/// Days since 1970-01-01 of a proleptic Gregorian date; None for impossible dates.
fn days_from_civil(year: i32, month: u32, day: u32) -> Option<i64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&month) || day == 0 || day > month_days[month as usize - 1] {
        return None;
    }
    // Howard Hinnant's days_from_civil, in years that start in March.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// The date of a day number since 1970-01-01 (the inverse of `days_from_civil`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// Writes a time as `2021-01-05 10:23:11`, the form `parse_fixed_time` reads back: a
/// workbook's date cells become text this way, hundreds of thousands per sheet.
pub fn write_time(text: &mut String, ts: Timestamp) {
    let (year, month, day) = civil_from_days(ts.div_euclid(86_400));
    let second_of_day = ts.rem_euclid(86_400);
    let mut out = *b"0000-00-00 00:00:00";
    let mut put = |at: usize, width: usize, value: i64| {
        let mut rest = value.clamp(0, 9999);
        for slot in out[at..at + width].iter_mut().rev() {
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, i64::from(month));
    put(8, 2, i64::from(day));
    put(11, 2, second_of_day / 3600);
    put(14, 2, second_of_day / 60 % 60);
    put(17, 2, second_of_day % 60);
    text.push_str(std::str::from_utf8(&out).expect("ASCII digits"));
}

fn parse_numeric(text: &str) -> Option<Timestamp> {
    if text.len() == 8 && !text.contains('.') {
        let n: u32 = text.parse().ok()?;
        let date = NaiveDate::from_ymd_opt((n / 10000) as i32, n / 100 % 100, n % 100)?;
        return Some(midnight(date));
    }
    let serial: f64 = text.parse().ok()?;
    excel_serial(serial)
}

/// Excel's day number (1900 system, origin 1899-12-30 so that serial 60 is the phantom
/// 1900-02-29 only for dates before March 1900, which exports never hold).
pub fn excel_serial(serial: f64) -> Option<Timestamp> {
    // 1 (1900-01-01) .. 109574 (2199-12-31)
    if !(1.0..110_000.0).contains(&serial) {
        return None;
    }
    // Serial 0 is 1899-12-30, 25,569 days before 1970-01-01.
    const SERIAL_OF_1970: i64 = 25_569;
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    Some((days as i64 - SERIAL_OF_1970) * 86_400 + seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::datetime;
    use chrono::Datelike;

    #[test]
    fn counts_are_read_from_numbers_words_and_yes_no() {
        let settings = Settings::default();
        let read = |text: &str| count(&settings, text);
        assert_eq!(read(""), Some(0));
        assert_eq!(read("2"), Some(2));
        assert_eq!(read("退回3次"), Some(3));
        assert_eq!(read("１２"), Some(12));
        assert_eq!(read("是"), Some(1));
        assert_eq!(read("否"), Some(0));
        assert_eq!(read("999"), Some(255), "many saturate");
        assert_eq!(read("多次"), None);
    }

    #[test]
    fn the_fixed_form_agrees_with_the_calendar_every_day_of_three_centuries() {
        let mut date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        while date.year() < 2200 {
            let text = date.format("%Y-%m-%d 23:59:58").to_string();
            assert_eq!(parse_fixed_time(text.as_bytes()), Some(midnight(date) + 86_398), "{text}");
            date = date.succ_opt().unwrap();
        }
        for impossible in ["2021-02-29 00:00:00", "2100-02-29 00:00:00", "2021-13-01 00:00:00", "2021-04-31 10:00:00"] {
            assert_eq!(parse_fixed_time(impossible.as_bytes()), None, "{impossible}");
        }
        assert!(parse_fixed_time(b"2000-02-29 00:00:00").is_some());
        assert_eq!(parse_fixed_time(b"2021/01/05T10:23:11"), parse_time("2021-1-5 10:23:11"));
    }

    #[test]
    fn clocks_read_as_digit_by_digit_reading_reads_them() {
        let plain = |b: &[u8]| -> Option<i64> {
            let two = |at: usize| {
                (b[at].is_ascii_digit() && b[at + 1].is_ascii_digit())
                    .then(|| i64::from(b[at] - b'0') * 10 + i64::from(b[at + 1] - b'0'))
            };
            if !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
                return None;
            }
            let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
            (hour <= 23 && minute <= 59 && second <= 60).then(|| hour * 3600 + minute * 60 + second.min(59))
        };
        let mut checked = 0;
        for hour in 0..100 {
            for minute in [0, 9, 10, 59, 60, 99] {
                for second in [0, 1, 59, 60, 61, 99] {
                    let time = format!("2021-01-05 {hour:02}:{minute:02}:{second:02}");
                    assert_eq!(clock(time.as_bytes()), plain(time.as_bytes()), "{time}");
                    // Each byte of the clock replaced by its neighbours and by bytes that
                    // are no digit, no colon.
                    for at in 10..19 {
                        for bad in [b'/', b':', b';', b'0' - 1, b'9' + 1, b' ', b'T', 0xe4, 0x00, 0x7f] {
                            let mut bytes = time.clone().into_bytes();
                            bytes[at] = bad;
                            assert_eq!(clock(&bytes), plain(&bytes), "{:?}", String::from_utf8_lossy(&bytes));
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 300_000);
    }

    #[test]
    fn the_yes_no_reader_answers_as_the_settings_whatever_came_before() {
        let settings = Settings::default();
        let texts = ["是", "否", "", "是", " 是 ", "YES", "no", "未回复", "已回复", "是否"];
        let mut reader = YesNoReader::default();
        for first in texts {
            for second in texts {
                assert_eq!(reader.read(&settings, first), settings.yes_no(first), "{first}");
                assert_eq!(reader.read(&settings, second), settings.yes_no(second), "{second} after {first}");
            }
        }
        assert!(texts.iter().any(|t| settings.yes_no(t) == Some(true)));
        assert!(texts.iter().any(|t| settings.yes_no(t) == Some(false)));
    }

    #[test]
    fn the_time_reader_reads_as_parse_time_whatever_came_before() {
        let texts = [
            "2021-01-05 10:23:11",
            "2021-01-05 23:59:59",
            "2021-01-05 24:00:00",
            "2021-01-05 10:23",
            "2021-01-05T08:00:00",
            "2021/01/05 08:00:00",
            "2021-01-06 00:00:00",
            "1969-12-31 23:59:59",
            "1969-12-31 00:00:01",
            "2021-01-05 1a:00:00",
            "44201.5",
            "",
            "2021-02-29 10:00:00",
        ];
        let mut reader = TimeReader::default();
        // Every text after every other, so each meets every remembered date.
        for first in texts {
            for second in texts {
                assert_eq!(reader.read(first), parse_time(first), "{first}");
                assert_eq!(reader.read(second), parse_time(second), "{second} after {first}");
            }
        }
    }

    #[test]
    fn times_written_by_hand_match_the_calendar_and_read_back() {
        for text in [
            "1900-01-01 00:00:00",
            "1999-12-31 23:59:59",
            "2000-02-29 12:30:05",
            "2021-01-05 10:23:11",
            "2199-12-31 08:00:00",
        ] {
            let ts = parse_time(text).unwrap();
            let mut written = String::new();
            write_time(&mut written, ts);
            assert_eq!(written, text);
            assert_eq!(written, datetime(ts).format("%Y-%m-%d %H:%M:%S").to_string());
        }
        for days in (-25_567..84_000).step_by(7) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y as i32, m, d), Some(days));
        }
    }

    fn show(ts: Option<Timestamp>) -> String {
        ts.map(|t| datetime(t).format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_else(|| "none".into())
    }

    #[test]
    fn every_date_form_in_domain_md_parses() {
        assert_eq!(show(parse_time("2021-01-05 10:23:11")), "2021-01-05 10:23:11");
        assert_eq!(show(parse_time("2021/1/5 10:23")), "2021-01-05 10:23:00");
        assert_eq!(show(parse_time("2021年1月5日")), "2021-01-05 00:00:00");
        assert_eq!(show(parse_time("2021-01-05T10:23:11.250")), "2021-01-05 10:23:11");
        assert_eq!(show(parse_time("20210105")), "2021-01-05 00:00:00");
        assert_eq!(show(parse_time(" 2021-01-05 ")), "2021-01-05 00:00:00");
    }

    #[test]
    fn excel_serials_use_the_1899_12_30_origin() {
        assert_eq!(show(parse_time("44201")), "2021-01-05 00:00:00");
        assert_eq!(show(parse_time("44201.5")), "2021-01-05 12:00:00");
        // Every whole day of the range agrees with the calendar's count from the origin.
        let origin = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
        for serial in 1..110_000 {
            let date = origin + chrono::Duration::days(serial);
            assert_eq!(excel_serial(serial as f64 + 0.25), Some(midnight(date) + 6 * 3600), "serial {serial}");
        }
        assert_eq!((excel_serial(0.5), excel_serial(110_000.0)), (None, None));
    }

    #[test]
    fn impossible_or_foreign_values_are_rejected() {
        for bad in ["", "2021-02-30", "2021-01-05 25:00", "明天", "12/2021", "1800-01-01", "-5", "abc 2021"] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }
}
