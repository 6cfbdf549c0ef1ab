//! The systemd units `certkeep systemd print` writes: a hardened service for the daemon, or a
//! oneshot service with a twice-daily timer for `certkeep renew`.

use std::path::Path;

const HARDENING: &str = "\
# Hardening that leaves hooks able to reload services (systemctl talks D-Bus) and to copy
# certificates below /etc (ProtectSystem=full would make /etc read-only), and webroots below
# /var or /srv writable; tighten with ProtectSystem=strict + ReadWritePaths= (the store, each
# webroot, each deploy directory) if yours allow. A webroot below /home needs
# ReadWritePaths= for it too: ProtectHome=read-only.
NoNewPrivileges=yes
PrivateTmp=yes
ProtectHome=read-only
ProtectSystem=true
ReadWritePaths=/var/lib/certkeep
StateDirectory=certkeep
StateDirectoryMode=0700
UMask=0077
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
LockPersonality=yes
SystemCallArchitectures=native
";

/// The daemon unit, for `binary`.
pub fn daemon_unit(binary: &Path) -> String {
    format!(
        "# /etc/systemd/system/certkeep.service\n\
[Unit]\n\
Description=certkeep certificate renewal daemon\n\
Documentation=man:certkeep(1)\n\
Wants=network-online.target\n\
After=network-online.target\n\
\n\
[Service]\n\
Type=notify\n\
ExecStart={bin} --quiet daemon\n\
ExecReload=/bin/kill -HUP $MAINPID\n\
Restart=on-failure\n\
RestartSec=30s\n\
WatchdogSec=10min\n\
# SIGTERM goes to certkeep alone: it finishes (or parks) the round in flight, hooks included,
# within {stop}s; only what is left after TimeoutStopSec is killed.\n\
KillMode=mixed\n\
TimeoutStopSec=60s\n\
{HARDENING}\n\
[Install]\n\
WantedBy=multi-user.target\n",
        bin = binary.display(),
        stop = (super::STOP_GRACE + super::PARK_GRACE).as_secs(),
    )
}

/// The oneshot service and its timer, for `binary`.
pub fn timer_units(binary: &Path) -> String {
    format!(
        "# /etc/systemd/system/certkeep-renew.service\n\
[Unit]\n\
Description=certkeep: renew the certificates that are due\n\
Documentation=man:certkeep(1)\n\
Wants=network-online.target\n\
After=network-online.target\n\
\n\
[Service]\n\
Type=oneshot\n\
ExecStart={bin} --quiet renew --no-random-delay\n\
# exit 10 (some renewed, some failed) should still show as failed; 0 is fine\n\
# SIGTERM goes to certkeep alone (it removes its challenge answers and keeps the order for the\n\
# next run, exit 143); a deploy hook it is running is not cut off by the same signal.\n\
KillMode=mixed\n\
{HARDENING}\n\
# /etc/systemd/system/certkeep-renew.timer\n\
[Unit]\n\
Description=Run certkeep renew twice a day\n\
\n\
[Timer]\n\
OnCalendar=*-*-* 00,12:00:00\n\
RandomizedDelaySec=1h\n\
Persistent=true\n\
\n\
[Install]\n\
WantedBy=timers.target\n",
        bin = binary.display()
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::*;

    fn setting<'a>(unit: &'a str, key: &str) -> Vec<&'a str> {
        unit.lines()
            .filter_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .collect()
    }

    #[test]
    fn systemd_stops_only_the_main_process_and_waits_longer_than_a_round_takes_to_stop() {
        let daemon = daemon_unit(Path::new("/usr/bin/certkeep"));
        let timer = timer_units(Path::new("/usr/bin/certkeep"));
        // control-group (the default) would send SIGTERM to a running deploy hook too.
        assert_eq!(setting(&daemon, "KillMode"), ["mixed"]);
        assert_eq!(setting(&timer, "KillMode"), ["mixed"]);
        let stop = setting(&daemon, "TimeoutStopSec")[0];
        let stop = Duration::from_secs(stop.trim_end_matches('s').parse().unwrap());
        assert!(super::super::STOP_GRACE + super::super::PARK_GRACE < stop);
    }

    #[test]
    fn the_units_leave_etc_and_web_roots_writable_for_hooks_and_webroot() {
        for unit in [
            daemon_unit(Path::new("/usr/bin/certkeep")),
            timer_units(Path::new("/usr/bin/certkeep")),
        ] {
            // full and strict make /etc read-only; strict also /var/www and /srv.
            assert_eq!(setting(&unit, "ProtectSystem"), ["true"]);
            assert!(setting(&unit, "ReadWritePaths").contains(&"/var/lib/certkeep"));
        }
    }
}
