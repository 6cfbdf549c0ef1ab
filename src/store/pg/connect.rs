//! One connection to the fleet database, and the deadline every round trip runs under. The
//! connection's driver task is spawned on the caller's tokio runtime and ends with the client;
//! a listening connection's driver also passes the server's notifications on.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Notify;
use tokio_postgres::AsyncMessage;

use super::FleetError;
use super::tls::RustlsConnect;
use super::url::{FleetUrl, SslMode};
use crate::domain::Secret;

/// What a node needs to log in: the password, resolved by the caller from a secret reference or
/// the passfile, and where `~/.postgresql/root.crt` is when the URL names no `sslrootcert`.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The role's password.
    pub password: Secret,
    /// The user's home directory (libpq's default root certificates live below it).
    pub home: Option<PathBuf>,
}

/// A connected fleet database.
#[derive(Debug)]
pub struct Fleet {
    pub(super) client: tokio_postgres::Client,
    url: FleetUrl,
    deadline: Duration,
    /// This host's name in the fleet (its row in `fleet_nodes`).
    pub node: String,
}

impl Fleet {
    /// Connects as `url`'s role, within `deadline` (also each later round trip's deadline, and
    /// the server's `statement_timeout`).
    pub async fn connect(
        url: &FleetUrl,
        credentials: &Credentials,
        node: &str,
        deadline: Duration,
    ) -> Result<Self, FleetError> {
        Self::connect_with(url, credentials, node, deadline, None).await
    }

    /// Connects as [`Fleet::connect`] does; each notification the server sends on this
    /// connection (after a `LISTEN`) wakes `notices`, and so does the connection's end, so a
    /// listener notices a lost connection at once.
    pub(super) async fn connect_listening(
        url: &FleetUrl,
        credentials: &Credentials,
        node: &str,
        deadline: Duration,
        notices: Arc<Notify>,
    ) -> Result<Self, FleetError> {
        Self::connect_with(url, credentials, node, deadline, Some(notices)).await
    }

    async fn connect_with(
        url: &FleetUrl,
        credentials: &Credentials,
        node: &str,
        deadline: Duration,
        notices: Option<Arc<Notify>>,
    ) -> Result<Self, FleetError> {
        let mut config = tokio_postgres::Config::new();
        config
            .user(&url.user)
            .password(credentials.password.expose())
            .host(&url.host)
            .port(url.port)
            .dbname(&url.database)
            .application_name("certkeep")
            .connect_timeout(url.connect_timeout.unwrap_or(deadline))
            .options(format!("-c statement_timeout={}", deadline.as_millis()));
        let failed = |source| FleetError::Connect {
            target: url.target(),
            source,
        };
        let client = match url.ssl_mode {
            SslMode::Disable => {
                config.ssl_mode(tokio_postgres::config::SslMode::Disable);
                let (client, connection) = within(
                    deadline,
                    "connecting",
                    config.connect(tokio_postgres::NoTls),
                )
                .await?
                .map_err(failed)?;
                tokio::spawn(drive(connection, notices));
                client
            }
            SslMode::VerifyFull => {
                let roots = url
                    .root_cert
                    .clone()
                    .unwrap_or_else(|| default_root(credentials.home.as_deref()));
                let tls = RustlsConnect::trusting(&roots)?;
                config.ssl_mode(tokio_postgres::config::SslMode::Require);
                let (client, connection) = within(deadline, "connecting", config.connect(tls))
                    .await?
                    .map_err(failed)?;
                tokio::spawn(drive(connection, notices));
                client
            }
        };
        Ok(Self {
            client,
            url: url.clone(),
            deadline,
            node: node.to_owned(),
        })
    }

    /// `host:port/database`, for messages.
    pub fn target(&self) -> String {
        self.url.target()
    }

    /// The deadline of one round trip.
    pub(super) fn deadline_duration(&self) -> Duration {
        self.deadline
    }

    /// Runs one round trip (`fut`) under the connection's deadline.
    pub(super) async fn deadline<T>(
        &self,
        doing: &'static str,
        fut: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, FleetError> {
        within(self.deadline, doing, fut)
            .await?
            .map_err(FleetError::query(doing))
    }
}

/// Drives `connection` until it ends, waking `notices` (if any) at each notification and at
/// the end. Notices and other messages are otherwise dropped, as the plain driver does.
async fn drive<S, T>(mut connection: tokio_postgres::Connection<S, T>, notices: Option<Arc<Notify>>)
where
    S: AsyncRead + AsyncWrite + Unpin,
    T: AsyncRead + AsyncWrite + Unpin,
{
    std::future::poll_fn(|cx| {
        loop {
            match connection.poll_message(cx) {
                Poll::Ready(Some(Ok(AsyncMessage::Notification(_)))) => {
                    if let Some(notices) = &notices {
                        notices.notify_one();
                    }
                }
                Poll::Ready(Some(Ok(_))) => {}
                Poll::Ready(Some(Err(_)) | None) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    })
    .await;
    if let Some(notices) = &notices {
        notices.notify_one();
    }
}

/// `fut` within `deadline`, or [`FleetError::Deadline`].
async fn within<T>(
    deadline: Duration,
    doing: &'static str,
    fut: impl Future<Output = T>,
) -> Result<T, FleetError> {
    tokio::time::timeout(deadline, fut)
        .await
        .map_err(|_| FleetError::Deadline { doing, deadline })
}

/// libpq's default root certificates for `verify-full`: `~/.postgresql/root.crt`.
fn default_root(home: Option<&Path>) -> PathBuf {
    home.unwrap_or(Path::new("/"))
        .join(".postgresql")
        .join("root.crt")
}
