//! What a command could not do at the `ops` level ([`OpsError`]): the request does not fit
//! (names, flags, accounts), or a run's outcome (failed renewals, failed hooks). Errors of the
//! layers below pass through `?` with their own types.

use std::path::PathBuf;
use std::time::Duration;

use time::OffsetDateTime;

use crate::domain::{ChallengeKind, IdentifierError};
use crate::error::{Classify, Detail, Error, Kind};

/// Something a command could not do.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// `--name` of an account that is not a valid name.
    #[error("'{name}' is not a valid account name")]
    InvalidAccountName {
        /// The name, control characters escaped.
        name: String,
    },
    /// `--email` that is not one address.
    #[error("'{email}' is not an e-mail address")]
    NotAnEmail {
        /// The value, control characters escaped.
        email: String,
    },
    /// Registration without `--agree-tos`.
    #[error("the CA's terms of service must be agreed to")]
    TermsNotAgreed,
    /// Only one of the two EAB flags.
    #[error("External Account Binding needs both --eab-kid and --eab-hmac-key")]
    EabIncomplete,
    /// Registration under a name that is taken, without `--replace`.
    #[error("an account named '{name}' is already registered with '{ca}'")]
    AccountExists {
        /// The account name.
        name: String,
        /// The CA's directory URL.
        ca: String,
    },
    /// The CA wants EAB and none was given.
    #[error("this CA requires External Account Binding")]
    EabRequired,
    /// A file named on the command line could not be read.
    #[error("could not read {}'{}'", what.label(), path.display())]
    ReadInput {
        /// What the file is.
        what: Input,
        /// The path as given.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// `--account`/`--ca` match several accounts.
    #[error("more than one account matches")]
    AmbiguousAccount {
        /// The candidates.
        #[source]
        candidates: Detail,
    },
    /// No account is registered for the CA (and registering was not asked for).
    #[error("no account{} is registered with '{ca}'", name.as_ref().map(|n| format!(" named '{n}'")).unwrap_or_default())]
    NoAccount {
        /// The `--account` asked for, if any.
        name: Option<String>,
        /// The CA's directory URL.
        ca: String,
        /// The `account register` command that fixes it.
        register: String,
    },
    /// An account that is deactivated or revoked.
    #[error("the account '{name}' is {status}")]
    AccountNotValid {
        /// The account name.
        name: String,
        /// Its status at the CA.
        status: String,
        /// The `account register` command that replaces it.
        register: String,
    },
    /// `edit --ca/--account` naming no account registered with that CA.
    #[error("no account{} is registered with '{ca}'", name.as_ref().map(|n| format!(" named '{n}'")).unwrap_or_default())]
    NoAccountForEdit {
        /// The `--account` asked for, if any.
        name: Option<String>,
        /// The CA's directory URL.
        ca: String,
        /// The `account register` command that fixes it.
        register: String,
    },
    /// An account whose key certkeep cannot sign with, not even to roll it over to P-256
    /// (instant-acme signs with ECDSA P-256 only; RSA 2048 to 4096 bits and P-384 are moved).
    #[error(
        "the account '{name}' has an {key_type} key, and certkeep signs ACME requests with ec-p256 account keys only"
    )]
    AccountKeyCannotSign {
        /// The account name.
        name: String,
        /// The key's type.
        key_type: String,
        /// The name suggested for a new account at the same CA.
        suggested: String,
        /// The `account register` command that makes that account.
        register: String,
    },
    /// A dry run on an account whose key is rolled over to P-256 at its first use: a dry run
    /// changes nothing at the CA, and the rollover cannot be undone.
    #[error(
        "the account '{name}' has an {key_type} key, which certkeep rolls over to P-256 at its first use, and a dry run changes nothing at the CA"
    )]
    AccountKeyMovesFirst {
        /// The account name.
        name: String,
        /// The key's type.
        key_type: String,
    },
    /// The key a key change left pending is not P-256: certkeep never makes one, so the file
    /// was changed by hand, and switching to it would leave an account certkeep cannot use.
    #[error(
        "the pending account key '{}' is a {key_type} key, not the P-256 key certkeep made for the key change",
        path.display()
    )]
    PendingKeyNotP256 {
        /// The pending key's file.
        path: PathBuf,
        /// Its type.
        key_type: String,
    },
    /// `edit --key-type` of a lineage whose key comes from the user's CSR.
    #[error("the key of a CSR certificate is the CSR's: --key-type does not apply")]
    KeyTypeOfCsr,
    /// `-d` values that are not identifiers.
    #[error(transparent)]
    BadIdentifiers(IdentifierError),
    /// `-d` and `--csr` name different identifiers.
    #[error("the names given with -d differ from the CSR's")]
    NamesDifferFromCsr,
    /// An IP address with dns-01.
    #[error("the IP address '{ip}' cannot be validated with dns-01")]
    IpWithDns01 {
        /// The address.
        ip: String,
    },
    /// A wildcard with a challenge other than dns-01.
    #[error("the wildcard '{wildcard}' cannot be validated with {challenge}")]
    WildcardWithout {
        /// The wildcard identifier.
        wildcard: String,
        /// The challenge that cannot prove it.
        challenge: ChallengeKind,
    },
    /// `--profile` with characters a profile name cannot have.
    #[error("'{profile}' is not a valid profile name")]
    InvalidProfile {
        /// The value, control characters escaped.
        profile: String,
    },
    /// A profile the CA does not list.
    #[error("the CA does not offer the profile '{profile}'")]
    ProfileNotOffered {
        /// The profile asked for.
        profile: String,
        /// The profiles offered, comma-separated.
        offered: String,
    },
    /// `--csr` signed with the ACME account's key.
    #[error("the CSR uses the ACME account's key")]
    CsrUsesAccountKey,
    /// A DNS record asked for an IP address.
    #[error("an IP address has no DNS challenge record")]
    IpHasNoDnsRecord,
    /// No resolver to find the authoritative servers with.
    #[error("no DNS resolver is configured")]
    NoResolver,
    /// The CA's directory lists no CAA identity (dns-persist-01 needs one).
    #[error("the CA '{ca}' names no CAA identity in its directory")]
    NoCaaIdentity {
        /// The CA's directory URL.
        ca: String,
    },
    /// A persistent record missing on some authoritative servers.
    #[error("'{record}' is not published on every authoritative server")]
    NotPublished {
        /// The record.
        record: String,
        /// The servers that lack it.
        #[source]
        missing: Detail,
    },
    /// acme-dns credentials that do not serialize (a bug).
    #[error("could not encode the credentials")]
    EncodeCredentials(#[source] serde_json::Error),
    /// `revoke` of a lineage that was never issued.
    #[error("'{name}' has no issued certificate to revoke")]
    NothingToRevoke {
        /// The lineage.
        name: String,
    },
    /// `revoke` while another fleet node renews the certificate (or just did).
    #[error("{what}: '{name}' is not revoked, nothing was sent to the CA")]
    RenewingElsewhere {
        /// The lineage.
        name: String,
        /// What the other node is doing.
        what: String,
    },
    /// The stored `cert.pem` does not parse.
    #[error("the stored certificate of '{name}' is damaged")]
    StoredCertificateDamaged {
        /// The lineage.
        name: String,
        /// Why.
        #[source]
        source: Error,
    },
    /// The stored `cert.pem` holds no certificate.
    #[error("no certificate in cert.pem")]
    NoStoredCertificate,
    /// `hooks test` of a lineage without hooks.
    #[error("'{name}' has no hooks")]
    NoHooks {
        /// The lineage.
        name: String,
    },
    /// Hooks of one issuance failed; the certificate is stored.
    #[error("{count} hook(s) failed")]
    HooksFailed {
        /// How many.
        count: usize,
        /// Each failure with its reason and output tail.
        #[source]
        each: Option<Detail>,
    },
    /// Hooks of a renew run failed; the certificates are stored.
    #[error("certificates were stored, but hooks failed")]
    RenewHooksFailed {
        /// Each failed hook.
        #[source]
        each: Option<Detail>,
    },
    /// Every certificate a renew run tried failed.
    #[error("could not renew {names}")]
    RenewFailed {
        /// The failed names, quoted and comma-separated.
        names: String,
        /// The first failure's kind: the run ends with it.
        first: Kind,
        /// The latest Retry-After among the failures.
        retry_at: Option<OffsetDateTime>,
        /// Each failure.
        #[source]
        each: Option<Detail>,
    },
    /// Some certificates renewed and some failed.
    #[error("could not renew {names}")]
    RenewPartlyFailed {
        /// The failed names, quoted and comma-separated.
        names: String,
        /// The latest Retry-After among the failures.
        retry_at: Option<OffsetDateTime>,
        /// Each failure.
        #[source]
        each: Option<Detail>,
    },
    /// The OS random source failed when drawing the renew delay.
    #[error("could not draw the random delay before renewing")]
    RandomDelay(#[source] getrandom::Error),
    /// The key-generation task died.
    #[error("key generation stopped")]
    KeyGeneration(#[source] tokio::task::JoinError),
    /// A store write run off the runtime's thread died.
    #[error("a store write stopped")]
    StoreTask(#[source] tokio::task::JoinError),
    /// The whole order outlived its deadline.
    #[error("the order did not finish within {} s", limit.as_secs())]
    OrderDeadline {
        /// The deadline.
        limit: Duration,
    },
    /// No chain to pick from (a bug: the CA's default chain is always there).
    #[error("no chain")]
    NoChain,
}

/// A file named on the command line, by what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// `--ca-root` of `account register` and `dns acme-dns register`.
    File,
    /// `--csr`.
    Csr,
    /// `--ca-root` when connecting to a CA.
    CaRoot,
}

impl Input {
    /// The words before the quoted path in "could not read ...".
    fn label(self) -> &'static str {
        match self {
            Input::File => "",
            Input::Csr => "the CSR ",
            Input::CaRoot => "the CA root ",
        }
    }
}

impl Classify for OpsError {
    fn kind(&self) -> Kind {
        match self {
            OpsError::EabRequired | OpsError::NoCaaIdentity { .. } => Kind::CaRefused,
            OpsError::NotPublished { .. } => Kind::ValidationFailed,
            OpsError::StoredCertificateDamaged { .. }
            | OpsError::NoStoredCertificate
            | OpsError::PendingKeyNotP256 { .. } => Kind::Storage,
            OpsError::HooksFailed { .. } | OpsError::RenewHooksFailed { .. } => Kind::HookFailed,
            OpsError::RenewFailed { first, .. } => *first,
            OpsError::RenewPartlyFailed { .. } => Kind::PartialFailure,
            OpsError::OrderDeadline { .. } | OpsError::RenewingElsewhere { .. } => Kind::Transient,
            OpsError::EncodeCredentials(_)
            | OpsError::RandomDelay(_)
            | OpsError::KeyGeneration(_)
            | OpsError::StoreTask(_)
            | OpsError::NoChain => Kind::Internal,
            OpsError::InvalidAccountName { .. }
            | OpsError::NotAnEmail { .. }
            | OpsError::TermsNotAgreed
            | OpsError::EabIncomplete
            | OpsError::AccountExists { .. }
            | OpsError::ReadInput { .. }
            | OpsError::AmbiguousAccount { .. }
            | OpsError::NoAccount { .. }
            | OpsError::AccountNotValid { .. }
            | OpsError::NoAccountForEdit { .. }
            | OpsError::AccountKeyCannotSign { .. }
            | OpsError::AccountKeyMovesFirst { .. }
            | OpsError::KeyTypeOfCsr
            | OpsError::BadIdentifiers(_)
            | OpsError::NamesDifferFromCsr
            | OpsError::IpWithDns01 { .. }
            | OpsError::WildcardWithout { .. }
            | OpsError::InvalidProfile { .. }
            | OpsError::ProfileNotOffered { .. }
            | OpsError::CsrUsesAccountKey
            | OpsError::IpHasNoDnsRecord
            | OpsError::NoResolver
            | OpsError::NothingToRevoke { .. }
            | OpsError::NoHooks { .. } => Kind::Usage,
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "a table: one help line per error, read top to bottom"
    )]
    fn hint(&self) -> Option<String> {
        let hint = match self {
            OpsError::InvalidAccountName { .. } => "use letters, digits, '.', '_' or '-'",
            OpsError::TermsNotAgreed => {
                "read the CA's terms (its directory's meta.termsOfService), then pass --agree-tos"
            }
            OpsError::AccountExists { .. } => {
                "pick another name with --name, use the existing account ('certkeep account show'), or register anew under this name with --replace"
            }
            OpsError::EabRequired => {
                "get an EAB key id and HMAC key from the CA's dashboard, then pass --eab-kid KID --eab-hmac-key file:PATH"
            }
            OpsError::AmbiguousAccount { .. } => "pick one with --account NAME and/or --ca CA",
            OpsError::NoAccount { register, .. } => {
                return Some(format!(
                    "register one with '{register}', or add --agree-tos --email ... to this command"
                ));
            }
            OpsError::AccountNotValid { register, .. } => {
                return Some(format!("register a new account in its place: {register}"));
            }
            OpsError::NoAccountForEdit { register, .. } => {
                return Some(format!(
                    "register one first with '{register}', then run this edit again"
                ));
            }
            OpsError::AccountKeyCannotSign {
                register,
                suggested,
                ..
            } => {
                return Some(format!(
                    "register an account with a new key: '{register}', then move each certificate to it: 'certkeep edit NAME --account {suggested}'"
                ));
            }
            OpsError::AccountKeyMovesFirst { .. } => {
                "run it without --dry-run: the first real use moves the account to a new P-256 key (same account URL; the old client can no longer use it)"
            }
            OpsError::KeyTypeOfCsr => {
                "give a new CSR with 'certkeep obtain --csr FILE', or drop --key-type"
            }
            OpsError::BadIdentifiers(_) => {
                "give each name with -d NAME: letters, digits, '-' and '.', or an IP address"
            }
            OpsError::NamesDifferFromCsr => "drop -d to use the CSR's names",
            OpsError::IpWithDns01 { .. } => "IP addresses need http-01 or tls-alpn-01 (RFC 8738)",
            OpsError::WildcardWithout { .. } => {
                "wildcards need the dns-01 challenge; list the exact names instead"
            }
            OpsError::ProfileNotOffered { offered, .. } => {
                return Some(format!("offered: {offered}"));
            }
            OpsError::CsrUsesAccountKey => {
                "make a separate key for the certificate, e.g. 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'"
            }
            OpsError::NoResolver => "name a server with --dns-check-server ADDR[:PORT]",
            OpsError::NoCaaIdentity { .. } => {
                "dns-persist-01 needs the CA's issuer domain; this CA may not support it yet"
            }
            OpsError::NotPublished { .. } => {
                "publish the value 'certkeep dns persist-record' prints, on every server of the zone"
            }
            OpsError::NothingToRevoke { .. } => "delete it with 'certkeep delete NAME'",
            OpsError::RenewingElsewhere { .. } => {
                "run the same 'certkeep revoke' again once that renewal is over: it then revokes the certificate the fleet has"
            }
            OpsError::NoHooks { .. } => {
                "add them with 'certkeep obtain ... --deploy-hook COMMAND' or in its spec.toml"
            }
            OpsError::HooksFailed { .. } => {
                "the certificate is stored and current; fix the hook, then run 'certkeep hooks test NAME'"
            }
            OpsError::RenewHooksFailed { .. } => {
                "fix the hook, then run 'certkeep hooks test NAME'; the next run retries it"
            }
            OpsError::RenewFailed { .. } | OpsError::RenewPartlyFailed { .. } => {
                "'certkeep status' shows each certificate's failures and when it will be tried again"
            }
            OpsError::RandomDelay(_) => {
                "the OS random source failed; --no-random-delay skips the delay"
            }
            OpsError::OrderDeadline { .. } => {
                "the CA or the challenge is slow; the order is kept and the next run picks it up"
            }
            OpsError::PendingKeyNotP256 { .. } => {
                "put back the pending.key.pem certkeep wrote (from a backup); move the file aside only if no key change was sent with it"
            }
            OpsError::InvalidProfile { .. } => {
                "a profile name is letters, digits, '-', '_' and '.' (e.g. classic, tlsserver, shortlived)"
            }
            OpsError::NotAnEmail { .. }
            | OpsError::EabIncomplete
            | OpsError::ReadInput { .. }
            | OpsError::IpHasNoDnsRecord
            | OpsError::EncodeCredentials(_)
            | OpsError::StoredCertificateDamaged { .. }
            | OpsError::NoStoredCertificate
            | OpsError::KeyGeneration(_)
            | OpsError::StoreTask(_)
            | OpsError::NoChain => return None,
        };
        Some(hint.to_owned())
    }

    fn retry_after(&self) -> Option<OffsetDateTime> {
        match self {
            OpsError::RenewFailed { retry_at, .. }
            | OpsError::RenewPartlyFailed { retry_at, .. } => *retry_at,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[expect(clippy::too_many_lines, reason = "one row per variant")]
    fn each_ops_error_has_its_exit_code() {
        let s = || "x".to_owned();
        let io = || std::io::Error::other("x");
        let d = || Detail::new("x");
        let stored = || Error::from(OpsError::NoStoredCertificate);
        let table = [
            (OpsError::InvalidAccountName { name: s() }, 2),
            (OpsError::NotAnEmail { email: s() }, 2),
            (OpsError::TermsNotAgreed, 2),
            (OpsError::EabIncomplete, 2),
            (OpsError::AccountExists { name: s(), ca: s() }, 2),
            (OpsError::EabRequired, 3),
            (
                OpsError::ReadInput {
                    what: Input::Csr,
                    path: PathBuf::new(),
                    source: io(),
                },
                2,
            ),
            (OpsError::AmbiguousAccount { candidates: d() }, 2),
            (
                OpsError::NoAccountForEdit {
                    name: None,
                    ca: s(),
                    register: s(),
                },
                2,
            ),
            (
                OpsError::AccountKeyCannotSign {
                    name: s(),
                    key_type: s(),
                    suggested: s(),
                    register: s(),
                },
                2,
            ),
            (
                OpsError::AccountKeyMovesFirst {
                    name: s(),
                    key_type: s(),
                },
                2,
            ),
            (OpsError::KeyTypeOfCsr, 2),
            (
                OpsError::NoAccount {
                    name: None,
                    ca: s(),
                    register: s(),
                },
                2,
            ),
            (
                OpsError::AccountNotValid {
                    name: s(),
                    status: s(),
                    register: s(),
                },
                2,
            ),
            (OpsError::BadIdentifiers(IdentifierError::Empty), 2),
            (OpsError::NamesDifferFromCsr, 2),
            (OpsError::IpWithDns01 { ip: s() }, 2),
            (
                OpsError::WildcardWithout {
                    wildcard: s(),
                    challenge: ChallengeKind::Http01,
                },
                2,
            ),
            (OpsError::InvalidProfile { profile: s() }, 2),
            (
                OpsError::ProfileNotOffered {
                    profile: s(),
                    offered: s(),
                },
                2,
            ),
            (OpsError::CsrUsesAccountKey, 2),
            (OpsError::IpHasNoDnsRecord, 2),
            (OpsError::NoResolver, 2),
            (OpsError::NoCaaIdentity { ca: s() }, 3),
            (
                OpsError::NotPublished {
                    record: s(),
                    missing: d(),
                },
                5,
            ),
            (OpsError::NothingToRevoke { name: s() }, 2),
            (
                OpsError::RenewingElsewhere {
                    name: s(),
                    what: s(),
                },
                4,
            ),
            (
                OpsError::StoredCertificateDamaged {
                    name: s(),
                    source: stored(),
                },
                6,
            ),
            (OpsError::NoStoredCertificate, 6),
            (OpsError::NoHooks { name: s() }, 2),
            (
                OpsError::HooksFailed {
                    count: 1,
                    each: None,
                },
                7,
            ),
            (OpsError::RenewHooksFailed { each: None }, 7),
            (
                OpsError::RenewFailed {
                    names: s(),
                    first: Kind::CaRefused,
                    retry_at: None,
                    each: None,
                },
                3,
            ),
            (
                OpsError::RenewPartlyFailed {
                    names: s(),
                    retry_at: None,
                    each: None,
                },
                10,
            ),
            (
                OpsError::OrderDeadline {
                    limit: Duration::from_secs(1),
                },
                4,
            ),
            (OpsError::NoChain, 1),
        ];
        for (err, code) in table {
            let name = format!("{err:?}");
            assert_eq!(Error::from(err).exit_code(), code, "{name}");
        }
    }

    #[test]
    fn a_missing_account_names_the_account_and_the_ca_and_the_fix() {
        let named = Error::from(OpsError::NoAccount {
            name: Some("ops".into()),
            ca: "https://ca.test/dir".into(),
            register: "certkeep account register --name ops".into(),
        });
        assert_eq!(
            named.message,
            "no account named 'ops' is registered with 'https://ca.test/dir'"
        );
        assert_eq!(
            named.hint.as_deref(),
            Some(
                "register one with 'certkeep account register --name ops', or add --agree-tos --email ... to this command"
            )
        );
        let unnamed = OpsError::NoAccount {
            name: None,
            ca: "https://ca.test/dir".into(),
            register: String::new(),
        };
        assert_eq!(
            unnamed.to_string(),
            "no account is registered with 'https://ca.test/dir'"
        );
        let csr = OpsError::ReadInput {
            what: Input::Csr,
            path: PathBuf::from("/r.csr"),
            source: std::io::Error::other("x"),
        };
        assert_eq!(csr.to_string(), "could not read the CSR '/r.csr'");
    }

    #[test]
    fn bad_identifiers_read_as_the_identifier_error_with_the_flag_hint() {
        let err = Error::from(OpsError::BadIdentifiers(IdentifierError::Duplicate(
            "a.test".into(),
        )));
        assert_eq!(err.message, "'a.test' is given more than once");
        assert!(err.causes.is_empty());
        assert!(err.hint.is_some_and(|h| h.contains("-d NAME")));
    }
}
