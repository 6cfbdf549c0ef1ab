//! Report values for the renderers' snapshot tests: fixed times (no clock reads), no temp
//! paths, and the hostile text a CA, a DNS server, a hook or a hand-edited file could send.

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::domain::{Revocation, RevocationReason};
use crate::store::Damage;

/// "Now" in every snapshot.
pub(super) const T0: OffsetDateTime = datetime!(2026-03-01 12:00:00 UTC);

/// `T0` moved by whole days.
pub(super) fn days(n: i64) -> OffsetDateTime {
    T0 + Duration::days(n)
}

/// Colour, a screen clear, a carriage return, a forged `error:` line and a bidi override.
pub(super) const HOSTILE: &str = "evil\u{1b}[31m red\u{1b}[2J\r\nerror: forged\u{202e}txt";

/// A name much wider than the columns around it.
pub(super) const LONG_NAME: &str =
    "a-very-long-certificate-name-that-goes-on-and-on.sub.example.org";

/// A revocation at `T0 - 1 day`.
pub(super) fn revocation(serial: &str, reason: Option<RevocationReason>) -> Revocation {
    Revocation {
        serial: serial.into(),
        reason,
        revoked_at: days(-1),
    }
}

/// A damaged lineage whose directory name and reason carry terminal controls.
pub(super) fn damage() -> Damage {
    Damage {
        name: "bad\u{1b}[2Jdir".into(),
        file: "/var/lib/certkeep/certs/bad\u{1b}[2Jdir/spec.toml".into(),
        reason: format!("could not parse: {HOSTILE}"),
    }
}
