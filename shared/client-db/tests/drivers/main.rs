//! The drivers against real servers: Eunomia in the machine's PostgreSQL and MariaDB (loaded by
//! `scripts/client-dbs.sh`), and in-test TCP peers for what a healthy server cannot show (a
//! silent port, a PostgreSQL refusing the password under the machine's trust authentication).
//!
//! - `checks` — `check`: reachable, authenticated, read-only, version; each failure its own code.
//! - `schemas` — tables, keys, row counts against direct counts; databases.
//! - `mongo` — the MongoDB peer (nx-27017): check, sampled schema, report pipelines counted
//!   against the fixture documents.
//! - `reports` — every report kind planned from English and run on both servers, row counts
//!   checked against SQL written here by hand; the statement timeout; the read-only transaction.

mod checks;
mod mongo;
mod reports;
mod schemas;

use mediclear_domain::reports::schema::DatabaseType;
use mediclear_ports::client_databases::Target;
use mediclear_testkit::client_dbs::{DATABASE, MARIADB, POSTGRES, READER};

pub fn reader(database_type: DatabaseType) -> Target {
    let (host, port) = match database_type {
        DatabaseType::PostgreSQL => POSTGRES,
        _ => MARIADB,
    };
    Target { database_type, host: host.into(), port, database_name: DATABASE.into(), username: READER.0.into(), password: READER.1.into(), tls: false }
}

pub const BOTH: [DatabaseType; 2] = [DatabaseType::PostgreSQL, DatabaseType::MySQL];
