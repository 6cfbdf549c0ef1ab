//! systemd's notify protocol (`sd_notify`): datagrams to `$NOTIFY_SOCKET`. Without that variable
//! (not run by systemd with `Type=notify`) every call does nothing.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

/// Where notifications go, if anywhere.
#[derive(Debug, Default)]
pub struct Notifier {
    socket: Option<String>,
    watchdog_usec: Option<u64>,
}

impl Notifier {
    /// Reads `NOTIFY_SOCKET` and `WATCHDOG_USEC`.
    pub fn from_env() -> Self {
        Self {
            socket: crate::config::env_var("NOTIFY_SOCKET").filter(|s| !s.is_empty()),
            watchdog_usec: crate::config::env_var("WATCHDOG_USEC").and_then(|v| v.parse().ok()),
        }
    }

    /// How often to send `WATCHDOG=1`: half the watchdog timeout, as systemd recommends.
    pub fn watchdog_interval(&self) -> Option<Duration> {
        self.watchdog_usec
            .filter(|u| *u > 0)
            .map(|u| Duration::from_micros(u / 2))
    }

    /// Sends `state` (e.g. `READY=1`); failures are ignored, notification is best effort.
    pub fn send(&self, state: &str) {
        let Some(path) = &self.socket else { return };
        let Ok(socket) = UnixDatagram::unbound() else {
            return;
        };
        if let Some(name) = path.strip_prefix('@') {
            use std::os::linux::net::SocketAddrExt;
            if let Ok(addr) = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()) {
                let _ = socket.send_to_addr(state.as_bytes(), &addr);
            }
        } else {
            let _ = socket.send_to(state.as_bytes(), path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_reach_the_socket() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let listener = UnixDatagram::bind(&path).unwrap();
        let notifier = Notifier {
            socket: Some(path.display().to_string()),
            watchdog_usec: Some(10_000_000),
        };
        notifier.send("READY=1");
        let mut buf = [0u8; 64];
        let n = listener.recv(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"READY=1");
        assert_eq!(notifier.watchdog_interval(), Some(Duration::from_secs(5)));
        Notifier::default().send("READY=1");
    }
}
