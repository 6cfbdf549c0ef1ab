//! The bridge between the synchronous [`crate::store::Store`] trait and the async driver: the
//! fleet connection lives on a small runtime of its own (one worker, which also drives the
//! connection), and each call runs on a scoped thread that blocks on it, so a caller already
//! inside a runtime (every command is) never nests one runtime in another. Every call has a
//! deadline.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::{Credentials, Fleet, FleetError, FleetUrl};

/// A boxed database operation on the fleet connection.
pub(super) type Op<'a, T> = Pin<Box<dyn Future<Output = Result<T, FleetError>> + Send + 'a>>;

/// The fleet connection and the runtime that drives it.
#[derive(Debug)]
pub(super) struct Bridge {
    runtime: Option<tokio::runtime::Runtime>,
    fleet: Arc<tokio::sync::Mutex<Fleet>>,
    deadline: Duration,
}

impl Bridge {
    /// Connects on a runtime of its own.
    pub(super) fn connect(
        url: &FleetUrl,
        credentials: &Credentials,
        node: &str,
        deadline: Duration,
    ) -> Result<Self, FleetError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|_| FleetError::BridgeStopped)?;
        let fleet = match on_thread(|| {
            runtime.block_on(Fleet::connect(url, credentials, node, deadline))
        }) {
            Ok(fleet) => fleet,
            Err(err) => {
                // Dropped here, inside the caller's runtime, a blocking shutdown would panic.
                runtime.shutdown_background();
                return Err(err);
            }
        };
        Ok(Self {
            runtime: Some(runtime),
            fleet: Arc::new(tokio::sync::Mutex::new(fleet)),
            deadline,
        })
    }

    /// Runs `op` on the connection, within a few round trips' deadline.
    pub(super) fn call<T, F>(&self, doing: &'static str, op: F) -> Result<T, FleetError>
    where
        T: Send,
        F: for<'a> FnOnce(&'a mut Fleet) -> Op<'a, T> + Send,
    {
        let Some(runtime) = &self.runtime else {
            return Err(FleetError::BridgeStopped);
        };
        let fleet = self.fleet.clone();
        let deadline = self.deadline * 4;
        on_thread(|| {
            runtime.block_on(async move {
                let mut fleet = fleet.lock().await;
                tokio::time::timeout(deadline, op(&mut fleet))
                    .await
                    .map_err(|_| FleetError::Deadline { doing, deadline })?
            })
        })
    }
}

impl Drop for Bridge {
    /// Lets the runtime go without blocking: the bridge may be dropped inside the caller's
    /// runtime, where a blocking shutdown would panic.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Runs `work` on a scoped thread of its own (outside any runtime of the caller).
fn on_thread<T: Send>(
    work: impl FnOnce() -> Result<T, FleetError> + Send,
) -> Result<T, FleetError> {
    std::thread::scope(|scope| scope.spawn(work).join())
        .unwrap_or_else(|_| Err(FleetError::BridgeStopped))
}
