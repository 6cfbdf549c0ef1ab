//! Plain nouns of certkeep: identifiers, certificate names, what the user asked for
//! ([`CertSpec`]) and what the CA issued ([`CertRecord`]). Serde types, validation, no I/O.
//!
//! Must not import anything above `error` and `clock`.

mod identifier;
mod install;
mod key_spec;
mod ledger;
mod lifecycle;
mod name;
mod record;
mod secret;
mod spec;

pub use identifier::{Identifier, IdentifierError, parse_identifiers};
pub use install::{
    DEFAULT_VERIFY_SECS, DeployState, InstallGroup, InstallSpecError, InstallTarget,
    MAX_VERIFY_SECS, Preset, TargetKind, Verified, VerifySpec, check_groups, parse_mode,
};
pub use key_spec::KeySpec;
pub use ledger::{
    AriState, FailureLedger, LineageState, MAX_CLOCK_SKEW, MAX_RETRY_AFTER, PendingHook,
    Revocation, RevocationReason, backoff_after,
};
pub use lifecycle::{
    DEFAULT_HOOK_TIMEOUT, HookSpec, Hooks, MAX_RENEW_BEFORE_SECS, MAX_WAIT_SECS, RenewalPolicy,
    bounded_secs,
};
pub use name::{CertName, NameError};
pub use record::CertRecord;
pub use secret::Secret;
pub use spec::{
    CertSpec, ChallengeKind, ChallengeSpec, Dns01Settings, Dns01Spec, DnsProvider, DnsSpecError,
};

/// Every domain error is bad input: the user gave a name, an identifier or dns-01 settings that
/// cannot be used.
mod classify {
    use super::{DnsSpecError, IdentifierError, NameError};
    use crate::error::{Classify, Kind};

    impl Classify for NameError {
        fn kind(&self) -> Kind {
            Kind::Usage
        }
    }

    impl Classify for IdentifierError {
        fn kind(&self) -> Kind {
            Kind::Usage
        }
    }

    impl Classify for DnsSpecError {
        fn kind(&self) -> Kind {
            Kind::Usage
        }

        fn hint(&self) -> Option<String> {
            Some(match self {
                DnsSpecError::AcmeDnsWithoutUrl => "give the acme-dns server's API URL, e.g. --acme-dns-url https://auth.example.org (register each name first with 'certkeep dns acme-dns register')".to_owned(),
                DnsSpecError::Rfc2136Incomplete => "e.g. --dns-server 192.0.2.53 --tsig-key-name certkeep --tsig-secret keyring:tsig-certkeep (the name your DNS server's TSIG key has)".to_owned(),
                DnsSpecError::ExecWithoutScript => "give the script that adds and removes the record: --dns-script /path/to/script".to_owned(),
                DnsSpecError::Unknown(_) => "use one of rfc2136, acme-dns, exec, manual".to_owned(),
            })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::error::Error;

        #[test]
        fn bad_input_is_a_usage_error() {
            let name = Error::from(NameError { name: "a/b".into() });
            let id = Error::from(IdentifierError::Empty);
            let dns = Error::from(DnsSpecError::ExecWithoutScript);
            for err in [name, id, dns] {
                assert_eq!(err.exit_code(), 2, "{err}");
            }
        }
    }
}
