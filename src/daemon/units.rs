//! The systemd units `certkeep systemd print` writes: a hardened service for the daemon, or a
//! oneshot service with a twice-daily timer for `certkeep renew`.

use std::path::Path;

const HARDENING: &str = "\
# Hardening that leaves hooks able to reload services (systemctl talks D-Bus) and to copy
# certificates below /etc; tighten with ProtectSystem=strict + ReadWritePaths= if yours do not.
NoNewPrivileges=yes
PrivateTmp=yes
ProtectHome=read-only
ProtectSystem=full
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
TimeoutStopSec=60s\n\
{HARDENING}\n\
[Install]\n\
WantedBy=multi-user.target\n",
        bin = binary.display()
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
