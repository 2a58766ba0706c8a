//! Time as the domain sees it: timestamps, study days, and the `Clock` that supplies "now".
//!
//! Domain code never reads the system clock; it is handed a [`Clock`] (the app and CLI use
//! [`SystemClock`], tests a [`FixedClock`]). Reading the clock never panics: a clock set before
//! 1970 gives a negative timestamp, and [`clock_warning`] says the clock is wrong.

use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

pub use crate::progress::types::Timestamp;

/// Seconds in a day.
pub const DAY_SECS: i64 = 86_400;

impl Timestamp {
    /// This instant plus `secs` seconds.
    #[must_use]
    pub fn plus_secs(self, secs: i64) -> Self {
        Self(self.0.saturating_add(secs.saturating_mul(1000)))
    }

    /// Whole seconds since the epoch.
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// Whole days from `earlier` to this instant (0 when `earlier` is later).
    pub fn days_since(self, earlier: Self) -> u32 {
        let days = self.0.saturating_sub(earlier.0).max(0) / (DAY_SECS * 1000);
        u32::try_from(days).unwrap_or(u32::MAX)
    }

    /// The instant `time` names, before 1970 included (as a negative count); saturates past
    /// the range of an `i64` of milliseconds (292 million years).
    pub fn from_system(time: SystemTime) -> Self {
        let millis = |d: std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self(millis(after)),
            Err(before) => Self(millis(before.duration()).saturating_neg()),
        }
    }
}

/// Before this instant (2024-01-01 00:00 UTC) the system clock is surely wrong: kubestudy did
/// not exist yet. A machine without a clock battery typically boots at 1970-01-01.
pub const EARLIEST_PLAUSIBLE: Timestamp = Timestamp(1_704_067_200_000);

/// A warning for the learner when `now` cannot be the real time, saying what to do.
pub fn clock_warning(now: Timestamp) -> Option<String> {
    (now < EARLIEST_PLAUSIBLE).then(|| {
        format!(
            "the computer's clock says {} (UTC), which cannot be right: set the date and time. \
             Until then, study days and due dates follow the wrong date",
            Days::date_of(now.secs().div_euclid(DAY_SECS))
        )
    })
}

/// Supplies the current time and the local time zone's offset.
pub trait Clock {
    /// Now.
    fn now(&self) -> Timestamp;
    /// The local UTC offset in seconds at `at` (east positive).
    fn utc_offset_secs(&self, at: Timestamp) -> i32;
}

/// The real clock and the machine's time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        // Not `chrono::Utc::now()`: it panics when the clock is before 1970.
        Timestamp::from_system(SystemTime::now())
    }

    fn utc_offset_secs(&self, at: Timestamp) -> i32 {
        use chrono::TimeZone as _;
        chrono::Local
            .timestamp_millis_opt(at.0)
            .single()
            .map_or(0, |t| t.offset().local_minus_utc())
    }
}

/// A clock that only moves when told to, for tests and benchmarks.
#[derive(Debug, Default)]
pub struct FixedClock {
    now: Cell<i64>,
    offset: i32,
}

impl FixedClock {
    /// A clock at `now` in a zone `offset_secs` east of UTC.
    pub fn new(now: Timestamp, offset_secs: i32) -> Self {
        Self {
            now: Cell::new(now.0),
            offset: offset_secs,
        }
    }

    /// Moves the clock forward.
    pub fn advance_secs(&self, secs: i64) {
        self.now.set(Timestamp(self.now.get()).plus_secs(secs).0);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.now.get())
    }

    fn utc_offset_secs(&self, _at: Timestamp) -> i32 {
        self.offset
    }
}

/// A shared clock (a test keeps one handle to move time while the app holds the other).
impl<C: Clock + ?Sized> Clock for std::rc::Rc<C> {
    fn now(&self) -> Timestamp {
        (**self).now()
    }

    fn utc_offset_secs(&self, at: Timestamp) -> i32 {
        (**self).utc_offset_secs(at)
    }
}

/// Study days: the day changes at `rollover_hour` local time (04:00 by default, as in Anki), so a
/// late-night session still counts for the evening's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    /// The local UTC offset in seconds.
    pub offset_secs: i32,
    /// Local hour (0-23) at which a new study day starts.
    pub rollover_hour: u8,
}

impl Days {
    /// The study-day calendar of `clock` at its current time.
    pub fn of(clock: &dyn Clock, rollover_hour: u8) -> Self {
        Self {
            offset_secs: clock.utc_offset_secs(clock.now()),
            rollover_hour: rollover_hour.min(23),
        }
    }

    fn shift(self) -> i64 {
        i64::from(self.offset_secs) - i64::from(self.rollover_hour) * 3600
    }

    /// The study day `at` falls in (days since 1970-01-01 in this calendar).
    pub fn day_of(self, at: Timestamp) -> i64 {
        (at.secs() + self.shift()).div_euclid(DAY_SECS)
    }

    /// The calendar date of study day `day`, `YYYY-MM-DD`.
    pub fn date_of(day: i64) -> String {
        chrono::DateTime::from_timestamp(day.saturating_mul(DAY_SECS), 0).map_or_else(
            || format!("day-{day}"),
            |t| t.date_naive().format("%Y-%m-%d").to_string(),
        )
    }

    /// When study day `day` starts (saturating for days no calendar reaches).
    pub fn start_of(self, day: i64) -> Timestamp {
        Timestamp(
            day.saturating_mul(DAY_SECS)
                .saturating_sub(self.shift())
                .saturating_mul(1000),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn study_days_roll_over_at_the_chosen_local_hour() {
        // 2026-11-22 00:00:00 UTC.
        let midnight_utc = Timestamp(1_795_305_600_000);
        let cases = [
            // (offset, rollover, instant, expected day relative to the UTC date)
            (0, 4, midnight_utc.plus_secs(3 * 3600 + 59 * 60), -1),
            (0, 4, midnight_utc.plus_secs(4 * 3600), 0),
            (3600, 4, midnight_utc.plus_secs(3 * 3600), 0),
            (-5 * 3600, 4, midnight_utc.plus_secs(8 * 3600), -1),
            (-5 * 3600, 4, midnight_utc.plus_secs(9 * 3600), 0),
            (0, 0, midnight_utc, 0),
        ];
        let base = midnight_utc.secs() / DAY_SECS;
        for (offset_secs, rollover_hour, at, expected) in cases {
            let days = Days {
                offset_secs,
                rollover_hour,
            };
            assert_eq!(
                days.day_of(at) - base,
                expected,
                "{offset_secs} {rollover_hour} {at:?}"
            );
            let day = days.day_of(at);
            assert!(days.start_of(day) <= at && at < days.start_of(day + 1));
        }
    }

    #[test]
    fn the_system_time_before_1970_is_read_without_panicking() {
        use std::time::Duration;
        let cases = [
            (UNIX_EPOCH, 0),
            (UNIX_EPOCH + Duration::from_millis(1_500), 1_500),
            (UNIX_EPOCH - Duration::from_secs(60), -60_000),
            // Local midnight on 1970-01-01 in Kathmandu (UTC+05:45).
            (UNIX_EPOCH - Duration::from_secs(20_700), -20_700_000),
        ];
        for (time, millis) in cases {
            assert_eq!(Timestamp::from_system(time), Timestamp(millis));
        }
        let _ = SystemClock.now();
    }

    #[test]
    fn study_days_before_1970_east_of_utc() {
        // Local midnight 1970-01-01 at UTC+05:45, with the day starting at midnight.
        let at = Timestamp(-20_700_000);
        let days = Days {
            offset_secs: 20_700,
            rollover_hour: 0,
        };
        assert_eq!(days.day_of(at), 0);
        assert_eq!(days.start_of(0), at);
        assert_eq!(Days::date_of(days.day_of(at.plus_secs(-1))), "1969-12-31");
        assert_eq!(
            days.day_of(Timestamp(i64::MIN)),
            i64::MIN / 1000 / DAY_SECS - 1
        );
        let _ = days.start_of(i64::MIN);
        let _ = days.start_of(i64::MAX);
        assert_eq!(
            Timestamp(i64::MAX).days_since(Timestamp(i64::MIN)),
            u32::MAX
        );
    }

    #[test]
    fn a_clock_before_2024_is_called_wrong() {
        let warning = clock_warning(Timestamp(-60_000)).unwrap_or_default();
        assert!(warning.contains("says 1969-12-31 (UTC)"), "{warning}");
        assert!(clock_warning(Timestamp(0)).is_some());
        assert!(clock_warning(EARLIEST_PLAUSIBLE).is_none());
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let clock = FixedClock::new(Timestamp(1000), 0);
        assert_eq!(clock.now(), Timestamp(1000));
        clock.advance_secs(60);
        assert_eq!(clock.now(), Timestamp(61_000));
        assert_eq!(Timestamp(86_400_000 * 3 + 5).days_since(Timestamp(0)), 3);
    }
}
