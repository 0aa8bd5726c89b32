//! Normalising single cell values: times in the forms real exports use, yes/no flags.

use chrono::{Duration, NaiveDate};

use crate::period::{midnight, Timestamp};

/// Parses a time as exports write it: `2021-01-05 10:23:11`, `2021/1/5 10:23`,
/// `2021年1月5日`, `20210105`, ISO `2021-01-05T10:23:11.000`, or an Excel serial day
/// number (`44201.4333`, origin 1899-12-30). Returns None for anything else, including
/// impossible dates such as 2021-02-30.
pub fn parse_time(text: &str) -> Option<Timestamp> {
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
    let origin = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    Some(midnight(origin + Duration::days(days as i64)) + seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::datetime;

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
    }

    #[test]
    fn impossible_or_foreign_values_are_rejected() {
        for bad in ["", "2021-02-30", "2021-01-05 25:00", "明天", "12/2021", "1800-01-01", "-5", "abc 2021"] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }
}
