//! Statistical months. A hotline month runs from the `start_day` of the previous calendar
//! month to the day before it in the named month (21 Dec .. 20 Jan is "January 2021").

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Seconds since 1970-01-01 00:00:00 in the hotline's local civil time (exports carry no
/// zone, and the report speaks local time only).
pub type Timestamp = i64;

pub fn timestamp(at: NaiveDateTime) -> Timestamp {
    at.and_utc().timestamp()
}

pub fn datetime(ts: Timestamp) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(ts, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

pub fn date_of(ts: Timestamp) -> NaiveDate {
    datetime(ts).date()
}

pub fn midnight(date: NaiveDate) -> Timestamp {
    timestamp(date.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// A year and month that names a statistical month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MonthId {
    pub year: i32,
    pub month: u32,
}

impl MonthId {
    pub fn previous(self) -> MonthId {
        if self.month == 1 {
            MonthId { year: self.year - 1, month: 12 }
        } else {
            MonthId { year: self.year, month: self.month - 1 }
        }
    }

    pub fn next(self) -> MonthId {
        if self.month == 12 {
            MonthId { year: self.year + 1, month: 1 }
        } else {
            MonthId { year: self.year, month: self.month + 1 }
        }
    }

    /// Parses `YYYY-MM` (also `YYYY年M月`).
    pub fn parse(text: &str) -> Option<MonthId> {
        let digits: Vec<u32> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        match digits.as_slice() {
            [y, m] if (1..=12).contains(m) && (1900..=2200).contains(y) => Some(MonthId { year: *y as i32, month: *m }),
            _ => None,
        }
    }

    fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }
}

impl std::fmt::Display for MonthId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One statistical month: `start ..= end`, both whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub month: MonthId,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// The statistical month named `month` under a rule starting on `start_day` (1..=28).
    pub fn of_month(month: MonthId, start_day: u32) -> Period {
        let start_day = start_day.clamp(1, 28);
        let first = month.first_day();
        if start_day == 1 {
            let end = month.next().first_day() - Duration::days(1);
            return Period { month, start: first, end };
        }
        let prev = month.previous();
        let start = NaiveDate::from_ymd_opt(prev.year, prev.month, start_day).expect("day <= 28");
        let end = NaiveDate::from_ymd_opt(month.year, month.month, start_day - 1).expect("day <= 27");
        Period { month, start, end }
    }

    /// The statistical month a day falls in.
    pub fn month_of(date: NaiveDate, start_day: u32) -> MonthId {
        let month = MonthId { year: date.year(), month: date.month() };
        if start_day > 1 && date.day() >= start_day.min(28) {
            month.next()
        } else {
            month
        }
    }

    pub fn previous(&self, start_day: u32) -> Period {
        Period::of_month(self.month.previous(), start_day)
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn start_ts(&self) -> Timestamp {
        midnight(self.start)
    }

    /// First second after the period.
    pub fn end_ts(&self) -> Timestamp {
        midnight(self.end + Duration::days(1))
    }

    pub fn contains(&self, ts: Timestamp) -> bool {
        ts >= self.start_ts() && ts < self.end_ts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn january_2021_runs_from_21_december_to_20_january() {
        let p = Period::of_month(MonthId { year: 2021, month: 1 }, 21);
        assert_eq!((p.start, p.end, p.days()), (date(2020, 12, 21), date(2021, 1, 20), 31));
        let prev = p.previous(21);
        assert_eq!((prev.start, prev.end, prev.days()), (date(2020, 11, 21), date(2020, 12, 20), 30));
    }

    #[test]
    fn days_from_the_start_day_belong_to_the_next_month() {
        assert_eq!(Period::month_of(date(2020, 12, 21), 21), MonthId { year: 2021, month: 1 });
        assert_eq!(Period::month_of(date(2020, 12, 20), 21), MonthId { year: 2020, month: 12 });
        assert_eq!(Period::month_of(date(2020, 12, 31), 1), MonthId { year: 2020, month: 12 });
    }

    #[test]
    fn calendar_months_with_start_day_one() {
        let p = Period::of_month(MonthId { year: 2024, month: 2 }, 1);
        assert_eq!((p.start, p.end, p.days()), (date(2024, 2, 1), date(2024, 2, 29), 29));
    }

    #[test]
    fn contains_is_inclusive_of_the_whole_last_day() {
        let p = Period::of_month(MonthId { year: 2021, month: 1 }, 21);
        let last = timestamp(date(2021, 1, 20).and_hms_opt(23, 59, 59).unwrap());
        assert!(p.contains(last));
        assert!(!p.contains(last + 1));
        assert!(p.contains(midnight(date(2020, 12, 21))));
    }

    #[test]
    fn month_ids_parse_in_both_spellings() {
        assert_eq!(MonthId::parse("2021-01"), Some(MonthId { year: 2021, month: 1 }));
        assert_eq!(MonthId::parse("2021年1月"), Some(MonthId { year: 2021, month: 1 }));
        assert_eq!(MonthId::parse("2021-13"), None);
    }
}
