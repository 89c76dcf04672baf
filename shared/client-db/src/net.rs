//! Resolving and connecting, each failure told apart: a host name that does not resolve, an
//! address where nothing listens, and a server that does not answer in time.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpStream;

use mediclear_ports::client_databases::ClientDbError;

/// Opens a TCP connection to `host:port` within `timeout` (resolution included).
pub async fn connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, ClientDbError> {
    let deadline = tokio::time::Instant::now() + timeout;
    let addresses: Vec<SocketAddr> = match tokio::time::timeout_at(deadline, tokio::net::lookup_host((host, port))).await {
        Err(_) => return Err(ClientDbError::ConnectTimeout),
        Ok(Err(_)) => return Err(ClientDbError::UnknownHost),
        Ok(Ok(found)) => found.collect(),
    };
    if addresses.is_empty() {
        return Err(ClientDbError::UnknownHost);
    }
    let mut last = ClientDbError::ConnectionRefused;
    for address in addresses {
        match tokio::time::timeout_at(deadline, TcpStream::connect(address)).await {
            Err(_) => return Err(ClientDbError::ConnectTimeout),
            Ok(Ok(stream)) => {
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Ok(Err(e)) => {
                last = match e.kind() {
                    std::io::ErrorKind::TimedOut => ClientDbError::ConnectTimeout,
                    _ => ClientDbError::ConnectionRefused,
                }
            }
        }
    }
    Err(last)
}

/// A rustls client configuration on the platform's root certificates.
pub fn tls_config() -> Result<rustls::ClientConfig, ClientDbError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions().map_err(|_| ClientDbError::Tls)?.with_root_certificates(roots).with_no_client_auth())
}
