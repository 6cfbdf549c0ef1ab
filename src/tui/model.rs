//! The TUI's state: the certificates as last loaded from the store (the table from the cheap
//! summary path, the selected certificate's [`Detail`] loaded on its own when selected), what
//! the user is looking at (selection, sort, filter, overlay) and what is running (renewals and
//! their progress). Plain data: `update` changes it, `view` draws it, neither does any I/O.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use crate::ops::CertStatus;

/// One certificate, as the table and the detail pane show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    /// Lineage name.
    pub(super) name: String,
    /// Every identifier.
    pub(super) identifiers: Vec<String>,
    /// The CA directory URL.
    pub(super) ca: Option<String>,
    /// Key type (`ecdsa-p256`, `rsa-2048`, ...).
    pub(super) key_type: Option<String>,
    /// Status now.
    pub(super) status: CertStatus,
    /// Expiry of the current version.
    pub(super) not_after: Option<OffsetDateTime>,
    /// Whole days until expiry (negative when expired).
    pub(super) days_left: Option<i64>,
    /// When it renews next (`None`: due now, or never issued).
    pub(super) next_renewal: Option<OffsetDateTime>,
    /// Why then (ARI window, lifetime rule, backoff).
    pub(super) reason: String,
    /// True while backing off after failures.
    pub(super) backing_off: bool,
    /// Consecutive failures.
    pub(super) failures: u32,
    /// The last error.
    pub(super) last_error: Option<String>,
    /// The last success.
    pub(super) last_success: Option<OffsetDateTime>,
    /// Current version number.
    pub(super) version: Option<u32>,
    /// The CA's renewal window (ARI), start and end.
    pub(super) ari_window: Option<(OffsetDateTime, OffsetDateTime)>,
    /// Deploy hooks waiting for a retry.
    pub(super) pending_hooks: Vec<String>,
}

impl Row {
    /// A row with only a name and a status (the rest empty), for tests and damaged lineages.
    pub(super) fn named(name: &str, status: CertStatus) -> Self {
        Self {
            name: name.to_owned(),
            identifiers: Vec::new(),
            ca: None,
            key_type: None,
            status,
            not_after: None,
            days_left: None,
            next_renewal: None,
            reason: String::new(),
            backing_off: false,
            failures: 0,
            last_error: None,
            last_success: None,
            version: None,
            ari_window: None,
            pending_hooks: Vec::new(),
        }
    }

    /// True when `filter` (already lower-case) is found in its name, identifiers or CA.
    fn matches(&self, filter: &str) -> bool {
        filter.is_empty()
            || self.name.to_lowercase().contains(filter)
            || self
                .identifiers
                .iter()
                .any(|id| id.to_lowercase().contains(filter))
            || self
                .ca
                .as_deref()
                .is_some_and(|ca| ca.to_lowercase().contains(filter))
    }
}

/// The selected certificate in full, loaded in the background when it is selected (the table
/// never waits for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Detail {
    /// Lineage name.
    pub(super) name: String,
    /// Serial of the current version.
    pub(super) serial: Option<String>,
    /// Issuer of the current version.
    pub(super) issuer: Option<String>,
    /// Start of validity of the current version.
    pub(super) not_before: Option<OffsetDateTime>,
    /// The spec's key type.
    pub(super) key_type: String,
    /// How challenges are answered.
    pub(super) challenge: String,
    /// The ACME profile asked for.
    pub(super) profile: Option<String>,
    /// The account it is ordered with.
    pub(super) account: String,
    /// The chain as served, leaf first: each certificate's subject and its issuer.
    pub(super) chain: Vec<ChainLink>,
    /// The CA's explanation of its renewal window (ARI).
    pub(super) ari_explanation_url: Option<String>,
    /// Why the CA's window could not be refreshed, if it could not.
    pub(super) ari_problem: Option<String>,
    /// When the last failure happened.
    pub(super) last_failure: Option<OffsetDateTime>,
    /// The CA's Retry-After, if it sent one.
    pub(super) retry_after: Option<OffsetDateTime>,
    /// The hooks, as `stage: command`.
    pub(super) hooks: Vec<String>,
    /// The install targets, one line each.
    pub(super) targets: Vec<String>,
    /// The last deploy, if any.
    pub(super) deploy: Option<crate::domain::DeployState>,
    /// The stored versions, newest first.
    pub(super) versions: Vec<VersionLine>,
}

impl Detail {
    /// A detail with only a name (the rest empty), for tests.
    #[cfg(test)]
    pub(super) fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            serial: None,
            issuer: None,
            not_before: None,
            key_type: String::new(),
            challenge: String::new(),
            profile: None,
            account: String::new(),
            chain: Vec::new(),
            ari_explanation_url: None,
            ari_problem: None,
            last_failure: None,
            retry_after: None,
            hooks: Vec::new(),
            targets: Vec::new(),
            deploy: None,
            versions: Vec::new(),
        }
    }
}

/// One certificate of a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ChainLink {
    /// Its subject.
    pub(super) subject: String,
    /// Who issued it.
    pub(super) issuer: String,
}

/// One stored version of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct VersionLine {
    /// Its number in the lineage.
    pub(super) version: u32,
    /// Its serial.
    pub(super) serial: String,
    /// Its expiry.
    pub(super) not_after: OffsetDateTime,
}

/// The selected certificate's detail, as far as it is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DetailState {
    /// Nothing selected yet.
    None,
    /// Asked for; the pane shows what the table knows meanwhile.
    Loading(String),
    /// Loaded.
    Loaded(Box<Detail>),
    /// It could not be read (a damaged lineage).
    Failed {
        /// The certificate.
        name: String,
        /// Why.
        message: String,
    },
}

impl DetailState {
    /// The loaded detail of `name`, if that is what is loaded.
    pub(super) fn of(&self, name: &str) -> Option<&Detail> {
        match self {
            DetailState::Loaded(detail) if detail.name == name => Some(detail),
            _ => None,
        }
    }
}

/// The column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SortKey {
    /// Soonest expiry first (never issued last).
    Expires,
    /// By name.
    Name,
    /// Soonest renewal first.
    NextRenewal,
    /// By CA.
    Ca,
    /// Most failures first.
    Failures,
}

impl SortKey {
    /// The next column, for the key that cycles through them.
    pub(super) fn next(self) -> Self {
        match self {
            SortKey::Expires => SortKey::Name,
            SortKey::Name => SortKey::NextRenewal,
            SortKey::NextRenewal => SortKey::Ca,
            SortKey::Ca => SortKey::Failures,
            SortKey::Failures => SortKey::Expires,
        }
    }

    /// The column's label.
    pub(super) fn label(self) -> &'static str {
        match self {
            SortKey::Expires => "expires",
            SortKey::Name => "name",
            SortKey::NextRenewal => "next renewal",
            SortKey::Ca => "CA",
            SortKey::Failures => "failures",
        }
    }
}

/// What takes the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// The table: movement and actions.
    Normal,
    /// Typing the filter after `/`.
    Filter,
    /// The help overlay.
    Help,
    /// A destructive action waits for `y` (see [`Model::confirm`]).
    Confirm,
    /// The log of the selected certificate's last run: this session's, else the store's record.
    Log,
    /// The selected certificate's detail on the whole screen (Enter).
    Detail,
    /// The form for a new certificate (`n`, see [`Model::form`]).
    Form,
    /// The form for a new install target (`i`, see [`Model::install_form`]).
    Install,
    /// The form for a new account (`n` on the accounts tab, see [`Model::register_form`]).
    Register,
}

/// The views, switched with Tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tab {
    /// The certificates table and detail pane.
    Certificates,
    /// The accounts per CA.
    Accounts,
    /// Whether a daemon runs for this store.
    Daemon,
}

impl Tab {
    /// The next tab.
    pub(super) fn next(self) -> Self {
        match self {
            Tab::Certificates => Tab::Accounts,
            Tab::Accounts => Tab::Daemon,
            Tab::Daemon => Tab::Certificates,
        }
    }
}

/// A destructive action waiting for confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Confirm {
    /// Delete the lineage from the store (no revocation).
    Delete {
        /// The certificate.
        name: String,
    },
    /// Revoke the current certificate at its CA.
    Revoke {
        /// The certificate.
        name: String,
        /// The reason to send, chosen with the arrow keys.
        reason: crate::ops::RevokeReason,
    },
    /// Roll an account's key over at its CA.
    Rollover {
        /// The account.
        name: String,
        /// Its CA's directory URL.
        ca: String,
    },
}

/// One account, as the accounts tab shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AccountLine {
    /// Account name.
    pub(super) name: String,
    /// CA directory URL.
    pub(super) ca: String,
    /// Contact addresses.
    pub(super) contact: Vec<String>,
    /// Status at the CA, as last recorded.
    pub(super) status: String,
    /// The account key's thumbprint.
    pub(super) key_thumbprint: String,
    /// The EAB key id, if the account was bound to one.
    pub(super) eab_kid: Option<String>,
}

/// What the daemon last recorded for this store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DaemonLine {
    /// Its process id.
    pub(super) pid: u32,
    /// `running` or `stopped`.
    pub(super) state: String,
    /// When it wakes next.
    pub(super) next_wake: Option<OffsetDateTime>,
    /// What its last round did.
    pub(super) last_round: String,
}

/// What is going on with a certificate in this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Activity {
    /// A renewal runs; its progress so far, newest last.
    Renewing {
        /// One line per step.
        steps: Vec<String>,
    },
    /// Another certkeep process (the daemon, a cron run) holds the store: not an error.
    Busy,
    /// Renewed in this session.
    Renewed {
        /// The new serial.
        serial: String,
    },
    /// The renewal failed.
    Failed {
        /// Why.
        message: String,
    },
}

/// Everything the TUI shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Model {
    /// The certificates, in load order.
    pub(super) rows: Vec<Row>,
    /// False until the first load arrives.
    pub(super) loaded: bool,
    /// Why the last load failed, if it did.
    pub(super) load_error: Option<String>,
    /// The selected certificate, by name (a reload or a new sort keeps it).
    pub(super) selected: Option<String>,
    /// The sort column.
    pub(super) sort: SortKey,
    /// Reverse order.
    pub(super) descending: bool,
    /// The filter as typed.
    pub(super) filter: String,
    /// What takes the keyboard.
    pub(super) mode: Mode,
    /// Renewals and their outcomes, by certificate name.
    pub(super) activity: BTreeMap<String, Activity>,
    /// A one-line notice at the bottom (the last thing that happened).
    pub(super) notice: Option<String>,
    /// Set when the user asked to quit.
    pub(super) quit: bool,
    /// The tab shown.
    pub(super) tab: Tab,
    /// Each certificate's last run in this session, step by step, its outcome last.
    pub(super) last_run: BTreeMap<String, Vec<String>>,
    /// The action waiting for `y`, in [`Mode::Confirm`].
    pub(super) confirm: Option<Confirm>,
    /// The accounts, for the accounts tab.
    pub(super) accounts: Vec<AccountLine>,
    /// The daemon's record, for the daemon tab (`None`: no daemon ever ran on this store).
    pub(super) daemon: Option<DaemonLine>,
    /// The selected certificate's detail.
    pub(super) detail: DetailState,
    /// The time of the last load (the validity bar's "now"; `view` reads no clock).
    pub(super) now: Option<OffsetDateTime>,
    /// Lines scrolled in the full-screen detail (Page Down); back to the top for another
    /// certificate.
    pub(super) detail_scroll: u16,
    /// The terminal's size, columns and rows (`None` until the runtime says), for finding what
    /// a mouse click hit.
    pub(super) size: Option<(u16, u16)>,
    /// The new-certificate form, in [`Mode::Form`].
    pub(super) form: Option<super::form::ObtainForm>,
    /// The selected account on the accounts tab, by position.
    pub(super) account_selected: usize,
    /// The install-target form, in [`Mode::Install`].
    pub(super) install_form: Option<super::install_form::InstallForm>,
    /// The new-account form, in [`Mode::Register`]; kept while its registration runs.
    pub(super) register_form: Option<super::register_form::RegisterForm>,
}

impl Default for Model {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            loaded: false,
            load_error: None,
            selected: None,
            sort: SortKey::Expires,
            descending: false,
            filter: String::new(),
            mode: Mode::Normal,
            activity: BTreeMap::new(),
            notice: None,
            quit: false,
            tab: Tab::Certificates,
            last_run: BTreeMap::new(),
            confirm: None,
            accounts: Vec::new(),
            daemon: None,
            detail: DetailState::None,
            now: None,
            detail_scroll: 0,
            size: None,
            form: None,
            install_form: None,
            register_form: None,
            account_selected: 0,
        }
    }
}

impl Model {
    /// The rows the filter lets through, in the chosen order.
    pub(super) fn visible(&self) -> Vec<&Row> {
        let filter = self.filter.to_lowercase();
        let mut rows: Vec<&Row> = self.rows.iter().filter(|r| r.matches(&filter)).collect();
        match self.sort {
            SortKey::Expires => rows.sort_by_key(|r| (r.not_after.is_none(), r.not_after)),
            SortKey::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
            SortKey::NextRenewal => {
                rows.sort_by_key(|r| (r.next_renewal.is_some(), r.next_renewal));
            }
            SortKey::Ca => rows.sort_by(|a, b| a.ca.cmp(&b.ca)),
            SortKey::Failures => rows.sort_by_key(|r| std::cmp::Reverse(r.failures)),
        }
        if self.descending {
            rows.reverse();
        }
        rows
    }

    /// The position of the selected row among the visible ones.
    pub(super) fn selected_index(&self, visible: &[&Row]) -> Option<usize> {
        let name = self.selected.as_deref()?;
        visible.iter().position(|r| r.name == name)
    }

    /// The selected row, if it is visible.
    pub(super) fn selected_row(&self) -> Option<&Row> {
        let name = self.selected.as_deref()?;
        let filter = self.filter.to_lowercase();
        self.rows
            .iter()
            .find(|r| r.name == name && r.matches(&filter))
    }
}
