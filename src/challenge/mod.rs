//! Challenge solvers behind one interface: [`Solver::present`] makes a challenge answerable,
//! [`Solver::cleanup`] takes it away again. `ops` calls cleanup for every presented challenge
//! whatever the outcome (success, failure, timeout, Ctrl-C).
//!
//! Solvers receive tokens that `acme` already checked as base64url; they still never build a
//! path from anything else. Must not import `acme`, `store` or anything above.

mod accept;
pub mod dns;
mod http01;
mod tls_alpn01;

use std::future::Future;
use std::pin::Pin;

pub use http01::{Standalone, Webroot};
pub use tls_alpn01::{ACME_TLS_ALPN, TlsAlpnStandalone};

use crate::domain::ChallengeKind;
use crate::error::Error;

/// What a solver must serve or publish for one challenge.
#[derive(Debug, Clone)]
pub struct Response {
    /// The identifier being proven.
    pub identifier: String,
    /// The token (already checked base64url).
    pub token: String,
    /// The key authorization to serve.
    pub key_authorization: String,
}

/// A boxed future, so solvers can be used as trait objects.
pub type SolverFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// One way of proving control of identifiers.
pub trait Solver: Send + Sync {
    /// The ACME challenge type this solver answers.
    fn kind(&self) -> ChallengeKind;

    /// Makes the challenge answerable.
    fn present<'a>(&'a self, response: &'a Response) -> SolverFuture<'a>;

    /// Waits until everything presented is visible to the CA (DNS propagation); called once
    /// after all challenges of an order are presented, before the CA is told to validate.
    fn settle<'a>(&'a self, _responses: &'a [Response]) -> SolverFuture<'a> {
        Box::pin(async { Ok(()) })
    }

    /// Removes what [`Solver::present`] set up; called even when the order failed.
    fn cleanup<'a>(&'a self, response: &'a Response) -> SolverFuture<'a>;
}
