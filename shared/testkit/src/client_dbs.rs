//! Hospitals' databases for PHI-report tests: Eunomia (Synthea patients in OMOP form) loaded into
//! the machine's PostgreSQL and MariaDB by `scripts/client-dbs.sh`, which this runs once per test
//! binary (it is idempotent and takes a few seconds when the data is already there), and the
//! MongoDB wire-protocol peer `nx-27017` with FHIR documents.
//!
//! Without the servers or the script, tests skip and say why — except with `CI=true`, where that
//! is a failure.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What `scripts/client-dbs.sh` reported on its last line (`pg_dsn=… mysql_dsn=… mongo_server=…
/// mongo_data=…`).
#[derive(Debug, Clone)]
pub struct ClientDbs {
    pub values: BTreeMap<String, String>,
}

impl ClientDbs {
    pub fn mongo_server(&self) -> PathBuf {
        PathBuf::from(&self.values["mongo_server"])
    }

    pub fn mongo_data(&self) -> PathBuf {
        PathBuf::from(&self.values["mongo_data"])
    }
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The loaded databases, or `None` (after saying why) when they cannot be had outside CI.
pub fn require() -> Option<&'static ClientDbs> {
    static LOADED: OnceLock<Result<ClientDbs, String>> = OnceLock::new();
    let loaded = LOADED.get_or_init(|| {
        let output = Command::new(workspace().join("scripts/client-dbs.sh")).current_dir(workspace()).output().map_err(|e| format!("cannot run scripts/client-dbs.sh: {e}"))?;
        if !output.status.success() {
            return Err(format!("scripts/client-dbs.sh failed:\n{}", String::from_utf8_lossy(&output.stderr)));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let last = stdout.lines().last().unwrap_or_default();
        let values = last.split_whitespace().filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Ok(ClientDbs { values })
    });
    match loaded {
        Ok(dbs) => Some(dbs),
        Err(why) if crate::in_ci() => panic!("client databases unavailable in CI: {why}"),
        Err(why) => {
            eprintln!("skipping: client databases unavailable ({why})");
            None
        }
    }
}

/// PostgreSQL's address and the least-privilege reader `scripts/client-dbs.sh` creates.
pub const POSTGRES: (&str, u16) = ("127.0.0.1", 5432);
/// MariaDB's address.
pub const MARIADB: (&str, u16) = ("127.0.0.1", 3306);
/// The read-only login on both servers.
pub const READER: (&str, &str) = ("mediclear_reader", "reader-password");
/// The database both hold.
pub const DATABASE: &str = "eunomia";
/// People with the generated numeric series (HbA1c, LDL, systolic BP, 2023–2025) besides
/// Eunomia's visits, conditions, drugs and measurements.
pub const SERIES_PEOPLE: [i64; 5] = [116, 672, 3647, 3950, 4153];

/// The database the MongoDB peer holds the FHIR documents in.
pub const MONGO_DATABASE: &str = "fhir";

/// A running MongoDB peer (nx-27017, a MongoDB wire-protocol server on SQLite, without SCRAM
/// authentication: tests connect without credentials) holding the FHIR fixture documents.
#[derive(Debug)]
pub struct MongoPeer {
    pub port: u16,
}

/// The peer for this test binary, started once and loaded with the fixtures; `None` (after
/// saying why) outside CI when it cannot be had.
pub fn mongo() -> Option<&'static MongoPeer> {
    static PEER: OnceLock<Result<MongoPeer, String>> = OnceLock::new();
    let peer = PEER.get_or_init(|| {
        let dbs = require().ok_or("client databases unavailable")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let dir = std::env::temp_dir().join(format!("mediclear-nx-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        // The watchdog ends the server when this test process (the shell's parent) is gone.
        let script = format!(
            "\"{server}\" --db \"{dir}/fhir.db\" --host 127.0.0.1 -p {port} --pid-file \"{dir}/nx.pid\" --log-file \"{dir}/nx.log\" >/dev/null 2>&1 & child=$!; while kill -0 {parent} 2>/dev/null; do sleep 1; done; kill $child; rm -rf \"{dir}\"",
            server = dbs.mongo_server().display(),
            dir = dir.display(),
            parent = std::process::id()
        );
        Command::new("sh").arg("-c").arg(script).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("nx-27017 did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let python = dbs.mongo_server().with_file_name("python");
        let loaded = Command::new(python)
            .arg(workspace().join("tools/client-dbs/load_mongo.py"))
            .arg(port.to_string())
            .arg(dbs.mongo_data())
            .arg(MONGO_DATABASE)
            .output()
            .map_err(|e| e.to_string())?;
        if !loaded.status.success() {
            return Err(format!("loading the FHIR documents failed: {}", String::from_utf8_lossy(&loaded.stderr)));
        }
        Ok(MongoPeer { port })
    });
    match peer {
        Ok(peer) => Some(peer),
        Err(why) if crate::in_ci() => panic!("the MongoDB peer is unavailable in CI: {why}"),
        Err(why) => {
            eprintln!("skipping: the MongoDB peer is unavailable ({why})");
            None
        }
    }
}
