//! http-01 across a fleet ([`FleetHttp`]): the key authorization is published on a
//! [`ChallengeBoard`] that every node's responder reads (the fleet database, wired in by `ops`),
//! instead of being served by this process, so the CA's request may land on any node behind a
//! load balancer. Cleanup withdraws it; the board also expires what a dead process left.
//!
//! Knows no store: the board is a trait its caller implements.

use std::sync::Arc;

use super::{Response, Solver, SolverFuture};
use crate::domain::ChallengeKind;
use crate::error::Error;

/// Where key authorizations are published for every node's responder.
pub trait ChallengeBoard: Send + Sync {
    /// Publishes the response's key authorization under its token.
    fn publish(&self, response: &Response) -> Result<(), Error>;
    /// Stops serving the response's token everywhere.
    fn withdraw(&self, response: &Response) -> Result<(), Error>;
}

/// http-01 answered by the fleet's responders.
pub struct FleetHttp {
    board: Arc<dyn ChallengeBoard>,
}

impl FleetHttp {
    /// Publishes on `board`.
    pub fn new(board: Arc<dyn ChallengeBoard>) -> Self {
        Self { board }
    }
}

impl Solver for FleetHttp {
    fn kind(&self) -> ChallengeKind {
        ChallengeKind::Http01
    }

    fn present<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        let published = self.board.publish(response);
        Box::pin(async move { published })
    }

    fn cleanup<'a>(&'a self, response: &'a Response) -> SolverFuture<'a> {
        let withdrawn = self.board.withdraw(response);
        Box::pin(async move { withdrawn })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A board that records what it was asked.
    #[derive(Default)]
    struct Recorded(Mutex<Vec<String>>);

    impl ChallengeBoard for Recorded {
        fn publish(&self, r: &Response) -> Result<(), Error> {
            let line = format!("publish {} {}", r.token, r.key_authorization);
            self.0.lock().unwrap().push(line);
            Ok(())
        }
        fn withdraw(&self, r: &Response) -> Result<(), Error> {
            self.0.lock().unwrap().push(format!("withdraw {}", r.token));
            Ok(())
        }
    }

    #[tokio::test]
    async fn present_publishes_the_key_authorization_and_cleanup_withdraws_it() {
        let board = Arc::new(Recorded::default());
        let solver = FleetHttp::new(board.clone());
        let response = Response {
            identifier: "example.org".into(),
            token: "tok".into(),
            key_authorization: "tok.thumb".into(),
        };
        solver.present(&response).await.unwrap();
        solver.cleanup(&response).await.unwrap();
        assert_eq!(
            *board.0.lock().unwrap(),
            ["publish tok tok.thumb", "withdraw tok"]
        );
    }
}
