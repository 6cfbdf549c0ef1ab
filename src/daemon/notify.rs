//! systemd's notify protocol (`sd_notify`): datagrams to `$NOTIFY_SOCKET`. Without that variable
//! (not run by systemd with `Type=notify`) every call does nothing.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

/// Where notifications go, if anywhere.
#[derive(Debug, Clone, Default)]
pub struct Notifier {
    socket: Option<String>,
    watchdog_usec: Option<u64>,
}

impl Notifier {
    /// From the values systemd sets: `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` (the
    /// watchdog is ours only when `WATCHDOG_PID` is unset or names this process). The caller
    /// reads the environment.
    pub fn new(
        notify_socket: Option<String>,
        watchdog_usec: Option<&str>,
        watchdog_pid: Option<&str>,
    ) -> Self {
        let ours = watchdog_pid.is_none_or(|pid| pid.parse() == Ok(std::process::id()));
        Self {
            socket: notify_socket.filter(|s| !s.is_empty()),
            watchdog_usec: watchdog_usec.filter(|_| ours).and_then(|v| v.parse().ok()),
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

    #[test]
    fn a_watchdog_meant_for_another_process_is_not_fed() {
        let other = Notifier::new(Some("/run/x".into()), Some("1000000"), Some("1"));
        assert_eq!(other.watchdog_interval(), None);
        let pid = std::process::id().to_string();
        let ours = Notifier::new(Some("/run/x".into()), Some("1000000"), Some(&pid));
        assert_eq!(ours.watchdog_interval(), Some(Duration::from_millis(500)));
        let unnamed = Notifier::new(Some("/run/x".into()), Some("1000000"), None);
        assert_eq!(
            unnamed.watchdog_interval(),
            Some(Duration::from_millis(500))
        );
    }
}
