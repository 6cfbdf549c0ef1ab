//! `certkeep dns check`, `dns persist-record` and `dns persist-check`.

use clap::{Args, Subcommand};

use crate::error::Error;
use crate::ops::{self, Context, PersistRequest};
use crate::output::Output;

/// `dns` subcommands.
#[derive(Debug, Subcommand)]
pub enum DnsCommand {
    /// Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there
    Check {
        /// The name
        #[arg(short = 'd', long = "domain", value_name = "NAME")]
        name: String,
        /// Ask these servers [default: the zone's authoritative servers]
        #[arg(long, value_name = "ADDR[:PORT]")]
        dns_check_server: Vec<String>,
    },
    /// Work with acme-dns
    #[command(subcommand, name = "acme-dns")]
    AcmeDns(AcmeDnsCommand),
    /// Print the standing dns-persist-01 TXT record for your account
    PersistRecord(PersistArgs),
    /// Check that the dns-persist-01 record is published on every authoritative server
    PersistCheck {
        /// What to check
        #[command(flatten)]
        args: PersistArgs,
        /// Ask these servers [default: the zone's authoritative servers]
        #[arg(long, value_name = "ADDR[:PORT]")]
        dns_check_server: Vec<String>,
    },
}

impl DnsCommand {
    /// The JSON `command` name.
    pub fn name(&self) -> &'static str {
        match self {
            DnsCommand::Check { .. } => "dns check",
            DnsCommand::PersistRecord(_) => "dns persist-record",
            DnsCommand::AcmeDns(_) => "dns acme-dns register",
            DnsCommand::PersistCheck { .. } => "dns persist-check",
        }
    }
}

/// `dns acme-dns` subcommands.
#[derive(Debug, Subcommand)]
pub enum AcmeDnsCommand {
    /// Register a name with acme-dns; the credentials go to the keyring
    Register {
        /// The acme-dns API URL
        #[arg(long, value_name = "URL")]
        acme_dns_url: String,
        /// The name
        #[arg(short = 'd', long = "domain", value_name = "NAME")]
        name: String,
    },
}

/// dns-persist-01 arguments.
#[derive(Debug, Args)]
pub struct PersistArgs {
    /// The name
    #[arg(short = 'd', long = "domain", value_name = "NAME")]
    pub name: String,
    /// Allow wildcard certificates below the name too
    #[arg(long)]
    pub wildcard: bool,
    /// Until when the permission stands (RFC 3339, e.g. 2027-12-31T00:00:00Z)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub persist_until: Option<time::OffsetDateTime>,
    /// The account [default: the only one]
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// The CA of the account
    #[arg(long, value_name = "CA")]
    pub ca: Option<String>,
}

fn parse_date(raw: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339)
        .map_err(|e| format!("'{raw}' is not an RFC 3339 time: {e}"))
}

fn request(args: PersistArgs) -> PersistRequest {
    PersistRequest {
        name: args.name,
        wildcard: args.wildcard,
        persist_until: args.persist_until,
        account: args.account,
        ca: args.ca,
    }
}

/// Runs a `dns` subcommand; returns the exit code.
pub(super) async fn run(ctx: &Context, command: DnsCommand, output: &Output) -> Result<u8, Error> {
    let name = command.name();
    match command {
        DnsCommand::Check {
            name: domain,
            dns_check_server,
        } => {
            output.success(name, &ops::dns_check(&domain, &dns_check_server).await?);
            Ok(0)
        }
        DnsCommand::AcmeDns(AcmeDnsCommand::Register {
            acme_dns_url,
            name: domain,
        }) => {
            output.success(
                name,
                &ops::acme_dns_register(ctx, &acme_dns_url, &domain).await?,
            );
            Ok(0)
        }
        DnsCommand::PersistRecord(args) => {
            output.success(name, &ops::persist_record(ctx, &request(args)).await?);
            Ok(0)
        }
        DnsCommand::PersistCheck {
            args,
            dns_check_server,
        } => {
            let (report, outcome) =
                ops::persist_check(ctx, &request(args), &dns_check_server).await?;
            Ok(output.outcome(name, &report, outcome.as_ref()))
        }
    }
}
