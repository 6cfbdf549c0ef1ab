//! `certkeep fleet init|push|status` and the global `--fleet*` options: where the fleet
//! database is (flag, `CERTKEEP_FLEET` via Settings, config `fleet`), where its password and the
//! fleet key are (secret references), and this host's name in the fleet.

use std::time::Duration;

use clap::Subcommand;

use crate::config::Config;
use crate::error::Error;
use crate::ops::Context;
use crate::ops::fleet::{self, FleetRequest};
use crate::output::Output;
use crate::secrets::SecretRef;

/// How long connecting to the fleet database, and each round trip after, may take.
const FLEET_DEADLINE: Duration = Duration::from_secs(15);

/// Fleet subcommands.
#[derive(Debug, Subcommand)]
pub enum FleetCommand {
    /// Create or upgrade the fleet database's schema (idempotent)
    Init,
    /// Upload this host's store (accounts, certificates, current versions, journal) into the
    /// fleet database
    Push,
    /// Show the fleet: nodes and when each was last seen, who renews which certificate
    Status,
}

impl FleetCommand {
    /// The name used as JSON `command`.
    pub fn name(&self) -> &'static str {
        match self {
            FleetCommand::Init => "fleet init",
            FleetCommand::Push => "fleet push",
            FleetCommand::Status => "fleet status",
        }
    }
}

/// The fleet options as given: flags first, then the environment (`CERTKEEP_FLEET`), then the
/// config file. `None` when no fleet URL is given anywhere.
pub(super) fn request(
    global: &super::GlobalArgs,
    env_url: Option<&str>,
    config: &Config,
) -> Option<FleetRequest> {
    let url = global
        .fleet
        .clone()
        .or_else(|| env_url.filter(|u| !u.is_empty()).map(str::to_owned))
        .or_else(|| config.fleet.clone())?;
    let reference = |flag: &Option<String>, configured: &Option<String>| {
        flag.clone().or_else(|| configured.clone()).map(|raw| {
            raw.parse::<SecretRef>()
                .unwrap_or_else(|never| match never {})
        })
    };
    Some(FleetRequest {
        url,
        password: reference(&global.fleet_password, &config.fleet_password),
        key: reference(&global.fleet_key, &config.fleet_key),
        node: global.fleet_node.clone().unwrap_or_else(host_name),
        deadline: FLEET_DEADLINE,
    })
}

/// This host's name (the kernel's), the default node name.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

/// Runs a fleet subcommand.
pub(super) async fn run(
    ctx: &Context,
    request: Option<FleetRequest>,
    command: &FleetCommand,
    output: &Output,
) -> Result<(), Error> {
    let request = request.ok_or(crate::store::pg::FleetError::NoFleetUrl)?;
    match command {
        FleetCommand::Init => output.success(command.name(), &fleet::init(ctx, &request).await?),
        FleetCommand::Push => output.success(command.name(), &fleet::push(ctx, &request).await?),
        FleetCommand::Status => {
            output.success(command.name(), &fleet::status(ctx, &request).await?);
        }
    }
    Ok(())
}
