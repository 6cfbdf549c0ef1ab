//! When to renew: one pure function, [`decide`], over the current certificate, the lineage's
//! policy, the CA's renewal information (ARI, RFC 9773), the failure ledger, the revocation of
//! the current certificate, `--force` and an interrupted order. It reads no clock, file or
//! network: `now` and the random pick inside an ARI window arrive as arguments, so
//! `certkeep renew`, `status`, `obtain` and the daemon act on exactly the same decision.
//!
//! [`decide`] is total: every input comes from files a user may edit, so every time computation
//! is checked or saturating (a property test runs it over the whole range of `OffsetDateTime`).
//! It never makes a certificate due again by policy right after it was issued: a margin
//! (`renew_before`) that would renew within the first third of the certificate's service time
//! falls back to the lifetime rule, which [`policy_warning`] explains.
//!
//! When to ask the CA for renewal information again is the same kind of pure answer, in
//! [`ari`]: `ops` only fetches and saves what it says.
//!
//! Must not import anything but `domain`, `clock` and `error`.

use std::fmt::Write as _;

use serde::Serialize;
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

pub mod ari;

pub use crate::domain::{
    AriState, FailureLedger, LineageState, Revocation, RevocationReason, backoff_after,
};

/// The latest representable time: when a retired certificate is looked at again (never).
pub const NEVER: OffsetDateTime = PrimitiveDateTime::MAX.assume_utc();

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
    /// Revoked as `cessationOfOperation`: left alone until renewed with `--force`.
    Retired {
        /// When it was revoked.
        #[serde(with = "time::serde::rfc3339")]
        since: OffsetDateTime,
        /// Why, for the user.
        reason: String,
    },
}

impl Decision {
    /// True for [`Decision::RenewNow`].
    pub fn is_due(&self) -> bool {
        matches!(self, Decision::RenewNow { .. })
    }

    /// When to look again (`None`: now; a retired certificate: [`NEVER`]).
    pub fn next_time(&self) -> Option<OffsetDateTime> {
        match self {
            Decision::RenewNow { .. } => None,
            Decision::NotDue { until, .. } | Decision::BackingOff { until, .. } => Some(*until),
            Decision::Retired { .. } => Some(NEVER),
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
    /// When certkeep stored it (a CA may backdate `not_before`).
    pub issued_at: OffsetDateTime,
}

/// Everything [`decide`] looks at.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// Now.
    pub now: OffsetDateTime,
    /// The current certificate (`None`: nothing issued yet).
    pub current: Option<Validity>,
    /// The spec's renewal settings.
    pub policy: Policy,
    /// The CA's renewal information for the current certificate.
    pub ari: Option<&'a AriState>,
    /// Failures since the last success.
    pub failures: &'a FailureLedger,
    /// The revocation of the current certificate, if it was revoked.
    pub revocation: Option<&'a Revocation>,
    /// `--force`: renew whatever the rest says (a retired certificate too).
    pub force: bool,
    /// An earlier run left an order in the journal to pick up.
    pub interrupted: bool,
}

/// The renewal time by the lifetime rule: when a third of the lifetime remains, or half of it
/// for certificates valid under ten days (RFC 9773's guidance, Boulder's window centre); never
/// earlier than [`earliest_by_policy`].
pub fn lifetime_due(validity: Validity) -> OffsetDateTime {
    let lifetime = validity.not_after - validity.not_before;
    let remaining = if lifetime < Duration::days(10) {
        lifetime / 2
    } else {
        lifetime / 3
    };
    let due = validity
        .not_after
        .checked_sub(remaining)
        .unwrap_or(validity.not_after)
        .max(earliest_by_policy(validity));
    due.replace_nanosecond(0).unwrap_or(due)
}

/// The earliest moment policy may make a certificate due: a third into its service time (from
/// the later of `not_before` and its issuance to its expiry). Keeps a just-issued certificate
/// from being due again, whatever the margin or a CA's backdating.
pub fn earliest_by_policy(validity: Validity) -> OffsetDateTime {
    // An issuance time at or after expiry (a damaged meta.json, a clock that was years off)
    // would push renewal past expiry: only one inside the lifetime counts.
    let issued = Some(validity.issued_at).filter(|at| *at < validity.not_after);
    let start = issued.map_or(validity.not_before, |at| validity.not_before.max(at));
    let service = validity.not_after - start;
    if service <= Duration::ZERO {
        return start;
    }
    start.checked_add(service / 3).unwrap_or(start)
}

/// Why a spec's `renew_before` is not used for a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarginProblem {
    /// The margin is at least the certificate's whole lifetime.
    NotShorterThanLifetime,
    /// The margin would renew within the first third of the certificate's service time.
    TooEarly,
    /// A zero margin would renew only once the certificate has expired.
    Zero,
}

/// The renewal time `renew_before_secs` gives for `validity`, or why it does not apply.
pub fn margin_due(
    validity: Validity,
    renew_before_secs: u64,
) -> Result<OffsetDateTime, MarginProblem> {
    if renew_before_secs == 0 {
        return Err(MarginProblem::Zero);
    }
    let margin = Duration::seconds(i64::try_from(renew_before_secs).unwrap_or(i64::MAX));
    let lifetime = validity.not_after - validity.not_before;
    if margin >= lifetime {
        return Err(MarginProblem::NotShorterThanLifetime);
    }
    let due = validity
        .not_after
        .checked_sub(margin)
        .ok_or(MarginProblem::NotShorterThanLifetime)?;
    if due < earliest_by_policy(validity) {
        return Err(MarginProblem::TooEarly);
    }
    Ok(due)
}

/// Seconds as `30d`, `12h`, `1h59m59s` (the units that are not zero).
fn span(secs: u64) -> String {
    let parts = [
        (secs / 86_400, "d"),
        (secs % 86_400 / 3600, "h"),
        (secs % 3600 / 60, "m"),
        (secs % 60, "s"),
    ];
    let mut out = String::new();
    for (count, unit) in parts.iter().filter(|(count, _)| *count > 0) {
        let _ = write!(out, "{count}{unit}");
    }
    if out.is_empty() { "0s".to_owned() } else { out }
}

/// Explains why a spec's `renew_before` is not used for the current certificate, if it is not
/// (shown by `status` and `obtain`).
pub fn policy_warning(current: Option<Validity>, policy: Policy) -> Option<String> {
    let (validity, before) = (current?, policy.renew_before_secs?);
    let lifetime =
        u64::try_from((validity.not_after - validity.not_before).whole_seconds()).unwrap_or(0);
    let why = match margin_due(validity, before).err()? {
        MarginProblem::NotShorterThanLifetime => "is not shorter than",
        MarginProblem::TooEarly => "would renew in the first third of",
        MarginProblem::Zero => "would renew only at the end of",
    };
    Some(format!(
        "renew_before ({}) {why} the certificate's lifetime ({}); it is ignored and the certificate renews by the CA's window or the lifetime rule",
        span(before),
        span(lifetime)
    ))
}

/// A moment inside `[start, end]` picked by `random` (uniform for a uniform `random`), to spread
/// renewals over the CA's window as RFC 9773 §4.2 asks. An inverted window yields `start`.
pub fn pick_in_window(start: OffsetDateTime, end: OffsetDateTime, random: u64) -> OffsetDateTime {
    let span = (end - start).whole_seconds();
    let Ok(span) = u64::try_from(span) else {
        return start;
    };
    if span == 0 {
        return start;
    }
    let offset = i64::try_from(random % span).unwrap_or(0);
    start
        .checked_add(Duration::seconds(offset))
        .unwrap_or(start)
}

/// Decides what to do about one certificate.
pub fn decide(inputs: &Inputs<'_>) -> Decision {
    let Inputs {
        now,
        current,
        policy,
        ari,
        failures,
        revocation,
        force,
        interrupted,
    } = *inputs;
    if let Some(revoked) = revocation.filter(|r| r.retires())
        && !force
    {
        return Decision::Retired {
            since: revoked.revoked_at,
            reason: "revoked as cessationOfOperation: retired; 'certkeep renew NAME --force' renews it again".into(),
        };
    }
    if force {
        return Decision::RenewNow {
            reason: "--force".into(),
        };
    }
    if let Some(until) = failures.not_before(now).filter(|until| now < *until) {
        let reason = match failures.retry_after {
            Some(at) if at >= until => "the CA asked to wait (Retry-After)".to_owned(),
            _ => format!("{} failed attempt(s); backing off", failures.count),
        };
        return Decision::BackingOff { until, reason };
    }
    if let Some(revoked) = revocation {
        let reason = revoked.reason.map_or("", RevocationReason::as_str);
        return Decision::RenewNow {
            reason: format!(
                "revoked at {}{}{reason}; replacing it with a certificate on a new key",
                crate::clock::rfc3339(revoked.revoked_at),
                if reason.is_empty() { "" } else { " as " },
            ),
        };
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
    if interrupted {
        return Decision::RenewNow {
            reason: "an earlier run was interrupted; resuming its order".into(),
        };
    }
    let by_margin = policy
        .renew_before_secs
        .and_then(|before| margin_due(validity, before).ok());
    let (due, reason) = if let Some(due) = by_margin {
        (due, "renew_before in the spec".to_owned())
    } else if let Some(chosen) = ari
        .and_then(AriState::usable_choice)
        // A moment at or after expiry (a damaged state.json) would let the certificate lapse.
        .filter(|chosen| *chosen < validity.not_after)
    {
        let mut reason = "inside the CA's suggested window (ARI)".to_owned();
        if let Some(url) = ari.and_then(|a| a.explanation_url.as_deref()) {
            let _ = write!(reason, "; the CA explains: {url}");
        }
        (chosen, reason)
    } else {
        let mut reason = "a third of the lifetime left (half under 10 days)".to_owned();
        if policy.renew_before_secs.is_some() {
            reason.push_str("; renew_before does not fit this certificate");
        }
        (lifetime_due(validity), reason)
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
mod totality;

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NB: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);
    const NA: OffsetDateTime = datetime!(2026-04-01 00:00 UTC); // 90 days

    #[expect(
        clippy::unnecessary_wraps,
        reason = "table rows take the Option directly"
    )]
    fn validity() -> Option<Validity> {
        Some(Validity {
            not_before: NB,
            not_after: NA,
            issued_at: NB,
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

    fn revoked(reason: Option<RevocationReason>) -> Revocation {
        Revocation {
            serial: "01".into(),
            reason,
            revoked_at: datetime!(2026-01-05 00:00 UTC),
        }
    }

    /// name, now, cert, policy, ARI, failures, revocation, force, expected next time (`None`:
    /// due), kind of decision
    type Row<'a> = (
        &'a str,
        OffsetDateTime,
        Option<Validity>,
        Policy,
        Option<&'a AriState>,
        &'a FailureLedger,
        Option<&'a Revocation>,
        bool,
        Option<OffsetDateTime>,
        &'a str,
    );

    fn kind(decision: &Decision) -> &'static str {
        match decision {
            Decision::RenewNow { .. } => "due",
            Decision::NotDue { .. } => "not due",
            Decision::BackingOff { .. } => "backing off",
            Decision::Retired { .. } => "retired",
        }
    }

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
        let failed_in_9999 = FailureLedger {
            count: 1,
            last_failure: Some(datetime!(9999-12-31 23:59 UTC)),
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
        let margin = |secs| Policy {
            renew_before_secs: Some(secs),
        };
        let week = margin(7 * 86_400);
        let (unspecified, retired) = (
            revoked(Some(RevocationReason::KeyCompromise)),
            revoked(Some(RevocationReason::CessationOfOperation)),
        );
        let lifetime_due = Some(datetime!(2026-03-02 00:00 UTC));
        #[rustfmt::skip]
        let table: Vec<Row<'_>> = vec![
            // name, now, cert, policy, ari, failures, revocation, force, next time, kind
            ("never issued", datetime!(2026-03-01 00:00 UTC), None, Policy::default(), None, &none, None, false, None, "due"),
            ("fresh: due at 2/3 of the lifetime", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), None, &none, None, false, lifetime_due, "not due"),
            ("at 2/3: due", datetime!(2026-03-02 00:00 UTC), validity(), Policy::default(), None, &none, None, false, None, "due"),
            ("expired: due", datetime!(2026-05-01 00:00 UTC), validity(), Policy::default(), None, &none, None, false, None, "due"),
            ("ARI window chosen time wins", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), Some(&early_window), &none, None, false, Some(datetime!(2026-02-01 06:00 UTC)), "not due"),
            ("ARI window in the past: now", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), Some(&past_window), &none, None, false, None, "due"),
            ("ARI end before start: ignored", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), Some(&inverted), &none, None, false, lifetime_due, "not due"),
            ("renew_before overrides ARI", datetime!(2026-01-10 00:00 UTC), validity(), week, Some(&early_window), &none, None, false, Some(datetime!(2026-03-25 00:00 UTC)), "not due"),
            ("renew_before of 60 of 90 days: due at day 30", datetime!(2026-01-02 00:00 UTC), validity(), margin(60 * 86_400), None, &none, None, false, Some(datetime!(2026-01-31 00:00 UTC)), "not due"),
            ("renew_before longer than the lifetime: lifetime rule", datetime!(2026-01-01 00:01 UTC), validity(), margin(432_000_000_000), None, &none, None, false, lifetime_due, "not due"),
            ("renew_before u64::MAX: lifetime rule", datetime!(2026-01-01 00:01 UTC), validity(), margin(u64::MAX), None, &none, None, false, lifetime_due, "not due"),
            ("renew_before just under the lifetime: not due right after issuance", datetime!(2026-01-01 00:01 UTC), validity(), margin(90 * 86_400 - 1), None, &none, None, false, lifetime_due, "not due"),
            ("renew_before too long: ARI still applies", datetime!(2026-01-10 00:00 UTC), validity(), margin(u64::MAX), Some(&early_window), &none, None, false, Some(datetime!(2026-02-01 06:00 UTC)), "not due"),
            ("two failures: 10 min backoff", datetime!(2026-03-10 12:05 UTC), validity(), Policy::default(), None, &two_failures, None, false, Some(datetime!(2026-03-10 12:10 UTC)), "backing off"),
            ("backoff over: due again", datetime!(2026-03-10 12:11 UTC), validity(), Policy::default(), None, &two_failures, None, false, None, "due"),
            ("Retry-After beyond backoff", datetime!(2026-03-10 12:05 UTC), validity(), Policy::default(), None, &retry_after, None, false, Some(datetime!(2026-03-11 00:00 UTC)), "backing off"),
            ("failure dated 9999: ignored", datetime!(2026-03-10 12:05 UTC), validity(), Policy::default(), None, &failed_in_9999, None, false, None, "due"),
            ("revoked: replaced at once", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), None, &none, Some(&unspecified), false, None, "due"),
            ("revoked but backing off: waits", datetime!(2026-03-10 12:05 UTC), validity(), Policy::default(), None, &two_failures, Some(&unspecified), false, Some(datetime!(2026-03-10 12:10 UTC)), "backing off"),
            ("retired: left alone, even expired", datetime!(2026-05-01 00:00 UTC), validity(), Policy::default(), None, &none, Some(&retired), false, Some(NEVER), "retired"),
            ("retired with --force: due", datetime!(2026-01-10 00:00 UTC), validity(), Policy::default(), None, &none, Some(&retired), true, None, "due"),
            ("--force beats backoff", datetime!(2026-03-10 12:05 UTC), validity(), Policy::default(), None, &two_failures, None, true, None, "due"),
        ];
        for (name, now, current, policy, ari, failures, revocation, force, want, want_kind) in table
        {
            let got = decide(&Inputs {
                now,
                current,
                policy,
                ari,
                failures,
                revocation,
                force,
                interrupted: false,
            });
            assert_eq!(got.next_time(), want, "{name}: {got:?}");
            assert_eq!(kind(&got), want_kind, "{name}: {got:?}");
        }
    }

    #[test]
    fn a_margin_that_does_not_fit_is_explained() {
        let warning = policy_warning(
            validity(),
            Policy {
                renew_before_secs: Some(432_000_000_000),
            },
        )
        .unwrap();
        assert!(
            warning.starts_with(
                "renew_before (5000000d) is not shorter than the certificate's lifetime (90d)"
            ),
            "{warning}"
        );
        let week = Policy {
            renew_before_secs: Some(7 * 86_400),
        };
        assert_eq!(policy_warning(validity(), week), None);
        assert_eq!(policy_warning(None, week), None);
    }

    #[test]
    fn spans_read_like_the_flags() {
        assert_eq!(span(0), "0s");
        assert_eq!(span(7199), "1h59m59s");
        assert_eq!(span(30 * 86_400), "30d");
        assert_eq!(span(u64::MAX), "213503982334601d7h15s");
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
            issued_at: nb,
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
