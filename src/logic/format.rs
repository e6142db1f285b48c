//! How numbers and times read on the page: counts with thousands separators, dates in UTC.

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// A count with thousands separators, as the page's English text reads: `100,014`.
pub fn format_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `YYYY-MM-DD` (UTC) for a time in epoch milliseconds.
pub fn format_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM UTC` for a time in epoch milliseconds.
pub fn format_date_time(ms: i64) -> String {
    let minutes = ms.div_euclid(60_000).rem_euclid(24 * 60);
    format!("{} {:02}:{:02} UTC", format_date(ms), minutes / 60, minutes % 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A CSS length in pixels to the thousandth (`1234.500px`), with integer arithmetic: the
/// row heights are fractional (a rounded one drifts a pixel every few rows), and formatting an
/// `f64` with `{}` would pull the float formatter into the wasm (about 12 KB) for this alone.
pub fn css_px(value: f64) -> String {
    let milli = (value.max(0.0) * 1000.0).round() as u64;
    format!("{}.{:03}px", milli / 1000, milli % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_000), "1,000");
        assert_eq!(format_count(100_014), "100,014");
        assert_eq!(format_count(1_234_567), "1,234,567");
    }

    #[test]
    fn dates_format_in_utc() {
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_date(1_700_496_282_637), "2023-11-20");
        assert_eq!(format_date_time(1_720_716_932_504), "2024-07-11 16:55 UTC");
        assert_eq!(format_date(951_782_400_000), "2000-02-29");
        assert_eq!(format_date(-86_400_000), "1969-12-31");
    }

    #[test]
    fn pixel_lengths_keep_three_decimals_without_float_formatting() {
        assert_eq!(css_px(0.0), "0.000px");
        assert_eq!(css_px(52.0), "52.000px");
        assert_eq!(css_px(10_004.0 * 58.5678125), "585912.396px");
        assert_eq!(css_px(0.0004), "0.000px");
        assert_eq!(css_px(-3.0), "0.000px");
    }
}
