//! moto's server (`pip install 'moto[server]'`, installed by `scripts/tools.sh test`).
//!
//! [`moto()`] returns the emulator for this test binary: the one at `MOTO_ENDPOINT` if set,
//! otherwise a `moto_server` started on a free loopback port, from `.tools/test-venv/bin` or
//! `PATH`. The server is configured to really execute state machines (`execute_state_machine`)
//! without Docker for Lambda. A watchdog shell stops it when the test binary exits.
//!
//! When moto cannot be found: under `CI=true` this panics (CI must run every test); otherwise it
//! prints how to install it and returns `None`, and the test returns early.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::in_ci;

/// A running moto server.
#[derive(Debug, Clone)]
pub struct Moto {
    pub endpoint: String,
}

const HOW_TO_INSTALL: &str = "moto's server is needed: run `scripts/tools.sh test` (installs it into .tools/), or set MOTO_ENDPOINT=http://127.0.0.1:5000 for a server you started with `moto_server -p 5000`";

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn find_server() -> Option<PathBuf> {
    let local = workspace_root().join(".tools/test-venv/bin/moto_server");
    if local.exists() {
        return Some(local);
    }
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| PathBuf::from(dir).join("moto_server"))
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}

/// A blocking HTTP request to the emulator's control API (no HTTP client crate needed).
fn control(endpoint: &str, method: &str, path: &str, body: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

fn start() -> Option<Moto> {
    if let Ok(endpoint) = std::env::var("MOTO_ENDPOINT") {
        return Some(Moto { endpoint: endpoint.trim_end_matches('/').to_string() });
    }
    let server = find_server()?;
    let port = free_port();
    // The watchdog ends moto when this test process (the shell's parent) is gone.
    let script = format!(
        "\"{}\" -H 127.0.0.1 -p {port} >/dev/null 2>&1 & child=$!; while kill -0 {parent} 2>/dev/null; do sleep 1; done; kill $child",
        server.display(),
        parent = std::process::id()
    );
    Command::new("sh").arg("-c").arg(script).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok()?;
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if control(&endpoint, "GET", "/moto-api/", "").is_ok_and(|r| r.starts_with("HTTP/1.1 200") || r.starts_with("HTTP/1.0 200")) {
            return Some(Moto { endpoint });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

/// Whether [`moto`] has an emulator to use (`MOTO_ENDPOINT`, or a `moto_server` to start),
/// asked without starting one — and without `moto`'s `CI=true` panic when there is none.
pub fn installed() -> bool {
    std::env::var_os("MOTO_ENDPOINT").is_some() || find_server().is_some()
}

/// The emulator for this test binary, or `None` (outside CI) when it is not installed.
pub fn moto() -> Option<&'static Moto> {
    static MOTO: OnceLock<Option<Moto>> = OnceLock::new();
    let moto = MOTO.get_or_init(|| {
        let moto = start()?;
        let config = r#"{"stepfunctions":{"execute_state_machine":true},"lambda":{"use_docker":false}}"#;
        control(&moto.endpoint, "POST", "/moto-api/config", config).expect("configure moto");
        Some(moto)
    });
    match moto {
        Some(m) => Some(m),
        None if in_ci() => panic!("CI=true but {HOW_TO_INSTALL}"),
        None => {
            eprintln!("skipping: {HOW_TO_INSTALL}");
            None
        }
    }
}

impl Moto {
    /// An SDK config pointing every client at the emulator (region us-east-1, dummy credentials).
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_types::region::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(aws_types::sdk_config::SharedCredentialsProvider::new(
                aws_credential_types::Credentials::new("testing", "testing", None, None, "mediclear-tests"),
            ))
            .load()
            .await
    }

    /// A raw request to moto's control API (`/moto-api/...`), returning the response text.
    pub fn control(&self, method: &str, path: &str, body: &str) -> std::io::Result<String> {
        control(&self.endpoint, method, path, body)
    }
}
