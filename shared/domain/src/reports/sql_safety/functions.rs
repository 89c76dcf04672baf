//! Functions a report query may never call, by what they could do to a hospital's server.
//!
//! A denylist by category (the list and what PostgreSQL and MySQL document in each
//! category), matched case-insensitively on the function's own name whatever schema qualifies
//! it. Every `pg_*` function is refused: PostgreSQL names its administration, file, replication
//! and backend-signalling functions so, and no report needs one.

/// Exact names (lower case) and their category.
const DENIED: &[(&str, &str)] = &[
    // files
    ("load_file", "reads a file on the server"),
    // sleeping and wasting time
    ("sleep", "sleeps"),
    ("benchmark", "burns server time"),
    // locks
    ("get_lock", "takes a lock"),
    ("release_lock", "takes a lock"),
    ("release_all_locks", "takes a lock"),
    ("is_free_lock", "takes a lock"),
    ("is_used_lock", "takes a lock"),
    // configuration and administration
    ("set_config", "changes configuration"),
    ("master_pos_wait", "waits on replication"),
    ("source_pos_wait", "waits on replication"),
    // side effects
    ("nextval", "changes a sequence"),
    ("setval", "changes a sequence"),
    ("txid_current", "assigns a transaction id"),
    // code execution (MySQL UDFs that attackers install)
    ("sys_exec", "runs a program"),
    ("sys_eval", "runs a program"),
];

/// Name prefixes (lower case) and their category.
const DENIED_PREFIXES: &[(&str, &str)] = &[
    ("pg_", "server administration, files, sleeping or locks"),
    ("lo_", "large objects reach the server's files"),
    ("dblink", "reaches another server"),
    ("query_to_xml", "runs a query given as text"),
    ("table_to_xml", "dumps a table"),
    ("cursor_to_xml", "runs a cursor"),
    ("database_to_xml", "dumps the database"),
    ("schema_to_xml", "dumps a schema"),
];

/// The category a function name (its qualified parts, lower case) is denied for, if it is.
pub fn denied(parts: &[String]) -> Option<&'static str> {
    let name = parts.last()?.as_str();
    DENIED.iter().find(|(denied, _)| *denied == name).map(|(_, why)| *why).or_else(|| DENIED_PREFIXES.iter().find(|(prefix, _)| name.starts_with(prefix)).map(|(_, why)| *why))
}
