//! Cognito's `TIMESTAMP`: `EEE MMM d HH:mm:ss UTC yyyy`, English names, UTC, the day of the
//! month not zero-padded (`Tue Jan 2 03:04:05 UTC 2024`).
//!
//! The calendar arithmetic is written here rather than taken from the `time` crate: it is a
//! year-by-year walk over the proleptic Gregorian calendar between 1970 and 9999 (at most 8030
//! steps, a few microseconds), and Cognito's shape (unpadded day, weekday cross-check on
//! parse) would need custom code around `time`'s format descriptions anyway. The tests check
//! it against known dates, every month boundary of a leap and a common year, and a round trip.

use crate::error::{Error, Result, SrpErrorKind};

const SECONDS_PER_DAY: u64 = 86_400;
const FIRST_YEAR: u32 = 1970;
const LAST_YEAR: u32 = 9999;
/// 9999-12-31T23:59:59Z, the last instant a four-digit year can express.
const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_year(year: u32) -> u64 {
    if is_leap(year) { 366 } else { 365 }
}

/// Days in `month` (1–12) of `year`; 0 for a month out of range.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// 1970-01-01 was a Thursday.
fn weekday_name(days_since_epoch: u64) -> &'static str {
    let index = (days_since_epoch + 4) % 7;
    WEEKDAYS.get(index as usize).copied().unwrap_or("Sun")
}

/// Formats `unix_seconds` (UTC) as Cognito's `TIMESTAMP`, e.g. `Tue Jan 2 03:04:05 UTC 2024`.
///
/// # Errors
/// [`Error::InvalidInput`] for an instant after 9999-12-31 23:59:59 UTC (the year would need
/// five digits).
pub fn format_timestamp(unix_seconds: u64) -> Result<String> {
    if unix_seconds > MAX_UNIX_SECONDS {
        return Err(Error::invalid_input(
            "the time is after 9999-12-31 23:59:59 UTC",
        ));
    }
    let days = unix_seconds / SECONDS_PER_DAY;
    let second_of_day = unix_seconds % SECONDS_PER_DAY;

    let mut year = FIRST_YEAR;
    let mut day_of_year = days;
    while day_of_year >= days_in_year(year) {
        day_of_year -= days_in_year(year);
        year += 1;
    }
    let mut month = 1;
    let mut day_of_month = day_of_year;
    while day_of_month >= u64::from(days_in_month(year, month)) {
        day_of_month -= u64::from(days_in_month(year, month));
        month += 1;
    }
    let month_name = MONTHS.get((month - 1) as usize).copied().unwrap_or("Jan");

    Ok(format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        weekday_name(days),
        month_name,
        day_of_month + 1,
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        year,
    ))
}

/// Parses a Cognito `TIMESTAMP` back into unix seconds (UTC).
///
/// Strict: single spaces, English three-letter names, the day of the month without padding,
/// two-digit hours, minutes and seconds, the literal `UTC`, a four-digit year from 1970 to 9999,
/// and the weekday must be the one of that date.
///
/// # Errors
/// [`Error::Srp`] with [`SrpErrorKind::BadTimestamp`] when the text does not have that shape.
pub fn parse_timestamp(text: &str) -> Result<u64> {
    parse_fields(text).ok_or_else(|| {
        Error::srp(
            SrpErrorKind::BadTimestamp,
            "TIMESTAMP is not of the form 'EEE MMM d HH:mm:ss UTC yyyy'",
        )
    })
}

fn parse_fields(text: &str) -> Option<u64> {
    let mut fields = text.split(' ');
    let weekday = fields.next()?;
    let month_name = fields.next()?;
    let day_text = fields.next()?;
    let clock = fields.next()?;
    let zone = fields.next()?;
    let year_text = fields.next()?;
    if fields.next().is_some() || zone != "UTC" {
        return None;
    }

    let month = MONTHS.iter().position(|&m| m == month_name)? as u32 + 1;
    let year = parse_digits(year_text, 4, 4)?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    if day_text.starts_with('0') {
        return None;
    }
    let day = parse_digits(day_text, 1, 2)?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }

    let mut clock_parts = clock.split(':');
    let hour = parse_digits(clock_parts.next()?, 2, 2)?;
    let minute = parse_digits(clock_parts.next()?, 2, 2)?;
    let second = parse_digits(clock_parts.next()?, 2, 2)?;
    if clock_parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }

    let mut days: u64 = (FIRST_YEAR..year).map(days_in_year).sum();
    days += (1..month)
        .map(|m| u64::from(days_in_month(year, m)))
        .sum::<u64>();
    days += u64::from(day - 1);
    if weekday_name(days) != weekday {
        return None;
    }
    let seconds = u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second);
    days.checked_mul(SECONDS_PER_DAY)?.checked_add(seconds)
}

/// An unsigned decimal of `min..=max` ASCII digits (no sign, no spaces).
fn parse_digits(text: &str, min: usize, max: usize) -> Option<u32> {
    if text.len() < min || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_example_round_trips() {
        // 2024-01-02T03:04:05Z: the day is not zero-padded, the time is.
        assert_eq!(
            format_timestamp(1_704_164_645).unwrap(),
            "Tue Jan 2 03:04:05 UTC 2024"
        );
        assert_eq!(
            parse_timestamp("Tue Jan 2 03:04:05 UTC 2024").unwrap(),
            1_704_164_645
        );
    }

    #[test]
    fn epoch_and_last_representable_second() {
        assert_eq!(format_timestamp(0).unwrap(), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(
            format_timestamp(MAX_UNIX_SECONDS).unwrap(),
            "Fri Dec 31 23:59:59 UTC 9999"
        );
        assert_eq!(
            parse_timestamp("Fri Dec 31 23:59:59 UTC 9999").unwrap(),
            MAX_UNIX_SECONDS
        );
        assert_eq!(
            format_timestamp(MAX_UNIX_SECONDS + 1).unwrap_err().code(),
            "InvalidInputError"
        );
    }

    #[test]
    fn leap_days() {
        // 2000 is a leap year (divisible by 400), 2100 is not (divisible by 100).
        assert_eq!(
            format_timestamp(951_782_400).unwrap(),
            "Tue Feb 29 00:00:00 UTC 2000"
        );
        assert_eq!(
            format_timestamp(4_107_542_400).unwrap(),
            "Mon Mar 1 00:00:00 UTC 2100"
        );
        assert!(parse_timestamp("Mon Feb 29 00:00:00 UTC 2100").is_err());
    }

    #[test]
    fn every_day_of_two_years_round_trips() {
        // 2023 (common) and 2024 (leap), at a time of day with every field non-zero.
        let start = 1_672_531_200 + 13 * 3600 + 7 * 60 + 9; // 2023-01-01T13:07:09Z
        for day in 0..731 {
            let t = start + day * SECONDS_PER_DAY;
            let text = format_timestamp(t).unwrap();
            assert_eq!(parse_timestamp(&text).unwrap(), t, "{text}");
        }
    }
}
