//! Property tests: [`decide`](super::decide) and the ledger are total over the whole range of
//! `OffsetDateTime`, durations and counts, and no margin makes a just-issued certificate due.

use proptest::prelude::*;
use time::macros::datetime;
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::*;

const NB: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

fn ari(start: OffsetDateTime, end: OffsetDateTime, chosen: OffsetDateTime) -> AriState {
    AriState {
        window_start: start,
        window_end: end,
        chosen,
        explanation_url: None,
        next_fetch: start,
    }
}

/// Any `OffsetDateTime` time can represent: every date and time of day, every offset.
fn any_time() -> impl Strategy<Value = OffsetDateTime> {
    let days = Date::MIN.to_julian_day()..=Date::MAX.to_julian_day();
    (days, 0..86_400u32, 0..1_000_000_000u32, -86_399..=86_399i32).prop_map(
        |(day, secs, nanos, offset)| {
            let date = Date::from_julian_day(day).unwrap();
            let time = Time::MIDNIGHT + Duration::new(i64::from(secs), 0);
            let time = time.replace_nanosecond(nanos).unwrap();
            let offset = UtcOffset::from_whole_seconds(offset).unwrap();
            PrimitiveDateTime::new(date, time).assume_offset(offset)
        },
    )
}

/// Mostly extreme, sometimes ordinary times.
fn time_value() -> impl Strategy<Value = OffsetDateTime> {
    prop_oneof![
        any_time(),
        Just(NEVER),
        Just(PrimitiveDateTime::MIN.assume_utc()),
        Just(PrimitiveDateTime::MAX.assume_offset(UtcOffset::from_whole_seconds(-86_399).unwrap())),
        Just(PrimitiveDateTime::MIN.assume_offset(UtcOffset::from_whole_seconds(86_399).unwrap())),
        (-10_000_000_000i64..10_000_000_000).prop_map(|s| NB + Duration::seconds(s)),
    ]
}

fn ledger() -> impl Strategy<Value = FailureLedger> {
    (
        any::<u32>(),
        proptest::option::of(time_value()),
        proptest::option::of(time_value()),
    )
        .prop_map(|(count, last_failure, retry_after)| FailureLedger {
            count,
            last_failure,
            last_error: None,
            retry_after,
        })
}

fn ari_state() -> impl Strategy<Value = AriState> {
    (time_value(), time_value(), time_value()).prop_map(|(a, b, c)| ari(a, b, c))
}

fn revocation() -> impl Strategy<Value = Revocation> {
    (
        time_value(),
        proptest::option::of(prop_oneof![
            Just(RevocationReason::Unspecified),
            Just(RevocationReason::KeyCompromise),
            Just(RevocationReason::Superseded),
            Just(RevocationReason::CessationOfOperation),
        ]),
    )
        .prop_map(|(revoked_at, reason)| Revocation {
            serial: "01".into(),
            reason,
            revoked_at,
        })
}

fn validity_value() -> impl Strategy<Value = Validity> {
    (time_value(), time_value(), time_value()).prop_map(|(not_before, not_after, issued_at)| {
        Validity {
            not_before,
            not_after,
            issued_at,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// `decide` and everything it uses is total, and never asks for a wait in the past.
    #[test]
    fn decide_is_total(
        now in time_value(),
        current in proptest::option::of(validity_value()),
        renew_before_secs in proptest::option::of(prop_oneof![any::<u64>(), 0..100_000_000u64]),
        ari in proptest::option::of(ari_state()),
        failures in ledger(),
        revocation in proptest::option::of(revocation()),
        force in any::<bool>(),
        interrupted in any::<bool>(),
        random in any::<u64>(),
    ) {
        let policy = Policy { renew_before_secs };
        let decision = decide(&Inputs {
            now,
            current,
            policy,
            ari: ari.as_ref(),
            failures: &failures,
            revocation: revocation.as_ref(),
            force,
            interrupted,
        });
        if let Decision::NotDue { until, .. } | Decision::BackingOff { until, .. } = decision {
            prop_assert!(until > now);
        }
        let _ = policy_warning(current, policy);
        let _ = failures.not_before(now);
        if let Some(window) = &ari {
            let picked = pick_in_window(window.window_start, window.window_end, random);
            prop_assert!(picked >= window.window_start);
        }
        if let Some(validity) = current {
            let _ = lifetime_due(validity);
            let _ = earliest_by_policy(validity);
            let _ = margin_due(validity, renew_before_secs.unwrap_or(0));
        }
        let mut ledger = failures.clone();
        ledger.fail(now, String::new(), ledger.retry_after);
        prop_assert!(ledger.count >= failures.count);
    }

    /// Early in its service time (the first third from issuance) no margin makes a
    /// certificate due: only the CA (ARI), a revocation, expiry or `--force` can.
    #[test]
    fn a_just_issued_certificate_is_not_due_by_policy(
        issued in (-1_000_000_000i64..1_000_000_000).prop_map(|s| NB + Duration::seconds(s)),
        service_secs in 60i64..(20 * 365 * 86_400),
        backdated_secs in 0i64..7200,
        elapsed_permille in 0i64..1000,
        renew_before_secs in proptest::option::of(any::<u64>()),
    ) {
        let validity = Validity {
            not_before: issued - Duration::seconds(backdated_secs),
            not_after: issued + Duration::seconds(service_secs),
            issued_at: issued,
        };
        let elapsed = Duration::seconds((service_secs / 3 - 1) * elapsed_permille / 1000);
        let decision = decide(&Inputs {
            now: issued + elapsed,
            current: Some(validity),
            policy: Policy { renew_before_secs },
            ari: None,
            failures: &FailureLedger::default(),
            revocation: None,
            force: false,
            interrupted: false,
        });
        prop_assert!(!decision.is_due(), "{decision:?}");
    }
}
