//! The bridge between the synchronous [`crate::store::Store`] trait and the async driver: the
//! fleet connection lives on a small runtime of its own (one worker, which also drives the
//! connection), and each call runs on a scoped thread that blocks on it, so a caller already
//! inside a runtime (every command is) never nests one runtime in another. Every call has a
//! deadline.
//!
//! The connection comes back by itself: a call that finds none (the database was down when the
//! store opened) or finds it closed (the server restarted or went away) connects again first, so
//! a long-running daemon resumes once the database is back without being restarted.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::{Credentials, Fleet, FleetError, FleetUrl};

/// A boxed database operation on the fleet connection.
pub(super) type Op<'a, T> = Pin<Box<dyn Future<Output = Result<T, FleetError>> + Send + 'a>>;

/// The fleet connection (none while the database is unreachable) under its lock.
pub(super) type Connection = Arc<tokio::sync::Mutex<Option<Fleet>>>;

/// What connecting (again) takes.
#[derive(Debug)]
struct Target {
    url: FleetUrl,
    credentials: Credentials,
    node: String,
}

/// The fleet connection and the runtime that drives it.
#[derive(Debug)]
pub(super) struct Bridge {
    runtime: Option<tokio::runtime::Runtime>,
    fleet: Connection,
    target: Arc<Target>,
    deadline: Duration,
}

impl Bridge {
    /// Connects on a runtime of its own. When the database cannot be reached the bridge is
    /// still made, with the error: every call tries to connect again.
    pub(super) fn connect(
        url: &FleetUrl,
        credentials: &Credentials,
        node: &str,
        deadline: Duration,
    ) -> Result<(Self, Option<FleetError>), FleetError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|_| FleetError::BridgeStopped)?;
        let target = Arc::new(Target {
            url: url.clone(),
            credentials: credentials.clone(),
            node: node.to_owned(),
        });
        let first = match on_thread(|| Ok(runtime.block_on(connect(&target, deadline)))) {
            Ok(first) => first,
            Err(err) => {
                // Dropped here, inside the caller's runtime, a blocking shutdown would panic.
                runtime.shutdown_background();
                return Err(err);
            }
        };
        let (fleet, failed) = match first {
            Ok(fleet) => (Some(fleet), None),
            Err(err) => (None, Some(err)),
        };
        Ok((
            Self {
                runtime: Some(runtime),
                fleet: Arc::new(tokio::sync::Mutex::new(fleet)),
                target,
                deadline,
            },
            failed,
        ))
    }

    /// Runs `op` on the connection (connecting again first when there is none or it closed),
    /// within a few round trips' deadline.
    pub(super) fn call<T, F>(&self, doing: &'static str, op: F) -> Result<T, FleetError>
    where
        T: Send,
        F: for<'a> FnOnce(&'a mut Fleet) -> Op<'a, T> + Send,
    {
        let Some(runtime) = &self.runtime else {
            return Err(FleetError::BridgeStopped);
        };
        let (fleet, target, deadline) = (self.fleet.clone(), self.target.clone(), self.deadline);
        on_thread(|| {
            runtime.block_on(async move {
                let mut held = fleet.lock().await;
                if held.as_ref().is_none_or(|fleet| fleet.client.is_closed()) {
                    *held = None;
                    *held = Some(connect(&target, deadline).await?);
                }
                let Some(fleet) = held.as_mut() else {
                    return Err(FleetError::BridgeStopped);
                };
                tokio::time::timeout(deadline * 4, op(fleet))
                    .await
                    .map_err(|_| FleetError::Deadline {
                        doing,
                        deadline: deadline * 4,
                    })?
            })
        })
    }

    /// The connection, for a task of [`Bridge::spawn`] (it locks it for each round trip).
    pub(super) fn connection(&self) -> Connection {
        self.fleet.clone()
    }

    /// Runs `task` in the background on the bridge's runtime; it ends when the bridge is
    /// dropped.
    pub(super) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        if let Some(runtime) = &self.runtime {
            runtime.spawn(task);
        }
    }
}

/// Connects to `target` within `deadline`.
async fn connect(target: &Target, deadline: Duration) -> Result<Fleet, FleetError> {
    Fleet::connect(&target.url, &target.credentials, &target.node, deadline).await
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
