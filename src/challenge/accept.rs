//! The accept loop of certkeep's own listeners (http-01 standalone, tls-alpn-01). An accept that
//! fails (EMFILE when the process is out of file descriptors, ENFILE, ENOBUFS) fails again at
//! once for as long as the condition lasts, so the loop pauses after each failure, doubling the
//! pause up to a bound, instead of spinning at full CPU; the next accepted connection resets it.

use std::future::Future;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};

const FIRST_PAUSE: Duration = Duration::from_millis(10);
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// Something that accepts connections; a trait so tests can feed accept errors.
pub(super) trait Listener: Send {
    /// One accepted connection.
    type Conn: Send;

    /// Waits for the next connection.
    fn accept(&mut self) -> impl Future<Output = std::io::Result<Self::Conn>> + Send;
}

impl Listener for TcpListener {
    type Conn = TcpStream;

    async fn accept(&mut self) -> std::io::Result<TcpStream> {
        let (stream, _) = TcpListener::accept(self).await?;
        // The CA's validation request is answered at once, never held back by Nagle waiting
        // for an ACK of an earlier segment (a TLS handshake flight is several writes). A socket
        // that refuses the option still serves, just slower: not a reason to drop it.
        let _ = stream.set_nodelay(true);
        Ok(stream)
    }
}

/// Accepts connections for ever, handing each to `handle`.
pub(super) async fn accept_loop<L: Listener>(mut listener: L, mut handle: impl FnMut(L::Conn)) {
    let mut pause = FIRST_PAUSE;
    loop {
        if let Ok(conn) = listener.accept().await {
            pause = FIRST_PAUSE;
            handle(conn);
        } else {
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(MAX_PAUSE);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A listener whose every accept fails with EMFILE, as under a lowered `RLIMIT_NOFILE`; after
    /// `LIMIT` attempts it stops answering, so a loop that spins still lets the test end.
    struct OutOfDescriptors(Arc<AtomicUsize>);

    const LIMIT: usize = 1000;

    impl Listener for OutOfDescriptors {
        type Conn = ();

        async fn accept(&mut self) -> std::io::Result<()> {
            if self.0.fetch_add(1, Ordering::SeqCst) >= LIMIT {
                std::future::pending::<()>().await;
            }
            tokio::task::yield_now().await;
            Err(std::io::Error::from_raw_os_error(24))
        }
    }

    #[tokio::test]
    async fn a_connection_to_certkeeps_own_listener_has_tcp_nodelay_on() {
        let mut listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap());
        let (accepted, client) = tokio::join!(Listener::accept(&mut listener), client);
        client.unwrap();
        // The CA's validation request (http-01, tls-alpn-01) is answered without Nagle's wait.
        assert!(accepted.unwrap().nodelay().unwrap());
    }

    #[tokio::test(start_paused = true)]
    async fn accept_errors_pause_the_loop_instead_of_spinning() {
        let attempts = Arc::new(AtomicUsize::new(0));
        // Ten seconds of the runtime's (paused, auto-advancing) clock: no wall-clock timing.
        let run = accept_loop(OutOfDescriptors(attempts.clone()), |()| {});
        let _ = tokio::time::timeout(Duration::from_secs(10), run).await;
        let attempts = attempts.load(Ordering::SeqCst);
        // 10, 20, ... 640 ms, then one attempt a second: 17 attempts in 10 s.
        assert!(
            (2..=20).contains(&attempts),
            "{attempts} accept attempts in 10 s"
        );
    }
}
