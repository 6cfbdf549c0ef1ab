//! The TCP connections certkeep opens itself, outside the CA client's connector (which sets the
//! same option on hyper's): install verification's handshake with the service and the DNS
//! client's TCP leg. Each has `TCP_NODELAY` on, so a request written in one go after connecting
//! (a TLS client hello, a length-prefixed DNS query) leaves at once instead of waiting up to ~40 ms
//! for the peer's delayed ACK (Nagle).

use std::io;

use tokio::net::{TcpStream, ToSocketAddrs};

/// Connects to `address` with `TCP_NODELAY` on.
pub async fn connect(address: impl ToSocketAddrs) -> io::Result<TcpStream> {
    let stream = TcpStream::connect(address).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_connection_opened_here_has_tcp_nodelay_on() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepting = tokio::spawn(async move { listener.accept().await });
        let stream = super::connect(addr).await.unwrap();
        assert!(stream.nodelay().unwrap());
        accepting.await.unwrap().unwrap();
    }
}
