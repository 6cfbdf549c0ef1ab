//! `import certbot|lego|acme.sh [DIR]`: moves another client's accounts and certificates into
//! the store (see `ops::import`).

use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::import::Client;
use crate::ops::{self, Context, ImportRequest};
use crate::output::Output;

/// `import` arguments.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The client to import from
    #[arg(value_enum)]
    pub client: Client,
    /// Its state directory [default: certbot /etc/letsencrypt, lego ./.lego then ~/.lego,
    /// acme.sh ~/.acme.sh]
    pub dir: Option<PathBuf>,
    /// Print the plan and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Keep writing renewed certificates to the paths services read today, and print the
    /// commands that stop the old client's renewals
    #[arg(long)]
    pub take_over: bool,
    /// Put P before every imported certificate's name
    #[arg(long, value_name = "P", default_value = "")]
    pub name_prefix: String,
}

/// Runs `import`.
pub(super) fn run(ctx: &Context, args: ImportArgs, output: &Output) -> Result<(), Error> {
    let dir = args.dir.unwrap_or_else(|| default_dir(ctx, args.client));
    let report = ops::import(
        ctx,
        &ImportRequest {
            client: args.client,
            dir,
            dry_run: args.dry_run,
            take_over: args.take_over,
            name_prefix: args.name_prefix,
        },
    )?;
    output.success("import", &report);
    Ok(())
}

/// The client's own default: certbot's config dir, lego's `--path` (`./.lego`, else
/// `~/.lego`), acme.sh's home.
fn default_dir(ctx: &Context, client: Client) -> PathBuf {
    let home = ctx
        .settings
        .vars
        .get("HOME")
        .map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    match client {
        Client::Certbot => PathBuf::from("/etc/letsencrypt"),
        Client::Lego => {
            let local = PathBuf::from(".lego");
            if local.is_dir() {
                local
            } else {
                home.join(".lego")
            }
        }
        Client::AcmeSh => home.join(".acme.sh"),
    }
}
