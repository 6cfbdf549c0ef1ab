//! Challenge solvers behind one interface: [`Solver::present`] makes a challenge answerable,
//! [`Solver::cleanup`] takes it away again. `ops` calls cleanup for every presented challenge
//! whatever the outcome (success, failure, timeout, Ctrl-C).
//!
//! Solvers receive tokens that `acme` already checked as base64url; they still never build a
//! path from anything else. Must not import `acme`, `store` or anything above.

mod accept;
mod admission;
pub mod dns;
mod error;
mod fleet;
mod http01;
mod tls_alpn01;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

pub use error::ChallengeError;
pub use fleet::{ChallengeBoard, FleetHttp};
pub use http01::{
    Answers, Standalone, Webroot, bind_listener as bind_http01,
    bind_listener_for as bind_http01_for, serve as serve_http01,
};
pub use tls_alpn01::{ACME_TLS_ALPN, TlsAlpnStandalone};

use crate::domain::{ChallengeKind, ChallengeSpec};
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

/// What building a solver needs from its caller: nothing here reads the environment or the
/// store on its own.
pub struct Wiring<'a> {
    /// The store root (keyring secrets fall back to files below it).
    pub store_root: &'a Path,
    /// The HTTP client for acme-dns, made only when a spec needs it.
    pub acme_dns_http: &'a (dyn Fn() -> Result<crate::net::http::CaHttp, Error> + Sync),
    /// DNS propagation progress.
    pub progress: dns::Progress,
    /// Something the user should know (a secret read from a less safe place).
    pub warn: &'a (dyn Fn(String) + Sync),
    /// The environment captured by `cli`, for `env:VAR` secret references.
    pub vars: &'a crate::config::Environment,
    /// Runs DNS `exec` scripts (as hooks are run).
    pub dns_script_runner: &'a dns::ScriptRunner,
    /// Where http-01 answers for every fleet node go (`None`: not in a fleet).
    pub fleet_board: Option<Arc<dyn ChallengeBoard>>,
}

/// Starts the solver a challenge setting names: binds listeners now, so a busy port is
/// reported before any order.
pub async fn from_spec(
    spec: &ChallengeSpec,
    wiring: &Wiring<'_>,
) -> Result<Arc<dyn Solver>, Error> {
    Ok(match spec {
        ChallengeSpec::Dns01(dns) => Arc::new(dns::from_spec(dns, wiring)?) as Arc<dyn Solver>,
        ChallengeSpec::Http01Standalone { listen } => {
            Arc::new(Standalone::bind(listen).await?) as Arc<dyn Solver>
        }
        ChallengeSpec::Http01Webroot { path } => Arc::new(Webroot::new(path)?),
        ChallengeSpec::Http01Fleet => match &wiring.fleet_board {
            Some(board) => Arc::new(FleetHttp::new(board.clone())),
            None => return Err(ChallengeError::NoFleet.into()),
        },
        ChallengeSpec::TlsAlpn01Standalone { listen } => {
            Arc::new(TlsAlpnStandalone::bind(listen).await?)
        }
    })
}
