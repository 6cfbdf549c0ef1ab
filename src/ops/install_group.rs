//! The install group a user describes: target paths and kinds, owner and mode, a service preset,
//! its config test and reload, and the verify address, turned into the [`InstallGroup`] that
//! `ops::install` saves. `certkeep install`/`obtain` (flags) and the TUI's `i` form build their
//! groups here, so a preset fills the same defaults and the same rules refuse the same input.

use std::path::PathBuf;

use crate::domain::{HookSpec, InstallGroup, InstallTarget, Preset, TargetKind, VerifySpec};
use crate::error::Error;
use crate::install::InstallError;

/// What the user asked for, as typed (paths already absolute: only the CLI knows the working
/// directory).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstallInput {
    /// Each target file and what goes in it.
    pub targets: Vec<(PathBuf, TargetKind)>,
    /// Owner of the written files.
    pub owner: Option<String>,
    /// Group of the written files.
    pub group: Option<String>,
    /// Mode of the written files, octal.
    pub mode: Option<String>,
    /// The PKCS#12 password reference (for a PKCS#12 target).
    pub pkcs12_password: Option<String>,
    /// The known service whose config test and reload fill the ones not given.
    pub preset: Option<Preset>,
    /// The config test as a command line.
    pub config_test: Option<String>,
    /// The reload as a command line.
    pub reload: Option<String>,
    /// The address to verify after the reload.
    pub verify: Option<String>,
    /// The SNI for the verify.
    pub verify_sni: Option<String>,
    /// How long the verify keeps trying.
    pub verify_timeout: Option<u64>,
}

/// A preset's command as a command line (what the TUI shows in the field it fills).
pub fn preset_command_line(argv: &[&str]) -> String {
    argv.join(" ")
}

/// The install group `input` describes: a command given wins over the preset's; haproxy needs
/// a combined target; at least one target.
pub fn install_group(input: InstallInput) -> Result<InstallGroup, Error> {
    let preset = input.preset;
    let mut targets = Vec::new();
    for (path, kind) in input.targets {
        targets.push(InstallTarget {
            path,
            kind,
            owner: input.owner.clone(),
            group: input.group.clone(),
            mode: input.mode.clone(),
            pkcs12_password: (kind == TargetKind::Pkcs12)
                .then(|| input.pkcs12_password.clone())
                .flatten(),
        });
    }
    if targets.is_empty() {
        return Err(InstallError::NoTargets.into());
    }
    if preset.is_some_and(Preset::wants_combined)
        && !targets.iter().any(|t| t.kind == TargetKind::Combined)
    {
        return Err(InstallError::WantsCombined("haproxy").into());
    }
    let command = |line: &str| -> Result<HookSpec, Error> {
        Ok(HookSpec {
            command: crate::hooks::split_command(line)?,
            shell: false,
            timeout_secs: None,
        })
    };
    let from_preset = |argv: Vec<&str>| HookSpec {
        command: argv.into_iter().map(str::to_owned).collect(),
        shell: false,
        timeout_secs: None,
    };
    let config_test = match (&input.config_test, preset) {
        (Some(line), _) => Some(command(line)?),
        (None, Some(p)) => Some(from_preset(p.config_test())),
        (None, None) => None,
    };
    let reload = match (&input.reload, preset) {
        (Some(line), _) => Some(command(line)?),
        (None, Some(p)) => Some(from_preset(p.reload())),
        (None, None) => None,
    };
    Ok(InstallGroup {
        preset: preset.map(|p| p.as_str().to_owned()),
        targets,
        config_test,
        reload,
        verify: input.verify.map(|address| VerifySpec {
            address,
            sni: input.verify_sni,
            timeout_secs: input.verify_timeout,
        }),
    })
}

/// The checks on a group that need no file system: each target's path, the verify timeout and
/// address (the TUI runs them as the user types; [`super::check_install_group`] runs them first).
pub fn check_install_settings(group: &InstallGroup) -> Result<(), InstallError> {
    group.check()?;
    if let Some(verify) = &group.verify {
        verify.check_input()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_fills_the_commands_not_given_and_a_preset_line_reads_back_the_same() {
        let input = InstallInput {
            targets: vec![("/etc/ssl/a.pem".into(), TargetKind::Fullchain)],
            preset: Some(Preset::Nginx),
            reload: Some("nginx -s reload".into()),
            ..InstallInput::default()
        };
        let group = install_group(input.clone()).unwrap();
        assert_eq!(group.preset.as_deref(), Some("nginx"));
        assert_eq!(group.config_test.unwrap().command, ["nginx", "-t"]);
        assert_eq!(group.reload.unwrap().command, ["nginx", "-s", "reload"]);
        for preset in Preset::ALL {
            let typed = InstallInput {
                targets: vec![("/etc/ssl/a.pem".into(), TargetKind::Combined)],
                preset: Some(preset),
                config_test: Some(preset_command_line(&preset.config_test())),
                reload: Some(preset_command_line(&preset.reload())),
                ..InstallInput::default()
            };
            let defaulted = InstallInput {
                config_test: None,
                reload: None,
                ..typed.clone()
            };
            assert_eq!(
                install_group(typed).unwrap(),
                install_group(defaulted).unwrap(),
                "{}",
                preset.as_str()
            );
        }
        let haproxy = InstallInput {
            preset: Some(Preset::Haproxy),
            ..input
        };
        assert!(
            install_group(haproxy).is_err(),
            "haproxy wants a combined file"
        );
        assert!(install_group(InstallInput::default()).is_err(), "no target");
    }
}
