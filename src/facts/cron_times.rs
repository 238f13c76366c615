//! When a schedule fires: a five-field cron expression, a cron macro or a Heroku Scheduler
//! frequency (`every 10 minutes`, `hourly at :30`, `daily at 03:00`) read into the sets of
//! minutes, hours, days and months it allows, so two schedules written differently
//! (`0 9 * * *` and `00 09 * * *`, `@daily` and `0 0 * * *`) compare equal, and a schedule in
//! a zone with a fixed UTC offset can be moved to UTC. One reader, shared by the rules that
//! compare schedules across platforms.

/// The values one field allows, as a bit set (bit `n` for value `n`), or any single value the
/// source does not name (Heroku's `hourly` without its minute, which lives in the dashboard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Set(u64),
    AnyOne,
}

impl Field {
    fn agrees(self, other: Field) -> bool {
        match (self, other) {
            (Field::Set(a), Field::Set(b)) => a == b,
            (Field::AnyOne, Field::Set(s)) | (Field::Set(s), Field::AnyOne) => s.count_ones() == 1,
            (Field::AnyOne, Field::AnyOne) => true,
        }
    }
}

/// When a schedule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    pub minute: Field,
    pub hour: Field,
    pub day_of_month: Field,
    pub month: Field,
    /// 0 (Sunday) to 6; cron's 7 is read as 0.
    pub day_of_week: Field,
}

fn range(lo: u32, hi: u32) -> u64 {
    (lo..=hi).fold(0, |m, v| m | (1u64 << v))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn value(s: &str, names: &[&str], base: u32) -> Option<u32> {
    if let Ok(v) = s.parse::<u32>() {
        return Some(v);
    }
    let lower = s.to_ascii_lowercase();
    names
        .iter()
        .position(|n| *n == lower)
        .map(|i| i as u32 + base)
}

/// One cron field (`*`, `*/10`, `1-5`, `0,30`, `mon-fri`, `8-18/2`) within `lo..=hi`.
fn field(text: &str, lo: u32, hi: u32, names: &[&str], base: u32) -> Option<u64> {
    let mut set = 0u64;
    for part in text.split(',') {
        let (span, step) = match part.split_once('/') {
            Some((s, n)) => (s, n.parse::<u32>().ok().filter(|n| *n > 0)?),
            None => (part, 1),
        };
        let (a, b) = match span {
            "*" | "?" => (lo, hi),
            s => match s.split_once('-') {
                Some((a, b)) => (value(a, names, base)?, value(b, names, base)?),
                // `5/15` runs from 5 to the end of the range.
                None if step > 1 => (value(s, names, base)?, hi),
                None => {
                    let v = value(s, names, base)?;
                    (v, v)
                }
            },
        };
        if a < lo || b > hi || a > b {
            return None;
        }
        set |= (a..=b)
            .step_by(step as usize)
            .fold(0, |m, v| m | (1u64 << v));
    }
    (set != 0).then_some(set)
}

impl Times {
    /// A five-field cron expression or a macro (`@daily`); None for anything else (seconds
    /// fields, `@reboot`, `L`, `#`, an inline zone).
    pub fn cron(expr: &str) -> Option<Times> {
        let expr = expr.trim().trim_matches(['"', '\'']);
        let expanded = match expr.to_ascii_lowercase().as_str() {
            "@hourly" => "0 * * * *",
            "@daily" | "@midnight" => "0 0 * * *",
            "@weekly" => "0 0 * * 0",
            "@monthly" => "0 0 1 * *",
            "@yearly" | "@annually" => "0 0 1 1 *",
            _ => expr,
        };
        let f: Vec<&str> = expanded.split_whitespace().collect();
        let [mi, h, dom, mon, dow] = f[..] else {
            return None;
        };
        let mut dow = field(dow, 0, 7, &DAYS, 0)?;
        if dow & (1 << 7) != 0 {
            dow = (dow & !(1 << 7)) | 1;
        }
        Some(Times {
            minute: Field::Set(field(mi, 0, 59, &[], 0)?),
            hour: Field::Set(field(h, 0, 23, &[], 0)?),
            day_of_month: Field::Set(field(dom, 1, 31, &[], 0)?),
            month: Field::Set(field(mon, 1, 12, &MONTHS, 1)?),
            day_of_week: Field::Set(dow),
        })
    }

    /// A Heroku Scheduler frequency as the dashboard and exports write it: `every 10
    /// minutes`, `every_ten_minutes`, `hourly at :30`, `every hour at :30`, `daily at 03:00`,
    /// `every day at 3:00 PM`. `hourly` or `daily` without a time: the minute (and hour) are
    /// some single value egress is not told.
    pub fn heroku_frequency(text: &str) -> Option<Times> {
        let t = text.trim().to_ascii_lowercase().replace('_', " ");
        let any = |lo, hi| Field::Set(range(lo, hi));
        let every = Times {
            minute: any(0, 59),
            hour: any(0, 23),
            day_of_month: any(1, 31),
            month: any(1, 12),
            day_of_week: any(0, 6),
        };
        if t.contains("10 min") || t.contains("ten min") {
            return Some(Times {
                minute: Field::Set((0..60).step_by(10).fold(0, |m, v| m | (1u64 << v))),
                ..every
            });
        }
        let clock = clock_time(&t);
        if t.contains("hour") {
            let minute = match t.find(':') {
                Some(i) => {
                    let digits: String = t[i + 1..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    let m = digits.parse::<u32>().ok().filter(|m| *m < 60)?;
                    Field::Set(1 << m)
                }
                None => Field::AnyOne,
            };
            return Some(Times { minute, ..every });
        }
        if t.contains("day") || t.contains("daily") {
            let (minute, hour) = match clock {
                Some((h, m)) => (Field::Set(1 << m), Field::Set(1 << h)),
                None => (Field::AnyOne, Field::AnyOne),
            };
            return Some(Times {
                minute,
                hour,
                ..every
            });
        }
        None
    }

    /// A contract's Scheduler job: a cron expression, else a frequency.
    pub fn scheduler(text: &str) -> Option<Times> {
        Times::cron(text).or_else(|| Times::heroku_frequency(text))
    }

    /// Both fire at the same times (a field the source leaves to one unnamed value agrees
    /// with any single value).
    pub fn same(&self, other: &Times) -> bool {
        self.minute.agrees(other.minute)
            && self.hour.agrees(other.hour)
            && self.day_of_month.agrees(other.day_of_month)
            && self.month.agrees(other.month)
            && self.day_of_week.agrees(other.day_of_week)
    }

    /// The schedule, read in a zone `minutes_east` of UTC, as UTC. None when egress cannot
    /// say it as one cron expression: the shift moves some runs to another day while the
    /// schedule names days, or splits the minutes across hours unevenly.
    pub fn to_utc(&self, minutes_east: i32) -> Option<Times> {
        if minutes_east == 0 {
            return Some(*self);
        }
        let (Field::Set(minutes), Field::Set(hours)) = (self.minute, self.hour) else {
            return None;
        };
        let every_day = |f: Field, all: u64| f == Field::Set(all);
        let days_free = every_day(self.day_of_month, range(1, 31))
            && every_day(self.month, range(1, 12))
            && every_day(self.day_of_week, range(0, 6));
        let (mut new_minutes, mut new_hours, mut pairs) = (0u64, 0u64, 0u32);
        for h in (0..24).filter(|h| hours & (1 << h) != 0) {
            for m in (0..60).filter(|m| minutes & (1 << m) != 0) {
                let local = h * 60 + m;
                let utc = local - minutes_east;
                if !(0..1440).contains(&utc) && !days_free {
                    return None;
                }
                let utc = utc.rem_euclid(1440) as u32;
                new_hours |= 1 << (utc / 60);
                new_minutes |= 1 << (utc % 60);
                pairs += 1;
            }
        }
        // Every (hour, minute) pair of the result must be one the schedule has.
        (new_hours.count_ones() * new_minutes.count_ones() == pairs).then_some(Times {
            minute: Field::Set(new_minutes),
            hour: Field::Set(new_hours),
            ..*self
        })
    }
}

/// `03:00`, `3:00 pm`, `15:30` in a frequency text: (hour, minute) on a 24-hour clock.
fn clock_time(t: &str) -> Option<(u32, u32)> {
    let i = t.find(':')?;
    let before: String = t[..i]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = t[i + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let (mut h, m) = (before.parse::<u32>().ok()?, after.parse::<u32>().ok()?);
    let rest = t[i + 1 + after.len()..].trim_start();
    if rest.starts_with("pm") && h < 12 {
        h += 12;
    } else if rest.starts_with("am") && h == 12 {
        h = 0;
    }
    (h < 24 && m < 60).then_some((h, m))
}

/// How a zone name maps to UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneOffset {
    /// UTC under one of its names (`UTC`, `Etc/UTC`, `GMT`, `Z`).
    Utc,
    /// A zone without daylight saving time, this many minutes east of UTC.
    Fixed(i32),
    /// Any other zone: most follow daylight saving time, so no one cron expression in UTC says
    /// the same.
    Unknown,
}

/// Zones that keep one offset all year (IANA tzdata, 2026): a schedule there can be moved to
/// UTC exactly.
const FIXED: &[(&str, i32)] = &[
    ("Asia/Tokyo", 540),
    ("Asia/Seoul", 540),
    ("Asia/Shanghai", 480),
    ("Asia/Hong_Kong", 480),
    ("Asia/Singapore", 480),
    ("Asia/Taipei", 480),
    ("Asia/Manila", 480),
    ("Australia/Perth", 480),
    ("Asia/Bangkok", 420),
    ("Asia/Jakarta", 420),
    ("Asia/Ho_Chi_Minh", 420),
    ("Asia/Dhaka", 360),
    ("Asia/Kolkata", 330),
    ("Asia/Calcutta", 330),
    ("Asia/Karachi", 300),
    ("Asia/Dubai", 240),
    ("Europe/Moscow", 180),
    ("Africa/Nairobi", 180),
    ("Europe/Istanbul", 180),
    ("Africa/Johannesburg", 120),
    ("Africa/Cairo", 120),
    ("Africa/Lagos", 60),
    ("America/Sao_Paulo", -180),
    ("America/Argentina/Buenos_Aires", -180),
    ("America/Bogota", -300),
    ("America/Lima", -300),
    ("America/Phoenix", -420),
    ("Pacific/Honolulu", -600),
];

pub fn zone_offset(zone: &str) -> ZoneOffset {
    let z = zone.trim();
    let lower = z.to_ascii_lowercase();
    let bare = lower.strip_prefix("etc/").unwrap_or(&lower);
    if matches!(
        bare,
        "utc"
            | "uct"
            | "gmt"
            | "gmt0"
            | "gmt+0"
            | "gmt-0"
            | "z"
            | "zulu"
            | "universal"
            | "greenwich"
    ) {
        return ZoneOffset::Utc;
    }
    // `Etc/GMT+5` is five hours *west* of UTC (POSIX sign).
    if let Some(n) = lower.strip_prefix("etc/gmt") {
        if let Ok(h) = n.parse::<i32>() {
            return if (-14..=14).contains(&h) {
                ZoneOffset::Fixed(-h * 60)
            } else {
                ZoneOffset::Unknown
            };
        }
    }
    FIXED
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(z))
        .map_or(ZoneOffset::Unknown, |(_, off)| ZoneOffset::Fixed(*off))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        Times::scheduler(a).unwrap().same(&Times::cron(b).unwrap())
    }

    #[test]
    fn spellings_of_one_schedule() {
        assert!(same("0 9 * * *", "00 09 * * *"));
        assert!(same("@daily", "0 0 * * *"));
        assert!(same("0 6 * * 1", "0 6 * * mon"));
        assert!(same("0 0 * * 0", "0 0 * * 7"));
        assert!(same("every 10 minutes", "*/10 * * * *"));
        assert!(same("every_ten_minutes", "0,10,20,30,40,50 * * * *"));
        assert!(same("hourly at :30", "30 * * * *"));
        assert!(same("Every hour at :05", "5 * * * *"));
        assert!(same("hourly", "17 * * * *"));
        assert!(same("daily at 03:00", "0 3 * * *"));
        assert!(same("Every day at 3:30 PM", "30 15 * * *"));
        assert!(same("daily", "45 4 * * *"));
        assert!(!same("daily at 03:00", "0 4 * * *"));
        assert!(!same("hourly at :30", "0 * * * *"));
        assert!(!same("every 10 minutes", "*/15 * * * *"));
        assert!(!same("0 6 * * 1", "0 6 * * 1-5"));
        assert!(Times::cron("0 0 3 * * *").is_none());
        assert!(Times::cron("@reboot").is_none());
        assert!(Times::heroku_frequency("weekly").is_none());
    }

    #[test]
    fn fixed_zones_move_to_utc() {
        let tokyo = Times::cron("0 12 * * *").unwrap().to_utc(540).unwrap();
        assert_eq!(tokyo, Times::cron("0 3 * * *").unwrap());
        // Across midnight, fine while every day runs; not when the schedule names a day.
        let early = Times::cron("30 1 * * *").unwrap().to_utc(540).unwrap();
        assert_eq!(early, Times::cron("30 16 * * *").unwrap());
        assert!(Times::cron("30 1 * * 1").unwrap().to_utc(540).is_none());
        let kolkata = Times::cron("30 8 * * *").unwrap().to_utc(330).unwrap();
        assert_eq!(kolkata, Times::cron("0 3 * * *").unwrap());
        // Minutes :00 and :45 with +0:30: 0→30 the hour before, 45→15 the same hour.
        assert!(Times::cron("0,45 9 * * *").unwrap().to_utc(30).is_none());
        assert_eq!(zone_offset("Etc/UTC"), ZoneOffset::Utc);
        assert_eq!(zone_offset("Etc/GMT+5"), ZoneOffset::Fixed(-300));
        assert_eq!(zone_offset("asia/tokyo"), ZoneOffset::Fixed(540));
        assert_eq!(zone_offset("America/New_York"), ZoneOffset::Unknown);
        assert_eq!(zone_offset("Etc/GMT+99999999"), ZoneOffset::Unknown);
        for odd in [
            "",
            "* * *",
            "99999999999 * * * *",
            "*/0 * * * *",
            "5-1 * * * *",
            "@every 5m",
        ] {
            assert!(Times::cron(odd).is_none(), "{odd}");
        }
    }
}
