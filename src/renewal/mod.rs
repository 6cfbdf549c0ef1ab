//! When to renew: one pure function, [`decide`], over the current certificate, the lineage's
//! policy, the CA's renewal information (ARI, RFC 9773) and the failure ledger. It reads no
//! clock, file or network: `now` and the random pick inside an ARI window arrive as arguments,
//! so `certkeep renew`, `status` and the daemon act on exactly the same decision.
//!
//! Must not import anything but `domain`, `clock` and `error`.

use std::fmt::Write as _;

use serde::Serialize;
use time::{Duration, OffsetDateTime};

pub use crate::domain::{AriState, FailureLedger, LineageState, backoff_after};

/// What to do about one certificate now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Renew at once.
    RenewNow {
        /// Why, for the user.
        reason: String,
    },
    /// Nothing to do until `until`.
    NotDue {
        /// When renewal becomes due.
        #[serde(with = "time::serde::rfc3339")]
        until: OffsetDateTime,
        /// How that time was chosen.
        reason: String,
    },
    /// A recent failure (or the CA's Retry-After) says wait until `until`.
    BackingOff {
        /// The earliest next attempt.
        #[serde(with = "time::serde::rfc3339")]
        until: OffsetDateTime,
        /// Why.
        reason: String,
    },
}

impl Decision {
    /// True for [`Decision::RenewNow`].
    pub fn is_due(&self) -> bool {
        matches!(self, Decision::RenewNow { .. })
    }

    /// When to look again (`None`: now).
    pub fn next_time(&self) -> Option<OffsetDateTime> {
        match self {
            Decision::RenewNow { .. } => None,
            Decision::NotDue { until, .. } | Decision::BackingOff { until, .. } => Some(*until),
        }
    }
}

/// A lineage's renewal settings (saved in its spec).
pub type Policy = crate::domain::RenewalPolicy;

/// The validity of the current certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// Start.
    pub not_before: OffsetDateTime,
    /// End.
    pub not_after: OffsetDateTime,
}

/// The renewal time by the lifetime rule: when a third of the lifetime remains, or half of it
/// for certificates valid under ten days (RFC 9773's guidance, Boulder's window centre).
pub fn lifetime_due(validity: Validity) -> OffsetDateTime {
    let lifetime = validity.not_after - validity.not_before;
    let remaining = if lifetime < Duration::days(10) {
        lifetime / 2
    } else {
        lifetime / 3
    };
    let due: OffsetDateTime = validity.not_after - remaining;
    due.replace_nanosecond(0).unwrap_or(due)
}

/// A moment inside `[start, end]` picked by `random` (uniform for a uniform `random`), to spread
/// renewals over the CA's window as RFC 9773 §4.2 asks. An inverted window yields `start`.
pub fn pick_in_window(start: OffsetDateTime, end: OffsetDateTime, random: u64) -> OffsetDateTime {
    let span = (end - start).whole_seconds();
    if span <= 0 {
        return start;
    }
    let offset = random % u64::try_from(span).unwrap_or(1).max(1);
    start + Duration::seconds(i64::try_from(offset).unwrap_or(0))
}

/// Decides what to do about one certificate. `current` is `None` when nothing was issued yet.
pub fn decide(
    now: OffsetDateTime,
    current: Option<Validity>,
    policy: Policy,
    ari: Option<&AriState>,
    failures: &FailureLedger,
) -> Decision {
    if let Some(until) = failures.not_before().filter(|until| now < *until) {
        {
            let reason = match failures.retry_after {
                Some(at) if at >= until => "the CA asked to wait (Retry-After)".to_owned(),
                _ => format!("{} failed attempt(s); backing off", failures.count),
            };
            return Decision::BackingOff { until, reason };
        }
    }
    let Some(validity) = current else {
        return Decision::RenewNow {
            reason: "no certificate has been issued yet".into(),
        };
    };
    if now >= validity.not_after {
        return Decision::RenewNow {
            reason: "the certificate has expired".into(),
        };
    }
    let (due, reason) = if let Some(before) = policy.renew_before_secs {
        let before = Duration::seconds(i64::try_from(before).unwrap_or(i64::MAX / 2));
        (
            validity.not_after - before,
            "renew_before in the spec".to_owned(),
        )
    } else if let Some(chosen) = ari.and_then(AriState::usable_choice) {
        let mut reason = "inside the CA's suggested window (ARI)".to_owned();
        if let Some(url) = ari.and_then(|a| a.explanation_url.as_deref()) {
            let _ = write!(reason, "; the CA explains: {url}");
        }
        (chosen, reason)
    } else {
        (
            lifetime_due(validity),
            "a third of the lifetime left (half under 10 days)".to_owned(),
        )
    };
    if now >= due {
        Decision::RenewNow {
            reason: format!("due since {} ({reason})", crate::clock::rfc3339(due)),
        }
    } else {
        Decision::NotDue { until: due, reason }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NB: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);
    const NA: OffsetDateTime = datetime!(2026-04-01 00:00 UTC); // 90 days

    #[allow(
        clippy::unnecessary_wraps,
        reason = "table rows take the Option directly"
    )]
    fn validity() -> Option<Validity> {
        Some(Validity {
            not_before: NB,
            not_after: NA,
        })
    }

    fn ari(start: OffsetDateTime, end: OffsetDateTime, chosen: OffsetDateTime) -> AriState {
        AriState {
            window_start: start,
            window_end: end,
            chosen,
            explanation_url: None,
            next_fetch: start,
        }
    }

    /// name, now, cert, policy, ARI, failures, expected next time (`None`: due), backing off
    type Row<'a> = (
        &'a str,
        OffsetDateTime,
        Option<Validity>,
        Policy,
        Option<&'a AriState>,
        &'a FailureLedger,
        Option<OffsetDateTime>,
        bool,
    );

    #[test]
    fn decisions_table() {
        let none = FailureLedger::default();
        let two_failures = FailureLedger {
            count: 2,
            last_failure: Some(datetime!(2026-03-10 12:00 UTC)),
            ..Default::default()
        };
        let retry_after = FailureLedger {
            count: 1,
            last_failure: Some(datetime!(2026-03-10 12:00 UTC)),
            retry_after: Some(datetime!(2026-03-11 00:00 UTC)),
            ..Default::default()
        };
        let early_window = ari(
            datetime!(2026-02-01 00:00 UTC),
            datetime!(2026-02-02 00:00 UTC),
            datetime!(2026-02-01 06:00 UTC),
        );
        let past_window = ari(
            datetime!(2025-12-01 00:00 UTC),
            datetime!(2025-12-01 01:00 UTC),
            datetime!(2025-12-01 00:30 UTC),
        );
        let inverted = ari(
            datetime!(2026-02-02 00:00 UTC),
            datetime!(2026-02-01 00:00 UTC),
            datetime!(2026-02-01 12:00 UTC),
        );
        let week = Policy {
            renew_before_secs: Some(7 * 86_400),
        };
        #[rustfmt::skip]
        let table: Vec<Row<'_>> = vec![
            // name, now, cert, policy, ari, failures, expected next time (None: due), backing off
            ("never issued", datetime!(2026-03-01 00:00 UTC), None, Policy::default(), None, &none, None, false),
            ("fresh: due at 2/3 of the lifetime", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), None, &none, Some(datetime!(2026-03-02 00:00 UTC)), false),
            ("at 2/3: due", datetime!(2026-03-02 00:00 UTC), validity(), Policy::default(), None, &none, None, false),
            ("expired: due", datetime!(2026-05-01 00:00 UTC), validity(), Policy::default(), None, &none, None, false),
            ("ARI window chosen time wins", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), Some(&early_window), &none, Some(datetime!(2026-02-01 06:00 UTC)), false),
            ("ARI window in the past: now", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), Some(&past_window), &none, None, false),
            ("ARI end before start: ignored", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), Some(&inverted), &none, Some(datetime!(2026-03-02 00:00 UTC)), false),
            ("renew_before overrides ARI", datetime!(2026-01-10 00:00 UTC), validity(), week, Some(&early_window), &none, Some(datetime!(2026-03-25 00:00 UTC)), false),
            ("two failures: 10 min backoff", datetime!(2026-03-10 12:05 UTC), validity(), Policy::default(), None, &two_failures, Some(datetime!(2026-03-10 12:10 UTC)), true),
            ("backoff over: due again", datetime!(2026-03-10 12:11 UTC), validity(), Policy::default(), None, &two_failures, None, false),
            ("Retry-After beyond backoff", datetime!(2026-03-10 12:05 UTC), validity(), Policy::default(), None, &retry_after, Some(datetime!(2026-03-11 00:00 UTC)), true),
        ];
        for (name, now, current, policy, ari, failures, want, backing_off) in table {
            let got = decide(now, current, policy, ari, failures);
            assert_eq!(got.next_time(), want, "{name}: {got:?}");
            assert_eq!(
                matches!(got, Decision::BackingOff { .. }),
                backing_off,
                "{name}: {got:?}"
            );
        }
    }

    #[test]
    fn picks_stay_inside_the_window() {
        let start = datetime!(2026-02-01 00:00 UTC);
        let end = datetime!(2026-02-02 00:00 UTC);
        for random in [0, 1, 86_399, 86_400, u64::MAX] {
            let at = pick_in_window(start, end, random);
            assert!(at >= start && at < end, "{random}: {at}");
        }
        assert_eq!(pick_in_window(end, start, 7), end);
    }

    #[test]
    fn short_lived_certificates_renew_at_half() {
        let nb = datetime!(2026-01-01 00:00 UTC);
        let v = Validity {
            not_before: nb,
            not_after: nb + Duration::hours(160),
        };
        assert_eq!(lifetime_due(v), nb + Duration::hours(80));
    }

    #[test]
    fn backoff_follows_1m_10m_100m_then_daily() {
        let want = [60, 600, 6000, 86_400, 86_400];
        for (count, secs) in (1..=5).zip(want) {
            assert_eq!(backoff_after(count), Duration::seconds(secs), "{count}");
        }
    }
}
