//! Use cases: obtain, edit, account register/list/show/rollover/deactivate, list, show, revoke,
//! delete. Each takes a [`Context`] and a request, sends progress [`Event`]s and returns a
//! serializable report. Nothing here prints: the CLI, `--json`, and later the TUI and the daemon
//! render the same events and reports.
//!
//! Must not import `cli`, `output` or `tui`.

mod account;
mod account_key_move;
mod ari;
mod cancel;
pub use cancel::{Cancel, Canceller, Reason};
mod deploy;
mod dns;
mod edit;
mod error;
mod events;
pub mod fleet;
mod hooks_run;
mod import;
pub use hooks_run::{HooksTestReport, test_hooks};
pub use import::{
    ImportReport, ImportRequest, ImportedAccount, ImportedCert, TakeOverView, import,
};
mod account_bootstrap;
mod account_register;
mod install;
mod install_group;
mod inventory;
mod issuance;
mod obtain;
mod obtain_input;
mod obtain_plan;
mod renew;
mod renew_orders;
mod revoke;
mod spec_txn;
mod status;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use account::{
    AccountReport, AccountSummary, DeactivateReport, RollOverReport, deactivate, default_ca,
    list_accounts, rollover, show_account,
};
pub use account_register::{CaTerms, RegisterRequest, ca_terms, check_register, register};
pub use deploy::{CertDeploy, DeployReport, ReloadReport};
pub use dns::{
    AcmeDnsReport, DnsCheckReport, PersistReport, PersistRequest, ServerView, acme_dns_register,
    dns_check, persist_check, persist_record,
};
pub use edit::{Change, EditError, EditReport, EditRequest, edit};
pub use error::OpsError;
pub use events::{EVENT_SCHEMA_VERSION, Event, EventRecord, EventSink, Message};
pub use install::{
    InstallAction, InstallReport, check_install_group, deploy_now, install, install_list,
};
pub use install_group::{InstallInput, check_install_settings, install_group, preset_command_line};
pub use inventory::{
    CertStatus, CertSummary, DeleteReport, ListReport, ShowReport, SpecView, delete, list, show,
};
pub use obtain::{ObtainReport, ObtainRequest, Paths, obtain};
pub use obtain_input::check_request;
pub use renew::{
    Failed, NotDue, Planned, RenewReport, RenewRequest, Renewed, Skipped, plan_all, renew,
};
pub use revoke::{RevokeReason, RevokeReport, RevokeRequest, revoke};
pub use status::{CertRenewalStatus, StatusReport, StatusSummary, status};

use crate::acme::Ca;
use crate::clock::Clock;
use crate::error::Error;
use crate::store::{Store, StoreLock};

/// What every use case needs: the store, the clock, where events go, and global options.
#[derive(Clone)]
pub struct Context {
    /// The store (the file store, or another backend).
    pub store: Arc<dyn Store>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Where progress events go.
    pub events: EventSink,
    /// `--ca-root`: an extra trusted root for the CA's HTTPS endpoint.
    pub ca_root: Option<PathBuf>,
    /// `--wait-lock`: how long to wait for another writer.
    pub wait_lock: Duration,
    /// Stops the run (a signal, the daemon parking its round); see [`Cancel`].
    pub cancel: Cancel,
    /// How long to wait on a CA: per HTTP exchange and per order.
    pub limits: crate::acme::Limits,
    /// What `cli` read from the environment (hooks' `PATH`, `env:VAR` secrets, ...).
    pub settings: Arc<crate::config::Settings>,
}

impl Context {
    /// This context, with its events naming the certificate `name`.
    #[must_use]
    pub fn for_cert(&self, name: &str) -> Self {
        Self {
            events: self.events.for_cert(name),
            ..self.clone()
        }
    }

    /// Runs `work` (store writes, each ending in fsyncs of several milliseconds) on tokio's
    /// blocking pool with a clone of this context. The runtime has one thread: a sync done on
    /// it would hold back every order and fetch in flight beside it, so concurrent renewals'
    /// syncs would queue one after another instead of overlapping. The work runs to its end
    /// even if the caller stops waiting (a cancelled run): each store write is atomic, so that
    /// leaves the store as a crash a moment later would.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Context) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let ctx = self.clone();
        tokio::task::spawn_blocking(move || work(&ctx))
            .await
            .map_err(OpsError::StoreTask)?
    }

    /// Starts a thread of tokio's blocking pool now, ahead of the store writes
    /// ([`Context::blocking`]) an issuance makes after its first exchanges with the CA: the first
    /// write then wakes an idle thread instead of creating one. A thread being created waits for
    /// the scheduler to place it - 32 ms measured on a busy two-core machine, where a woken one
    /// runs at once - and that wait fell between the CA's directory and the `newOrder`.
    pub fn start_blocking_pool(&self) {
        drop(tokio::task::spawn_blocking(|| ()));
    }

    /// Takes the store's write lock, reporting a wait.
    pub fn lock(&self) -> Result<StoreLock, Error> {
        let lock = self.store.lock(self.wait_lock)?;
        // The wait for the lock does not watch the token; a signal that came meanwhile stops the
        // run before it changes anything.
        self.cancel.check()?;
        Ok(lock)
    }

    /// As [`Context::lock`], for async callers: the wait for another writer ends as soon as a
    /// signal comes (the blocking wait would keep the runtime from ever seeing it, and a
    /// `--wait-lock` of a day would outlast any stop timeout).
    pub async fn lock_or_stop(&self) -> Result<StoreLock, Error> {
        const POLL: Duration = Duration::from_millis(50);
        let now = tokio::time::Instant::now();
        let deadline = now.checked_add(self.wait_lock).unwrap_or(now);
        let mut told = false;
        loop {
            match self.store.lock(Duration::ZERO) {
                Err(crate::store::StoreError::Locked { .. })
                    if tokio::time::Instant::now() < deadline =>
                {
                    if !told {
                        told = true;
                        self.events.send(events::Event::Waiting {
                            seconds: self.wait_lock.as_secs(),
                            reason:
                                "at most, for another certkeep process to release the store lock"
                                    .into(),
                        });
                    }
                    self.cancel
                        .run(async {
                            tokio::time::sleep(POLL).await;
                            Ok(())
                        })
                        .await?;
                }
                other => {
                    self.cancel.check()?;
                    return Ok(other?);
                }
            }
        }
    }

    /// Connects to the CA at `url`, trusting `--ca-root` or the root saved for that CA.
    pub fn ca(&self, url: &str) -> Result<Ca, Error> {
        let root_path = self.ca_root.clone().or_else(|| self.store.ca_root(url));
        let root = match &root_path {
            Some(path) => Some(
                crate::bounded::read_file(path, crate::bounded::FILE_LIMIT).map_err(|source| {
                    OpsError::ReadInput {
                        what: error::Input::CaRoot,
                        path: path.clone(),
                        source,
                    }
                })?,
            ),
            None => None,
        };
        Ca::new(url, root.as_deref(), self.clock.clone(), &self.limits)
    }
}
