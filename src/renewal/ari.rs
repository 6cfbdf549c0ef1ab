//! When to ask a CA for a lineage's renewal information (RFC 9773) again, and what to keep from
//! its answer: the pure half of the ARI refresh, so the schedule is table-tested like
//! [`decide`](super::decide). `ops` fetches and saves; this module says when and what.
//!
//! The schedule: the CA's Retry-After, clamped to [1 min, 12 h] (RFC 9773 §4.3.2 allows a day;
//! certkeep asks at least twice a day); a CA without ARI is asked again after 12 hours; an
//! unusable window (end not after start) after 6; a failed fetch, or a CA skipped for the rest
//! of a run because it missed its deadline, after an hour, keeping the last window. A moment
//! picked inside a window is kept while the window stays the same, so runs agree.

use std::time::Duration as StdDuration;

use time::{Duration, OffsetDateTime};

use super::{AriState, LineageState, pick_in_window};

/// The shortest wait before asking again (RFC 9773 §4.3.2).
pub const MIN_REFRESH: StdDuration = StdDuration::from_secs(60);
/// The longest: RFC 9773 allows a day, certkeep asks at least twice a day.
pub const MAX_REFRESH: StdDuration = StdDuration::from_secs(12 * 60 * 60);
/// A CA that offers no renewal information is asked again after this.
pub const NO_ARI_RECHECK: Duration = Duration::hours(12);
/// A fetch that failed (or was skipped) is tried again after this.
pub const FAILED_FETCH_RECHECK: Duration = Duration::hours(1);
/// A window whose end is not after its start is asked for again after this.
pub const UNUSABLE_WINDOW_RECHECK: Duration = Duration::hours(6);

/// What asking the CA brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AriAnswer {
    /// A suggested window.
    Window {
        /// Start.
        start: OffsetDateTime,
        /// End.
        end: OffsetDateTime,
        /// The CA's explanation page, if any.
        explanation_url: Option<String>,
        /// The CA's Retry-After, as it said it (clamped here).
        refresh_after: StdDuration,
        /// A random number to pick the moment with (`None`: the OS random source failed).
        random: Option<u64>,
    },
    /// The CA offers no renewal information (or the certificate cannot be named to it).
    NotOffered,
    /// Asking failed, or was not tried because the CA missed its deadline in this run: why.
    Failed(String),
}

/// What to store after an [`AriAnswer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AriUpdate {
    /// The renewal information to keep.
    pub ari: Option<AriState>,
    /// When to ask again.
    pub next_fetch: OffsetDateTime,
    /// Why the information is not fresh, for `status` (`None`: it is).
    pub problem: Option<String>,
}

impl AriUpdate {
    /// Writes the update into a lineage's state.
    pub fn apply(self, state: &mut LineageState) {
        state.ari = self.ari;
        state.ari_next_fetch = Some(self.next_fetch);
        state.ari_problem = self.problem;
    }
}

/// True when the lineage's renewal information should be fetched at `now`.
pub fn fetch_due(state: &LineageState, now: OffsetDateTime) -> bool {
    state.ari_next_fetch.is_none_or(|at| at <= now)
}

/// `now + wait`, saturating at the end of time (a clock there must not panic).
fn after(now: OffsetDateTime, wait: Duration) -> OffsetDateTime {
    now.checked_add(wait).unwrap_or(super::NEVER)
}

/// The longest explanation URL kept (a longer one is dropped) and the longest problem kept (a
/// longer one is cut): what the CA sends is saved for every certificate at every refresh, and
/// must not grow the store's renewal cache without bound.
const MAX_EXPLANATION_URL: usize = 2048;
const MAX_PROBLEM: usize = 1024;

/// `problem`, cut to at most [`MAX_PROBLEM`] bytes on a character boundary.
fn bounded_problem(mut problem: String) -> String {
    if problem.len() > MAX_PROBLEM {
        let mut end = MAX_PROBLEM - '…'.len_utf8();
        while !problem.is_char_boundary(end) {
            end -= 1;
        }
        problem.truncate(end);
        problem.push('…');
    }
    problem
}

/// What to keep from `answer`, given the renewal information kept so far (`old`).
pub fn after_fetch(old: Option<&AriState>, answer: AriAnswer, now: OffsetDateTime) -> AriUpdate {
    let keep_old = |problem: String| AriUpdate {
        ari: old.cloned(),
        next_fetch: after(now, FAILED_FETCH_RECHECK),
        problem: Some(bounded_problem(problem)),
    };
    match answer {
        AriAnswer::Window { start, end, .. } if end <= start => AriUpdate {
            ari: None,
            next_fetch: after(now, UNUSABLE_WINDOW_RECHECK),
            problem: None,
        },
        AriAnswer::Window {
            start,
            end,
            explanation_url,
            refresh_after,
            random,
        } => {
            let same_window = old.filter(|old| old.window_start == start && old.window_end == end);
            let chosen = match (same_window, random) {
                (Some(old), _) => old.chosen,
                (None, Some(random)) => pick_in_window(start, end, random),
                (None, None) => {
                    return keep_old(
                        "could not pick a moment in the CA's renewal window: the OS random source failed".into(),
                    );
                }
            };
            let refresh = Duration::try_from(refresh_after.clamp(MIN_REFRESH, MAX_REFRESH))
                .unwrap_or(UNUSABLE_WINDOW_RECHECK);
            let next_fetch = after(now, refresh);
            AriUpdate {
                ari: Some(AriState {
                    window_start: start,
                    window_end: end,
                    chosen,
                    explanation_url: explanation_url.filter(|url| url.len() <= MAX_EXPLANATION_URL),
                    next_fetch,
                }),
                next_fetch,
                problem: None,
            }
        }
        AriAnswer::NotOffered => AriUpdate {
            ari: None,
            next_fetch: after(now, NO_ARI_RECHECK),
            problem: None,
        },
        AriAnswer::Failed(why) => keep_old(why),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-03-01 12:00 UTC);
    const START: OffsetDateTime = datetime!(2026-03-10 00:00 UTC);
    const END: OffsetDateTime = datetime!(2026-03-11 00:00 UTC);

    fn kept() -> AriState {
        AriState {
            window_start: START,
            window_end: END,
            chosen: datetime!(2026-03-10 06:00 UTC),
            explanation_url: None,
            next_fetch: NOW,
        }
    }

    fn window(start: OffsetDateTime, end: OffsetDateTime, refresh_secs: u64) -> AriAnswer {
        AriAnswer::Window {
            start,
            end,
            explanation_url: None,
            refresh_after: StdDuration::from_secs(refresh_secs),
            random: Some(3600),
        }
    }

    /// name, old, answer, want next fetch, want chosen moment, want a problem
    type Row<'a> = (
        &'a str,
        Option<&'a AriState>,
        AriAnswer,
        OffsetDateTime,
        Option<OffsetDateTime>,
        bool,
    );

    #[test]
    fn what_the_ca_sends_is_kept_only_up_to_a_bound() {
        let long_url = AriAnswer::Window {
            start: START,
            end: END,
            explanation_url: Some(format!("https://ca.test/{}", "x".repeat(4096))),
            refresh_after: StdDuration::from_secs(3600),
            random: Some(3600),
        };
        let kept_window = after_fetch(None, long_url, NOW).ari.unwrap();
        assert_eq!(
            kept_window.explanation_url, None,
            "a URL that long is dropped"
        );
        let short_url = AriAnswer::Window {
            start: START,
            end: END,
            explanation_url: Some("https://ca.test/incident".into()),
            refresh_after: StdDuration::from_secs(3600),
            random: Some(3600),
        };
        let kept_window = after_fetch(None, short_url, NOW).ari.unwrap();
        assert_eq!(
            kept_window.explanation_url.as_deref(),
            Some("https://ca.test/incident")
        );
        let problem = after_fetch(None, AriAnswer::Failed("é".repeat(100_000)), NOW)
            .problem
            .unwrap();
        assert!(
            problem.len() <= MAX_PROBLEM && problem.ends_with('…'),
            "{}",
            problem.len()
        );
        assert!(problem.starts_with("éé"));
    }

    #[test]
    fn the_refresh_schedule() {
        let other_start = datetime!(2026-03-20 00:00 UTC);
        let other_end = datetime!(2026-03-21 00:00 UTC);
        let old = kept();
        let no_random = AriAnswer::Window {
            start: other_start,
            end: other_end,
            explanation_url: None,
            refresh_after: StdDuration::from_secs(3600),
            random: None,
        };
        let failed = || AriAnswer::Failed("the CA did not answer".into());
        #[rustfmt::skip]
        let table: Vec<Row<'_>> = vec![
            // name, old, answer, want next fetch, want chosen moment, want a problem
            ("Retry-After of an hour", None, window(START, END, 3600), datetime!(2026-03-01 13:00 UTC), Some(datetime!(2026-03-10 01:00 UTC)), false),
            ("Retry-After 0: a minute", None, window(START, END, 0), datetime!(2026-03-01 12:01 UTC), Some(datetime!(2026-03-10 01:00 UTC)), false),
            ("Retry-After of a week: 12 hours", None, window(START, END, 7 * 86_400), datetime!(2026-03-02 00:00 UTC), Some(datetime!(2026-03-10 01:00 UTC)), false),
            ("Retry-After u64::MAX: 12 hours", None, window(START, END, u64::MAX), datetime!(2026-03-02 00:00 UTC), Some(datetime!(2026-03-10 01:00 UTC)), false),
            ("same window: the moment is kept", Some(&old), window(START, END, 3600), datetime!(2026-03-01 13:00 UTC), Some(old.chosen), false),
            ("new window: a new moment", Some(&old), window(other_start, other_end, 3600), datetime!(2026-03-01 13:00 UTC), Some(datetime!(2026-03-20 01:00 UTC)), false),
            ("new window, no random: old kept, an hour", Some(&old), no_random, datetime!(2026-03-01 13:00 UTC), Some(old.chosen), true),
            ("end before start: dropped, 6 hours", Some(&old), window(END, START, 3600), datetime!(2026-03-01 18:00 UTC), None, false),
            ("no ARI at this CA: 12 hours", Some(&old), AriAnswer::NotOffered, datetime!(2026-03-02 00:00 UTC), None, false),
            ("failed: the last window kept, an hour", Some(&old), failed(), datetime!(2026-03-01 13:00 UTC), Some(old.chosen), true),
            ("failed, nothing kept: an hour", None, failed(), datetime!(2026-03-01 13:00 UTC), None, true),
        ];
        for (name, old, answer, want_next, want_chosen, want_problem) in table {
            let got = after_fetch(old, answer, NOW);
            assert_eq!(got.next_fetch, want_next, "{name}: {got:?}");
            assert_eq!(
                got.ari.as_ref().map(|a| a.chosen),
                want_chosen,
                "{name}: {got:?}"
            );
            assert_eq!(got.problem.is_some(), want_problem, "{name}: {got:?}");
            if let Some(ari) = &got.ari {
                assert!(
                    ari.chosen >= ari.window_start && ari.chosen <= ari.window_end,
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn the_end_of_time_does_not_panic() {
        let end = super::super::NEVER;
        for answer in [window(START, END, 3600), AriAnswer::NotOffered] {
            assert_eq!(after_fetch(None, answer, end).next_fetch, end);
        }
    }

    #[test]
    fn a_fetch_is_due_when_its_time_has_come() {
        let at = |next| LineageState {
            ari_next_fetch: next,
            ..LineageState::default()
        };
        assert!(fetch_due(&at(None), NOW), "never fetched");
        assert!(fetch_due(&at(Some(NOW)), NOW), "due now");
        assert!(!fetch_due(
            &at(Some(datetime!(2026-03-01 12:00:01 UTC))),
            NOW
        ));
    }

    #[test]
    fn applying_an_update_records_the_problem_and_clears_it() {
        let mut state = LineageState::default();
        after_fetch(None, AriAnswer::Failed("timed out".into()), NOW).apply(&mut state);
        assert_eq!(state.ari_problem.as_deref(), Some("timed out"));
        after_fetch(None, window(START, END, 3600), NOW).apply(&mut state);
        assert_eq!(state.ari_problem, None);
        assert_eq!(state.ari_next_fetch, Some(datetime!(2026-03-01 13:00 UTC)));
    }
}
