//! [`Secret`]: a secret value (a password, an HMAC key, a TSIG secret) that no `Debug` output
//! shows. A plain value type, so that every layer that carries one (the store's database
//! password, the DNS client's TSIG key) can name it without importing where secrets are kept.

use std::fmt;

/// A secret value. `Debug` never shows it, and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The value, for the one place that must use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}
