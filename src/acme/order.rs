//! One ACME order (RFC 8555 §7.4): its challenges, readiness, finalization with our CSR, the
//! certificate download and alternate chains (§7.4.2 `Link: rel="alternate"`).
//!
//! Polling starts a few milliseconds after the CA was told (a local CA has answered by then)
//! and backs off exponentially, so a CA that answers at once costs no idle time and a slow one
//! is not hammered; it honours the CA's Retry-After (already clamped by the HTTP layer), and
//! does not wait at all when the CA's answer already says `valid` (a CA that validates
//! challenges synchronously, or issues during finalize).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::time::Duration;

use instant_acme::{AuthorizationStatus, ChallengeType, OrderStatus};

use super::AcmeError;
use super::place::unanswered;
use super::problem::{Stage, convert_problem};
use super::{AcmeAccount, Ca, check_token, retry_bad_nonce, retry_idempotent};
use crate::error::{AcmeProblem, Detail, Error};

/// First poll delay; doubles up to [`MAX_POLL`]. One millisecond (the timer's resolution, so
/// up to two in fact): a local CA validates or issues in one to three, and a schedule starting
/// at 4 ms made each of the two waits of an issuance (validation, finalization) cost about 5 ms
/// against Pebble. A slow CA costs two or three polls more in its first 10 ms, no more.
const FIRST_POLL: Duration = Duration::from_millis(1);
const MAX_POLL: Duration = Duration::from_secs(2);

/// A challenge the solver must present before the CA is told to validate.
#[derive(Debug, Clone)]
pub struct ChallengeTask {
    /// The identifier being proven (`*.example.org` for a wildcard).
    pub identifier: String,
    /// The challenge token (checked base64url).
    pub token: String,
    /// The key authorization (`token.thumbprint`); public, the CA fetches it.
    pub key_authorization: String,
    /// The challenge URL.
    pub url: String,
}

/// The certificate chains the CA offered.
#[derive(Debug, Clone)]
pub struct Downloaded {
    /// The default chain (PEM).
    pub default_chain: String,
    /// URLs of alternate chains.
    pub alternates: Vec<String>,
}

/// An order in progress.
pub struct OrderSession {
    pub(super) order: instant_acme::Order,
    pub(super) account: AcmeAccount,
    pub(super) readied: HashSet<String>,
    pub(super) replaces_ignored: bool,
    /// Every challenge announced so far came back `valid` (the CA validated synchronously):
    /// the order is checked again at once, without a first poll delay.
    pub(super) validated_at_once: bool,
}

fn ca(session: &OrderSession) -> &Ca {
    &session.account.ca
}

impl OrderSession {
    /// The order URL (journaled so a run can resume it).
    pub fn url(&self) -> &str {
        self.order.url()
    }

    /// True when the order was placed with `replaces` (RFC 9773) and the CA did not reflect
    /// or refused the field: the caller remembers the CA and leaves `replaces` out from then
    /// on.
    pub fn replaces_ignored(&self) -> bool {
        self.replaces_ignored
    }

    /// The pending challenges of `kind`, one per authorization that is not valid yet (a valid,
    /// reused authorization needs nothing). Every token is checked before it is returned.
    pub async fn challenges(&mut self, kind: ChallengeType) -> Result<Vec<ChallengeTask>, Error> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match collect(&mut self.order, &kind).await {
                Err(Collect::Acme(e))
                    if attempt < super::NONCE_ATTEMPTS && super::problem::is_bad_nonce(&e) => {}
                // Fetching authorizations is idempotent: signed afresh after a pause.
                Err(Collect::Acme(e))
                    if attempt < super::IDEMPOTENT_ATTEMPTS && ca(self).is_retryable(&e) =>
                {
                    tokio::time::sleep(super::backoff(attempt)).await;
                }
                Err(Collect::Acme(e)) => {
                    return Err(ca(self)
                        .convert(e, Stage::Order)
                        .context("could not fetch the authorizations"));
                }
                Err(Collect::Ours(e)) => return Err(e),
                Ok(tasks) => return Ok(tasks),
            }
        }
    }

    /// Tells the CA that the presented challenges are ready. Safe to call again after an
    /// error: challenges already announced are skipped.
    pub async fn set_ready(&mut self, tasks: &[ChallengeTask]) -> Result<(), Error> {
        let wanted: HashSet<&str> = tasks.iter().map(|t| t.url.as_str()).collect();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let http = ca(self).http.clone();
            let all_valid = &mut self.validated_at_once;
            match announce(
                &mut self.order,
                &http,
                &wanted,
                &mut self.readied,
                all_valid,
            )
            .await
            {
                Err(Announce::Acme(e))
                    if attempt < super::NONCE_ATTEMPTS && super::problem::is_bad_nonce(&e) => {}
                // The answer was lost: the authorization says whether the CA took the
                // challenge. The announcement itself is never sent twice.
                Err(Announce::Lost {
                    authz,
                    challenge,
                    err,
                }) => {
                    let status = self
                        .account
                        .fetch_raw(&authz)
                        .await
                        .ok()
                        .and_then(|(body, _)| {
                            let doc: serde_json::Value = serde_json::from_slice(&body).ok()?;
                            doc["challenges"]
                                .as_array()?
                                .iter()
                                .find(|c| c["url"] == challenge.as_str())
                                .and_then(|c| c["status"].as_str().map(str::to_owned))
                        });
                    match status.as_deref() {
                        // Still pending: the CA did not act; announced again (signed afresh).
                        Some("pending") if attempt < super::NONCE_ATTEMPTS => {}
                        Some(s) if s != "pending" => {
                            self.readied.insert(challenge);
                        }
                        _ => {
                            return Err(ca(self)
                                .convert(err, Stage::Validation)
                                .context("could not start the validation"));
                        }
                    }
                }
                Err(Announce::Acme(e)) => {
                    let err = ca(self).convert(e, Stage::Validation);
                    // A challenge announced before this one already failed validation (a CA
                    // quick to fail refuses the rest with its problem): what the CA decided is
                    // the order's, and waiting for it reports each identifier's problem.
                    if !self.readied.is_empty() && err.kind == crate::error::Kind::ValidationFailed
                    {
                        return Ok(());
                    }
                    return Err(err.context("could not start the validation"));
                }
                Ok(()) => return Ok(()),
            }
        }
    }

    /// Polls until the order is `ready` (all authorizations valid) or fails. On failure the
    /// error lists each identifier's problem.
    pub async fn wait_ready(&mut self, limit: Duration) -> Result<(), Error> {
        let first = if self.validated_at_once {
            Duration::ZERO
        } else {
            FIRST_POLL
        };
        let status = self
            .poll(limit, first, |s| {
                matches!(
                    s,
                    OrderStatus::Ready | OrderStatus::Valid | OrderStatus::Invalid
                )
            })
            .await?;
        if status == OrderStatus::Invalid {
            return Err(self.validation_failure().await);
        }
        Ok(())
    }

    /// Refreshes the order until `done` says so: first after `first` (zero when the CA
    /// already said it validated), then at doubling intervals up to [`MAX_POLL`], or when the
    /// CA's Retry-After says; never when the order the CA last sent is already done.
    async fn poll(
        &mut self,
        limit: Duration,
        first: Duration,
        done: impl Fn(OrderStatus) -> bool,
    ) -> Result<OrderStatus, Error> {
        let started = tokio::time::Instant::now();
        let mut delay = first;
        loop {
            let status = self.order.state().status;
            if done(status) {
                return Ok(status);
            }
            let wait = poll_wait(delay, ca(self).http.observations().retry_after);
            if started.elapsed() + wait > limit {
                return Err(AcmeError::OrderDeadline {
                    limit,
                    state: Detail::new(format!("the order is still '{status:?}'")),
                }
                .into());
            }
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            delay = next_delay(delay);
            ca(self).http.clear_retry_after();
            let handle = ca(self).clone();
            retry_idempotent!(handle, self.order.refresh().await.map(|_| ())).map_err(|e| {
                handle
                    .convert(e, Stage::Order)
                    .context("could not check the order")
            })?;
        }
    }

    /// Builds the error for an invalid order: the order's own problem plus each failed
    /// authorization's challenge error, by identifier.
    async fn validation_failure(&mut self) -> Error {
        let order_problem = self.order.state().error.clone();
        let mut per_identifier: BTreeMap<String, AcmeProblem> = BTreeMap::new();
        let mut authorizations = self.order.authorizations();
        while let Some(Ok(mut authz)) = authorizations.next().await {
            let _ = authz.refresh().await;
            if authz.status != AuthorizationStatus::Invalid {
                continue;
            }
            let id = authz.identifier().to_string();
            if let Some(challenge) = authz.challenges.iter().find(|c| c.error.is_some()) {
                let mut problem = challenge
                    .error
                    .as_ref()
                    .map_or_else(AcmeProblem::default, convert_problem);
                // Say which URL the CA fetched when its own detail does not.
                let detail = problem.detail.get_or_insert_with(String::new);
                if challenge.r#type == ChallengeType::Http01
                    && !detail.contains("/.well-known/acme-challenge/")
                {
                    let _ = write!(
                        detail,
                        " (the CA fetched http://{id}/.well-known/acme-challenge/{})",
                        challenge.token
                    );
                }
                per_identifier.insert(id, problem);
            }
        }
        let mut first_type = None;
        let mut lines = Vec::new();
        for (id, problem) in &per_identifier {
            first_type.get_or_insert_with(|| problem.short_type().to_owned());
            lines.push(format!(
                "{id}: {} ({})",
                problem.detail.as_deref().unwrap_or("no detail"),
                problem.short_type()
            ));
        }
        let mut problem = order_problem
            .as_ref()
            .map_or_else(AcmeProblem::default, convert_problem);
        for (id, sub) in per_identifier {
            if !problem
                .subproblems
                .iter()
                .any(|s| s.identifier.as_deref() == Some(id.as_str()))
            {
                problem.subproblems.push(crate::error::AcmeSubproblem {
                    identifier: Some(id),
                    kind: sub.kind,
                    detail: sub.detail,
                });
            }
        }
        if problem.kind.is_none() {
            problem.kind = problem.subproblems.first().and_then(|s| s.kind.clone());
        }
        AcmeError::ChallengesFailed {
            problem,
            first_type,
            detail: Detail::lines(lines),
        }
        .into()
    }

    /// Sends the CSR (DER) and waits for the certificate; returns the default chain and the
    /// alternates' URLs.
    pub async fn finalize_and_download(
        &mut self,
        csr_der: &[u8],
        limit: Duration,
    ) -> Result<Downloaded, Error> {
        if self.order.state().status == OrderStatus::Ready {
            if let Err(err) = retry_bad_nonce!(self.order.finalize_csr(csr_der).await) {
                // A lost answer is not a refusal: the order itself says whether the CA took
                // the CSR (then it is no longer `ready`). The CSR is never sent twice.
                let ca = ca(self).clone();
                let moved = unanswered(&err)
                    && retry_idempotent!(ca, self.order.refresh().await.map(|s| s.status))
                        .is_ok_and(|s| s != OrderStatus::Ready);
                if !moved {
                    return Err(ca
                        .convert(err, Stage::Order)
                        .context("the CA refused to finalize the order"));
                }
            }
            crate::failpoint::hit("after-finalize");
        }
        let status = self
            .poll(limit, FIRST_POLL, |s| {
                matches!(s, OrderStatus::Valid | OrderStatus::Invalid)
            })
            .await?;
        if status == OrderStatus::Invalid {
            let problem = self.order.state().error.clone();
            return Err(AcmeError::OrderInvalid {
                detail: problem
                    .as_ref()
                    .map(|p| Detail::new(p.detail.clone().unwrap_or_default())),
                problem: problem.as_ref().map(convert_problem),
            }
            .into());
        }
        let ca_handle = ca(self).clone();
        let pem = retry_idempotent!(ca_handle, self.order.certificate().await)
            .map_err(|e| {
                ca(self)
                    .convert(e, Stage::Order)
                    .context("could not download the certificate")
            })?
            .ok_or(AcmeError::NoCertificate)?;
        let alternates = ca(self)
            .http
            .observations()
            .links
            .into_iter()
            .filter(|(rel, _)| rel == "alternate")
            .map(|(_, url)| url)
            .collect();
        Ok(Downloaded {
            default_chain: pem,
            alternates,
        })
    }

    /// Downloads an alternate chain by POST-as-GET.
    pub async fn download_alternate(&self, url: &str) -> Result<String, Error> {
        let (body, _) = self.account.fetch_raw(url).await?;
        if !body.starts_with(b"-----BEGIN") {
            return Err(AcmeError::AlternateNotPem {
                url: url.to_owned(),
            }
            .into());
        }
        String::from_utf8(body.to_vec()).map_err(|_| AcmeError::AlternateNotText.into())
    }
}

enum Collect {
    Acme(instant_acme::Error),
    Ours(Error),
}

impl From<instant_acme::Error> for Collect {
    fn from(e: instant_acme::Error) -> Self {
        Collect::Acme(e)
    }
}

async fn collect(
    order: &mut instant_acme::Order,
    kind: &ChallengeType,
) -> Result<Vec<ChallengeTask>, Collect> {
    let mut tasks = Vec::new();
    let mut authorizations = order.authorizations();
    while let Some(authz) = authorizations.next().await {
        let mut authz = authz?;
        let identifier = authz.identifier().to_string();
        match authz.status {
            AuthorizationStatus::Valid => continue,
            AuthorizationStatus::Pending => {}
            other => {
                return Err(Collect::Ours(
                    AcmeError::AuthorizationState {
                        identifier,
                        status: other,
                    }
                    .into(),
                ));
            }
        }
        let Some(challenge) = authz.challenge(kind.clone()) else {
            return Err(Collect::Ours(
                AcmeError::NoChallenge {
                    kind: kind.clone(),
                    identifier,
                }
                .into(),
            ));
        };
        check_token(&challenge.token).map_err(Collect::Ours)?;
        tasks.push(ChallengeTask {
            identifier,
            token: challenge.token.clone(),
            key_authorization: challenge.key_authorization().as_str().to_owned(),
            url: challenge.url.clone(),
        });
    }
    Ok(tasks)
}

/// Why announcing stopped.
enum Announce {
    Acme(instant_acme::Error),
    /// The announcement of `challenge` (in authorization `authz`) got no answer.
    Lost {
        authz: String,
        challenge: String,
        err: instant_acme::Error,
    },
}

impl From<instant_acme::Error> for Announce {
    fn from(e: instant_acme::Error) -> Self {
        Announce::Acme(e)
    }
}

/// The wait before the next poll: `delay`, or the CA's Retry-After when it asks for longer;
/// none at all when `delay` is zero (the CA said `valid`, so a Retry-After on that answer is
/// moot). Retry-After is a floor, never a ceiling: a CA answering `Retry-After: 0` (or a date
/// already past) on every poll still gets the doubling backoff, not a poll per round trip.
fn poll_wait(delay: Duration, retry_after: Option<Duration>) -> Duration {
    if delay.is_zero() {
        return Duration::ZERO;
    }
    retry_after.map_or(delay, |wait| wait.max(delay))
}

/// The delay after `delay`: doubled, within [[`FIRST_POLL`], [`MAX_POLL`]].
fn next_delay(delay: Duration) -> Duration {
    (delay * 2).clamp(FIRST_POLL, MAX_POLL)
}

/// True when a challenge object (the CA's answer to announcing it) says `valid`.
fn says_valid(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|challenge| challenge["status"] == "valid")
}

async fn announce(
    order: &mut instant_acme::Order,
    http: &crate::net::http::CaHttp,
    wanted: &HashSet<&str>,
    readied: &mut HashSet<String>,
    all_valid: &mut bool,
) -> Result<(), Announce> {
    let mut authorizations = order.authorizations();
    while let Some(authz) = authorizations.next().await {
        let mut authz = authz?;
        let authz_url = authz.url().to_owned();
        let url = authz
            .challenges
            .iter()
            .find(|c| wanted.contains(c.url.as_str()) && !readied.contains(&c.url))
            .map(|c| (c.url.clone(), c.r#type.clone()));
        let Some((url, kind)) = url else { continue };
        if let Some(mut challenge) = authz.challenge(kind) {
            match challenge.set_ready().await {
                Ok(()) => *all_valid &= says_valid(&http.observations().last_body),
                Err(err) if unanswered(&err) => {
                    return Err(Announce::Lost {
                        authz: authz_url,
                        challenge: url,
                        err,
                    });
                }
                Err(err) => return Err(err.into()),
            }
            readied.insert(url);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn polls_start_after_a_few_ms_and_double_up_to_two_seconds() {
        let mut delay = FIRST_POLL;
        let mut waits = Vec::new();
        for _ in 0..13 {
            waits.push(poll_wait(delay, None));
            delay = next_delay(delay);
        }
        let want = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2000, 2000];
        assert_eq!(waits, want.map(|ms| ms * MS).to_vec());
    }

    #[test]
    fn a_valid_answer_is_followed_at_once_then_the_schedule_resumes() {
        assert_eq!(poll_wait(Duration::ZERO, None), Duration::ZERO);
        assert_eq!(poll_wait(Duration::ZERO, Some(10 * MS)), Duration::ZERO);
        assert_eq!(next_delay(Duration::ZERO), FIRST_POLL);
    }

    #[test]
    fn retry_after_is_honoured_as_a_floor_and_the_backoff_still_grows_under_it() {
        let second = Duration::from_secs(1);
        assert_eq!(poll_wait(FIRST_POLL, Some(3 * second)), 3 * second);
        assert_eq!(poll_wait(MAX_POLL, Some(second)), MAX_POLL);
        // `Retry-After: 0` on every answer: 1, 2, 4 ... ms as without it, never 1 ms each time.
        let mut delay = FIRST_POLL;
        let waits: Vec<Duration> = (0..4)
            .map(|_| {
                let wait = poll_wait(delay, Some(Duration::ZERO));
                delay = next_delay(delay);
                wait
            })
            .collect();
        assert_eq!(waits, [MS, 2 * MS, 4 * MS, 8 * MS]);
    }

    #[test]
    fn only_a_challenge_that_says_valid_skips_the_first_delay() {
        assert!(says_valid(
            br#"{"type":"http-01","status":"valid","token":"t"}"#
        ));
        for body in [
            &br#"{"type":"http-01","status":"processing"}"#[..],
            br#"{"type":"http-01","status":"pending"}"#,
            br#"{"status":"VALID"}"#,
            b"",
            b"not json",
        ] {
            assert!(!says_valid(body), "{}", String::from_utf8_lossy(body));
        }
    }
}
