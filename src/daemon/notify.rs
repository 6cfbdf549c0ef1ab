//! systemd's notify protocol (`sd_notify`): datagrams to `$NOTIFY_SOCKET`. Without that variable
//! (not run by systemd with `Type=notify`) every call does nothing.
// Hand-written: sd-notify 0.4/0.5 reads NOTIFY_SOCKET itself; ours comes from cli's Settings.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use crate::config::NotifyEnv;

/// Where notifications go, if anywhere.
#[derive(Debug, Clone, Default)]
pub struct Notifier {
    socket: Option<String>,
    watchdog_usec: Option<u64>,
}

impl Notifier {
    /// From the values systemd sets, as `cli` found them: `NOTIFY_SOCKET`, `WATCHDOG_USEC` and
    /// `WATCHDOG_PID` (the watchdog is ours only when `WATCHDOG_PID` is unset or names this
    /// process).
    pub fn new(env: &NotifyEnv) -> Self {
        let ours = env
            .watchdog_pid
            .as_deref()
            .is_none_or(|pid| pid.parse() == Ok(std::process::id()));
        Self {
            socket: env.socket.clone().filter(|s| !s.is_empty()),
            watchdog_usec: env
                .watchdog_usec
                .as_deref()
                .filter(|_| ours)
                .and_then(|v| v.parse().ok()),
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
            send_abstract(&socket, name, state);
        } else {
            let _ = socket.send_to(state.as_bytes(), path);
        }
    }
}

/// Sends to the abstract socket `name` (`@name` in `NOTIFY_SOCKET`).
#[cfg(target_os = "linux")]
fn send_abstract(socket: &UnixDatagram, name: &str, state: &str) {
    use std::os::linux::net::SocketAddrExt;
    if let Ok(addr) = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()) {
        let _ = socket.send_to_addr(state.as_bytes(), &addr);
    }
}

/// Abstract sockets exist on Linux only: elsewhere there is nothing to send to.
#[cfg(not(target_os = "linux"))]
fn send_abstract(_socket: &UnixDatagram, _name: &str, _state: &str) {}

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
        let env = |pid: Option<String>| NotifyEnv {
            socket: Some("/run/x".into()),
            watchdog_usec: Some("1000000".into()),
            watchdog_pid: pid,
        };
        let other = Notifier::new(&env(Some("1".into())));
        assert_eq!(other.watchdog_interval(), None);
        let ours = Notifier::new(&env(Some(std::process::id().to_string())));
        assert_eq!(ours.watchdog_interval(), Some(Duration::from_millis(500)));
        let unnamed = Notifier::new(&env(None));
        assert_eq!(
            unnamed.watchdog_interval(),
            Some(Duration::from_millis(500))
        );
    }
}
