//! Time as a dependency: the [`Clock`] trait, the [`SystemClock`] the binary uses, and a
//! [`FixedClock`] for tests. This is the only module that reads the wall clock.

use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

/// A source of "now".
pub trait Clock: Send + Sync {
    /// The current time in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "the one place that reads the wall clock"
    )]
    fn now(&self) -> OffsetDateTime {
        // Whole seconds: every time certkeep writes or shows is at second precision.
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(0).unwrap_or(now)
    }
}

/// A clock that stands still until a test moves it.
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    /// A clock fixed at `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Formats a time as RFC 3339 UTC, the one format certkeep shows and writes.
pub fn rfc3339(at: OffsetDateTime) -> String {
    // A time whose UTC form is out of range (year 9999 at -23:59) keeps its own offset.
    at.checked_to_offset(time::UtcOffset::UTC)
        .unwrap_or(at)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let start = time::macros::datetime!(2026-11-26 08:00 UTC);
        let clock = FixedClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::hours(3));
        assert_eq!(rfc3339(clock.now()), "2026-11-26T11:00:00Z");
    }
}
