//! Placing and finding orders (RFC 8555 §7.4): a new order, with ARI `replaces` (RFC 9773 §5)
//! where the CA honours it; a `newOrder` whose answer was lost found again through the
//! account's orders list (§7.1.2.1) instead of placed twice; a journaled order resumed by URL.

use std::collections::HashSet;

use instant_acme::OrderStatus;

use super::AcmeError;
use super::problem::Stage;
use super::{AcmeAccount, OrderSession, retry_bad_nonce, retry_idempotent};
use crate::domain::Identifier;
use crate::error::Error;

/// Most pages of the account's orders list read when looking for a lost order.
const MAX_ORDER_PAGES: usize = 20;
/// Most orders of that list looked at (newest first).
const MAX_ORDERS_CHECKED: usize = 50;

/// True when a request got no (complete) answer: the CA may or may not have acted on it.
pub(super) fn unanswered(err: &instant_acme::Error) -> bool {
    super::http::NetError::within(err).is_some_and(super::http::NetError::is_unanswered)
}

/// How placing an order went, before it is turned into a session or an error.
enum Placed {
    Order(Box<instant_acme::Order>),
    /// The CA created the order (at this URL) but did not reflect `replaces` in it.
    Unreflected(String),
    Failed(instant_acme::Error),
}

impl AcmeAccount {
    /// Places a new order for `identifiers`, optionally with a profile and, for a renewal on a
    /// CA with renewal information, `replaces` naming the certificate it succeeds (RFC 9773
    /// §5). When the CA answers `alreadyReplaced` (409), refuses the predecessor as another
    /// account's (403 `unauthorized`) or the field as malformed, the order is placed once more
    /// without `replaces`. When the CA creates the order but does not reflect `replaces` in it
    /// (RFC 9773 asks it to; instant-acme refuses such an answer), that order is taken as it
    /// is, so no order is left behind; [`OrderSession::replaces_ignored`] then says so.
    ///
    /// A `newOrder` whose answer is lost (no answer within the deadline) is not simply sent
    /// again: the account's orders list is searched for it first ([`Self::find_order`]).
    pub async fn new_order(
        &self,
        identifiers: &[Identifier],
        profile: Option<&str>,
        replaces: Option<&[u8]>,
    ) -> Result<OrderSession, Error> {
        if let Some(cert) = replaces {
            let der = rustls_pki_types::CertificateDer::from(cert);
            if let Ok(id) = instant_acme::CertificateIdentifier::try_from(&der) {
                match self.place_order(identifiers, profile, Some(id)).await? {
                    Placed::Order(order) => return Ok(self.session(*order, false)),
                    Placed::Unreflected(url) => {
                        let order = retry_idempotent!(self.ca, self.inner.order(url.clone()).await)
                            .map_err(|e| {
                                self.ca
                                    .convert(e, Stage::Order)
                                    .context("could not fetch the order the CA created")
                            })?;
                        return Ok(self.session(order, true));
                    }
                    Placed::Failed(err) if unanswered(&err) => {
                        // The CA may hold the order; if not, once more without `replaces`.
                        return match self.find_order(identifiers).await {
                            Ok(Some(found)) => Ok(found),
                            Ok(None) => self.plain_order(identifiers, profile).await,
                            Err(_) => Err(self.ca.convert(err, Stage::Order).context(
                                "could not create the order; the next run looks for it at the CA",
                            )),
                        };
                    }
                    Placed::Failed(err) => {
                        let problem = super::problem::short_type(&err);
                        let refused_field = problem == Some("malformed");
                        // The CA dropped renewalInfo from its directory since the last look.
                        let no_ari = matches!(err, instant_acme::Error::Unsupported(_));
                        if !refused_field
                            && !no_ari
                            && !matches!(
                                problem,
                                Some("alreadyReplaced" | "unauthorized" | "conflict")
                            )
                        {
                            return Err(self
                                .ca
                                .convert(err, Stage::Order)
                                .context("could not create the order"));
                        }
                        let mut session = self.plain_order(identifiers, profile).await?;
                        session.replaces_ignored = refused_field;
                        return Ok(session);
                    }
                }
            }
        }
        self.plain_order(identifiers, profile).await
    }

    fn session(&self, order: instant_acme::Order, replaces_ignored: bool) -> OrderSession {
        OrderSession {
            order,
            account: self.clone(),
            readied: HashSet::new(),
            replaces_ignored,
            // Nothing announced yet contradicts it; the first answer that is not `valid` does.
            validated_at_once: true,
        }
    }

    /// An order without `replaces`; a lost answer is looked for before a second attempt.
    async fn plain_order(
        &self,
        identifiers: &[Identifier],
        profile: Option<&str>,
    ) -> Result<OrderSession, Error> {
        let err = match self.place_order(identifiers, profile, None).await? {
            Placed::Order(order) => return Ok(self.session(*order, false)),
            Placed::Unreflected(_) => {
                return Err(AcmeError::Unreachable("an order without replaces was refused").into());
            }
            Placed::Failed(err) => err,
        };
        if !unanswered(&err) {
            return Err(self
                .ca
                .convert(err, Stage::Order)
                .context("could not create the order"));
        }
        // The CA may have created the order before the answer was lost.
        match self.find_order(identifiers).await {
            Ok(Some(found)) => Ok(found),
            Ok(None) => match self.place_order(identifiers, profile, None).await? {
                Placed::Order(order) => Ok(self.session(*order, false)),
                Placed::Failed(again) => Err(self
                    .ca
                    .convert(again, Stage::Order)
                    .context("could not create the order")),
                Placed::Unreflected(_) => {
                    Err(AcmeError::Unreachable("an order was refused").into())
                }
            },
            Err(_) => Err(self
                .ca
                .convert(err, Stage::Order)
                .context("could not create the order; the next run looks for it at the CA")),
        }
    }

    async fn place_order(
        &self,
        identifiers: &[Identifier],
        profile: Option<&str>,
        replaces: Option<instant_acme::CertificateIdentifier<'_>>,
    ) -> Result<Placed, Error> {
        let ids: Vec<instant_acme::Identifier> = identifiers
            .iter()
            .map(|id| match id {
                Identifier::Dns(name) => instant_acme::Identifier::Dns(name.clone()),
                Identifier::Ip(ip) => instant_acme::Identifier::Ip(*ip),
            })
            .collect();
        let mut request = instant_acme::NewOrder::new(&ids);
        if let Some(profile) = profile {
            request = request.profile(profile);
        }
        let asked_replaces = replaces.is_some();
        if let Some(id) = replaces {
            request = request.replaces(id);
        }
        Ok(
            match retry_bad_nonce!(self.inner.new_order(&request).await) {
                Ok(order) => Placed::Order(Box::new(order)),
                // instant-acme refuses an answer without `replaces` after the CA created the
                // order: a success status with a Location header is that order.
                Err(err @ instant_acme::Error::Other(_))
                    if asked_replaces && super::http::NetError::within(&err).is_none() =>
                {
                    let seen = self.ca.http.observations();
                    match (seen.last_status, seen.last_location) {
                        (Some(status), Some(url)) if status.is_success() => {
                            Placed::Unreflected(url)
                        }
                        _ => Placed::Failed(err),
                    }
                }
                Err(err) => Placed::Failed(err),
            },
        )
    }

    /// POST-as-GET of a URL whose answer is not an order (the account, its orders list, a
    /// certificate chain): instant-acme has no plain POST-as-GET, so this sends one through its
    /// order lookup (signed, with a fresh nonce) and takes the body and `Link` headers the HTTP
    /// layer recorded.
    pub(super) async fn fetch_raw(
        &self,
        url: &str,
    ) -> Result<(bytes::Bytes, Vec<(String, String)>), Error> {
        let seen = retry_idempotent!(self.ca, {
            let outcome = self.inner.order(url.to_owned()).await;
            let seen = self.ca.http.observations();
            match outcome {
                Ok(_) => Ok(seen),
                Err(instant_acme::Error::Json(_))
                    if seen.last_status.is_some_and(|s| s.is_success()) =>
                {
                    Ok(seen)
                }
                Err(err) => Err(err),
            }
        })
        .map_err(|e| {
            self.ca
                .convert(e, Stage::Order)
                .context(format!("could not fetch '{url}'"))
        })?;
        Ok((seen.last_body, seen.links))
    }

    /// Looks for an order this account placed for exactly `identifiers` that can still lead to
    /// a certificate (`pending` or `ready`: one that was finalized or failed is no use),
    /// through the account's `orders` list (RFC 8555 §7.1.2.1). This is how a `newOrder`
    /// whose answer was lost is recovered without placing a second order. `Ok(None)`: there
    /// is none, or the CA keeps no orders list.
    pub async fn find_order(
        &self,
        identifiers: &[Identifier],
    ) -> Result<Option<OrderSession>, Error> {
        let (account, _) = self.fetch_raw(self.url()).await?;
        let Some(mut page_url) = serde_json::from_slice::<serde_json::Value>(&account)
            .ok()
            .and_then(|doc| doc["orders"].as_str().map(str::to_owned))
        else {
            return Ok(None);
        };
        let mut urls: Vec<String> = Vec::new();
        for _ in 0..MAX_ORDER_PAGES {
            let (page, links) = self.fetch_raw(&page_url).await?;
            let doc: serde_json::Value = serde_json::from_slice(&page).unwrap_or_default();
            urls.extend(
                doc["orders"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|u| u.as_str().map(str::to_owned)),
            );
            match links.into_iter().find(|(rel, _)| rel == "next") {
                Some((_, next)) if next != page_url => page_url = next,
                _ => break,
            }
        }
        let mut wanted: Vec<String> = identifiers
            .iter()
            .map(|id| id.to_string().to_ascii_lowercase())
            .collect();
        wanted.sort();
        for url in urls.iter().rev().take(MAX_ORDERS_CHECKED) {
            let Ok(order) = retry_idempotent!(self.ca, self.inner.order(url.clone()).await) else {
                continue;
            };
            let doc: serde_json::Value =
                serde_json::from_slice(&self.ca.http.observations().last_body).unwrap_or_default();
            let mut named: Vec<String> = doc["identifiers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|id| id["value"].as_str().map(str::to_ascii_lowercase))
                .collect();
            named.sort();
            let mut order = order;
            let usable = matches!(
                order.state().status,
                OrderStatus::Pending | OrderStatus::Ready
            );
            if usable && named == wanted {
                return Ok(Some(self.session(order, false)));
            }
        }
        Ok(None)
    }
}

impl AcmeAccount {
    /// Picks up an existing order by URL (a journaled order after a crash). `None` when the CA
    /// no longer has it or it can no longer lead to a certificate.
    pub async fn resume_order(&self, url: &str) -> Option<OrderSession> {
        let order = retry_idempotent!(self.ca, self.inner.order(url.to_owned()).await).ok()?;
        let mut session = self.session(order, false);
        match session.order.state().status {
            OrderStatus::Invalid => None,
            _ => Some(session),
        }
    }
}
