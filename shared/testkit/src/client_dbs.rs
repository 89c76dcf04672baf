//! Hospitals' databases for PHI-report tests: Eunomia (Synthea patients in OMOP form) loaded into
//! the machine's PostgreSQL and MariaDB by `scripts/client-dbs.sh`, which this runs once per test
//! binary (it is idempotent and takes a few seconds when the data is already there), and the
//! MongoDB wire-protocol peer `nx-27017` with FHIR documents.
//!
//! Without the servers or the script, tests skip and say why — except with `CI=true`, where that
//! is a failure.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

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
