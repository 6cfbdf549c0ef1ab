//! The small store commands: `show`, `revoke`, `delete` and `secret set`.

use clap::{Args, Subcommand};

use crate::error::Error;
use crate::ops::{self, Context, RevokeReason, RevokeRequest};
use crate::output::Output;
use crate::secrets::{self, Backend, Offer, Secret};

/// `show` arguments.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Certificate name
    pub name: String,
    /// Print the full chain PEM (leaf first) instead of the summary
    #[arg(long)]
    pub pem: bool,
}

/// `revoke` arguments.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// Certificate name
    pub name: String,
    /// Revocation reason
    #[arg(long, value_enum)]
    pub reason: Option<RevokeReason>,
    /// Delete the certificate from the store after revoking it
    #[arg(long)]
    pub delete: bool,
}

/// `delete` arguments.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Certificate name
    pub name: String,
}

/// Secret subcommands.
#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)
    Set {
        /// The name to use later as keyring:NAME
        name: String,
    },
}

/// Runs `show`.
pub(super) fn show(ctx: &Context, args: &ShowArgs, output: &Output) -> Result<(), Error> {
    output.success("show", &ops::show(ctx, &args.name, args.pem)?);
    Ok(())
}

/// Runs `revoke`.
pub(super) async fn revoke(ctx: &Context, args: RevokeArgs, output: &Output) -> Result<(), Error> {
    let report = ops::revoke(
        ctx,
        RevokeRequest {
            name: args.name,
            reason: args.reason,
            delete: args.delete,
        },
    )
    .await?;
    output.success("revoke", &report);
    Ok(())
}

/// Runs `delete`.
pub(super) fn delete(ctx: &Context, args: &DeleteArgs, output: &Output) -> Result<(), Error> {
    output.success("delete", &ops::delete(ctx, &args.name)?);
    Ok(())
}

/// The report of `secret set` (never the value).
#[derive(Debug, serde::Serialize)]
pub(super) struct SecretReport {
    /// The stored name.
    pub name: String,
    /// The store's secret backend: `files` or `os-keyring`.
    pub backend: Backend,
    /// Where that is, in words (for files, the directory).
    pub location: String,
    /// How to refer to it: `keyring:NAME`.
    pub reference: String,
}

impl crate::output::human::Human for SecretReport {
    fn human(&self) -> String {
        format!(
            "Stored secret '{}' in {} (this store's secret backend); use it as {}\n",
            self.name, self.location, self.reference
        )
    }
}

/// Runs `secret set`: the value comes from stdin, never from the arguments. The store's first
/// secret decides its backend: the OS keyring when this environment names a D-Bus session and
/// a Secret Service answers, else files; every later run uses that one.
pub(super) fn secret(ctx: &Context, command: SecretCommand, output: &Output) -> Result<(), Error> {
    let SecretCommand::Set { name } = command;
    let value = crate::bounded::read_stream(std::io::stdin().lock(), crate::bounded::SECRET_LIMIT)
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
        })
        .map_err(super::CliError::SecretStdin)?;
    let value = value.trim_end_matches(['\n', '\r']).to_owned();
    if value.is_empty() {
        return Err(super::CliError::NoSecret { name }.into());
    }
    let offer = if ctx.settings.session_bus {
        Offer::SessionBus
    } else {
        Offer::FilesOnly
    };
    let saved = secrets::save(&name, &Secret::new(value), ctx.store.root(), offer)?;
    if let Some(note) = &saved.note {
        output.warning(note);
    }
    output.success(
        "secret set",
        &SecretReport {
            reference: format!("keyring:{name}"),
            name,
            backend: saved.backend,
            location: saved.location,
        },
    );
    Ok(())
}
