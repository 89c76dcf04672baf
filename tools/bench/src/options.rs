//! The command line. No argument parser crate: a few dozen flags do not justify a dependency
//! that every release build of the workspace would then compile.

use std::time::Duration;

pub const USAGE: &str = "\
usage: cargo run -p mediclear-bench -- [options]

Measures every Lambda of template.yaml (or those given with --function):
  init     process start -> first GET /2018-06-01/runtime/invocation/next, against a local
           Lambda Runtime API (median and p95 of --init-runs spawns, after one priming spawn)
  warm     event handed out -> response posted, for --warm-runs invocations of a representative
           event, after one first invocation (reported on its own); AWS calls go to moto and to a
           wire stub for Bedrock
  zip      size of target/lambda/<fn>/bootstrap.zip from `cargo lambda build --release
           --output-format zip` (tools from `scripts/tools.sh bench`); init and warm run the
           `bootstrap` of that build, the binary Lambda runs, so the release build is paid once
and the offline end-to-end time: POST /api/v1/preauth/cases -> the analysed case.updated on the
WebSocket, on the mediclear-local binary (profile local) started with demo data. Then eight sections, each
a table of its own: retrieval quality on the pre-auth demo notes and on the health demo, the
embedders' throughput, PDF extraction against pypdf, the document pipeline offline, PHI reports,
health insights (chat latency, risk and score recomputation), and load (many simulated users at
once). A section's flag (--pdf, ...) runs only that section (several may be given); without
any, all of it runs, less what --skip-* leaves out. The embedding, PDF and validation figures
always come from a release build: an unoptimised harness builds mediclear-bench --release and
runs that part in it.

Targets: init <= 20 ms, zip <= 4 MB, e2e <= 300 ms (judged on the median; p95 is shown); PDF
extraction >= 10x pypdf's pages/s; health recall@5 >= 90 % with the model; one patient's report,
plain English -> PDF or CSV link, <= 500 ms; under load, no errors, p99 < 2 s on every synchronous
route and every asynchronous job (case analysis, document pipeline, report) done within 30 s.
A missed target prints MISSED and does not change the exit status; an invocation that fails
prints ERROR. The exit status is non-zero only when the harness itself fails.

options:
  --function NAME     only this function (repeatable; comma-separated lists accepted)
  --init-runs N       spawns measured per function (default 10)
  --warm-runs N       warm invocations measured per function (default 20)
  --e2e-runs N        cases filed in the end-to-end run (default 5)
  --skip-zip          do not run cargo lambda; init and warm then run a host release build
  --skip-functions    no init/warm measurements
  --skip-e2e          no end-to-end run
  --retrieval         recall@5 and hit@1 of the hashing embedder and the embedding model on the
                      labelled question sets over the demo notes (src/retrieval.rs)
  --retrieval-set S   dev, test or both (default both); only totals are printed for test
  --retrieval-misses  also list the dev questions each ranking missed
  --retrieval-health  the same over the health demo's documents and the 68 questions of
                      data/retrieval-health-test.json (held out: totals only)
  --embedding         chunks/s and tokens/s of both embedders on the health demo's chunks, one
                      call per document as the indexer makes (src/embedding_speed.rs)
  --pdf               PDF text extraction, MediClear's in-process extractor against pypdf, on
                      the same corpus (.fixtures/pdf, scripts/fetch-fixtures.sh): pages/s, the
                      ratio (target >= 10x), files read and refused, peak memory (src/pdf_speed.rs)
  --pdf-passes N      timed passes over the files both readers read (default 3)
  --pdf-dir DIR       another corpus (every *.pdf under DIR)
  --pipeline          upload -> INDEXED time per document on mediclear-local --demo, as the demo
                      patient: a text note, a PDF with a text layer, a scanned PNG (src/pipeline.rs)
  --pipeline-runs N   uploads of each kind (default 10, after one unmeasured upload of each)
  --reports           PHI reports on mediclear-local --demo against the client databases of
                      scripts/client-dbs.sh (PostgreSQL, MariaDB, the MongoDB peer): plain English
                      -> PDF/CSV link per request kind, format and database, where the time goes,
                      file sizes; and the validator's time per query on the SQL-safety corpus and
                      on the run's report queries (src/reports.rs)
  --reports-rounds N  rounds over every patient, request kind and format (default 2)
  --reports-patients N
                      patients a database, at evenly spaced ranks by their number of records
                      (default 5)
  --insights          health insights II on mediclear-local --demo: the demo patient PAT-101 gets 46
                      more documents (consultation notes, lab and imaging reports) through the
                      pipeline, then 100 chat questions (records, unanswerable, critical) timed as
                      JSON and 20 as server-sent events (first token, done); then, on the stores it
                      left, the risk + score recomputation and the domain alone (src/insights.rs)
  --insights-runs N   recomputations timed (default 20; the domain alone runs 10x as often)
  --load              load on mediclear-local --demo: simulated users (30 % providers, 10 % insurers,
                      45 % patients, 10 % doctors, 5 % report makers) made through the API, arriving
                      over the ramp, each signing in once then going round its role's flow with 5-15 s
                      of think time; throughput, p50/p95/p99 and errors per route, time to done of
                      case analyses, document jobs and reports, the runtime's CPU by thread group
                      (goals: no errors, p99 < 2 s, async work done within 30 s) (src/load.rs)
  --load-users N      simulated users (default 1000)
  --load-seconds S    from the first arrival to the last action started (default 120)
  --load-ramp-seconds S
                      arrivals spread evenly over the first S seconds (default 30)
  --load-without-chat patients and doctors do their other actions but never chat: what the rest
                      of the system sustains without the embedding model's answers
  --skip-retrieval, --skip-retrieval-health, --skip-embedding, --skip-pdf, --skip-pipeline,
  --skip-reports, --skip-insights, --skip-load
                      leave that section out of a full run
  --no-build          build nothing: use the packages in <target>/lambda (or, with --skip-zip
                      or without them, the binaries in <target>/release), the
                      mediclear-local already in <target>/local and the
                      mediclear-bench already in <target>/release
  --timeout SECS      longest wait for one init, invocation, case or document (default 30)
  --env KEY=VALUE     an extra variable for every function, after the template's (repeatable;
                      for experiments, e.g. --env SSL_CERT_DIR=/nonexistent)
  --log-level LEVEL   the functions' AWS_LAMBDA_LOG_LEVEL (default INFO, as template.yaml; DEBUG
                      shows the SDK's request timings in target/bench/logs)
  --json              print the report as JSON instead of tables
  -h, --help          this text

Release-profile experiments: CARGO_PROFILE_RELEASE_* variables (e.g. CARGO_PROFILE_RELEASE_LTO=fat)
are passed to the builds the benchmark runs and shown in the report.";

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub functions: Vec<String>,
    pub init_runs: usize,
    pub warm_runs: usize,
    pub e2e_runs: usize,
    pub skip_zip: bool,
    pub skip_functions: bool,
    pub skip_e2e: bool,
    pub no_build: bool,
    pub timeout: Duration,
    pub log_level: String,
    pub extra_env: Vec<(String, String)>,
    pub json: bool,
    /// Sections asked for on their own (`--pdf`, …): then only those run.
    pub only: Vec<Section>,
    /// Sections left out of a full run (`--skip-pdf`, …).
    pub skipped: Vec<Section>,
    pub retrieval_set: crate::retrieval::Sets,
    pub retrieval_misses: bool,
    pub pdf_passes: usize,
    pub pdf_dir: Option<std::path::PathBuf>,
    pub pipeline_runs: usize,
    pub reports_rounds: usize,
    pub reports_patients: usize,
    pub insights_runs: usize,
    pub load_users: usize,
    pub load_seconds: u64,
    pub load_ramp_seconds: u64,
    pub load_without_chat: bool,
}

/// The parts of the benchmark after the per-function figures and the end-to-end run, in the
/// order they run and print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Retrieval,
    RetrievalHealth,
    Embedding,
    Pdf,
    Pipeline,
    Reports,
    Insights,
    Load,
}

impl Section {
    pub const ALL: [Section; 8] =
        [Section::Retrieval, Section::RetrievalHealth, Section::Embedding, Section::Pdf, Section::Pipeline, Section::Reports, Section::Insights, Section::Load];

    /// Its flag without the dashes: `--pdf` runs it alone, `--skip-pdf` leaves it out.
    pub fn flag(self) -> &'static str {
        match self {
            Section::Retrieval => "retrieval",
            Section::RetrievalHealth => "retrieval-health",
            Section::Embedding => "embedding",
            Section::Pdf => "pdf",
            Section::Pipeline => "pipeline",
            Section::Reports => "reports",
            Section::Insights => "insights",
            Section::Load => "load",
        }
    }

    fn from_flag(flag: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.flag() == flag)
    }
}

impl Options {
    /// Whether the per-function figures and the end-to-end run are wanted (no section alone).
    pub fn full_run(&self) -> bool {
        self.only.is_empty()
    }

    /// The sections to run, in order.
    pub fn sections(&self) -> Vec<Section> {
        Section::ALL.into_iter().filter(|s| if self.full_run() { !self.skipped.contains(s) } else { self.only.contains(s) }).collect()
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            functions: Vec::new(),
            init_runs: 10,
            warm_runs: 20,
            e2e_runs: 5,
            skip_zip: false,
            skip_functions: false,
            skip_e2e: false,
            no_build: false,
            timeout: Duration::from_secs(30),
            log_level: "INFO".into(),
            extra_env: Vec::new(),
            json: false,
            only: Vec::new(),
            skipped: Vec::new(),
            retrieval_set: crate::retrieval::Sets::Both,
            retrieval_misses: false,
            pdf_passes: 3,
            pdf_dir: None,
            pipeline_runs: 10,
            reports_rounds: 2,
            reports_patients: 5,
            insights_runs: 20,
            load_users: 1000,
            load_seconds: 120,
            load_ramp_seconds: 30,
            load_without_chat: false,
        }
    }
}

/// What the command line asked for.
#[derive(Debug)]
pub enum Command {
    Run(Box<Options>),
    /// `--pdf-reader` (internal): the release child of the PDF benchmark that reads the files
    /// named on stdin with MediClear's extractor (see `pdf_speed`).
    PdfReader { passes: usize },
    /// `--sql-validator` (internal): the release child of the reports section that times the
    /// validators on the query sets given on stdin (see `reports::validation`).
    SqlValidator,
    /// `--insights-recompute DIR` (internal): the release child of the insights section that
    /// times the recomputation on the stores of the data directory DIR (see `insights::recompute`).
    InsightsRecompute { data_dir: std::path::PathBuf, runs: usize },
    Help,
}

fn count(flag: &str, value: Option<String>, least: usize) -> Result<usize, String> {
    let value = value.ok_or_else(|| format!("{flag} needs a number"))?;
    let n: usize = value.parse().map_err(|_| format!("{flag} needs a number, not {value:?}"))?;
    if n < least {
        return Err(format!("{flag} must be at least {least}"));
    }
    Ok(n)
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options::default();
    let mut pdf_reader = false;
    let mut sql_validator = false;
    let mut insights_recompute = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--flag=value` and `--flag value` both work.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next());
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--function" => {
                let names = value().ok_or("--function needs a name")?;
                options.functions.extend(names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_string));
            }
            "--init-runs" => options.init_runs = count(&flag, value(), 1)?,
            "--warm-runs" => options.warm_runs = count(&flag, value(), 1)?,
            "--e2e-runs" => options.e2e_runs = count(&flag, value(), 1)?,
            "--timeout" => options.timeout = Duration::from_secs(count(&flag, value(), 1)? as u64),
            "--log-level" => options.log_level = value().ok_or("--log-level needs a level")?.to_ascii_uppercase(),
            "--env" => {
                let pair = value().ok_or("--env needs KEY=VALUE")?;
                let (key, val) = pair.split_once('=').ok_or_else(|| format!("--env needs KEY=VALUE, not {pair:?}"))?;
                options.extra_env.push((key.to_string(), val.to_string()));
            }
            "--skip-zip" => options.skip_zip = true,
            "--skip-functions" => options.skip_functions = true,
            "--skip-e2e" => options.skip_e2e = true,
            "--no-build" => options.no_build = true,
            "--json" => options.json = true,
            "--retrieval-misses" => options.retrieval_misses = true,
            "--retrieval-set" => options.retrieval_set = crate::retrieval::Sets::parse(&value().ok_or("--retrieval-set needs dev, test or both")?)?,
            "--pdf-passes" => options.pdf_passes = count(&flag, value(), 1)?,
            "--pdf-dir" => options.pdf_dir = Some(value().ok_or("--pdf-dir needs a directory")?.into()),
            "--pipeline-runs" => options.pipeline_runs = count(&flag, value(), 1)?,
            "--reports-rounds" => options.reports_rounds = count(&flag, value(), 1)?,
            "--reports-patients" => options.reports_patients = count(&flag, value(), 1)?,
            "--insights-runs" => options.insights_runs = count(&flag, value(), 1)?,
            "--load-users" => options.load_users = count(&flag, value(), 1)?,
            "--load-seconds" => options.load_seconds = count(&flag, value(), 1)? as u64,
            "--load-ramp-seconds" => options.load_ramp_seconds = count(&flag, value(), 0)? as u64,
            "--load-without-chat" => options.load_without_chat = true,
            "--insights-recompute" => insights_recompute = Some(std::path::PathBuf::from(value().ok_or("--insights-recompute needs a data directory")?)),
            "--pdf-reader" => pdf_reader = true,
            "--sql-validator" => sql_validator = true,
            other => {
                let name = other.strip_prefix("--").unwrap_or(other);
                match (Section::from_flag(name), name.strip_prefix("skip-").and_then(Section::from_flag)) {
                    (Some(section), _) => options.only.push(section),
                    (None, Some(section)) => options.skipped.push(section),
                    (None, None) => return Err(format!("unknown option {other:?} (see --help)")),
                }
            }
        }
    }
    Ok(if pdf_reader {
        Command::PdfReader { passes: options.pdf_passes }
    } else if sql_validator {
        Command::SqlValidator
    } else if let Some(data_dir) = insights_recompute {
        Command::InsightsRecompute { data_dir, runs: options.insights_runs }
    } else {
        Command::Run(Box::new(options))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Options, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Command::Run(o) => Ok(*o),
            Command::PdfReader { .. } => Err("pdf reader".into()),
            Command::SqlValidator => Err("sql validator".into()),
            Command::InsightsRecompute { .. } => Err("insights recompute".into()),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn flags_and_values() {
        let o = run(&["--function", "health,jobs-get", "--function=ws-connect", "--init-runs", "3", "--warm-runs=4", "--skip-zip", "--json", "--env", "A=b=c"]).unwrap();
        assert_eq!(o.extra_env, [("A".to_string(), "b=c".to_string())]);
        assert_eq!(o.functions, ["health", "jobs-get", "ws-connect"]);
        assert_eq!((o.init_runs, o.warm_runs, o.skip_zip, o.json), (3, 4, true, true));
        let o = run(&["--retrieval", "--retrieval-set=dev", "--retrieval-misses"]).unwrap();
        assert_eq!((o.full_run(), o.sections(), o.retrieval_set, o.retrieval_misses), (false, vec![Section::Retrieval], crate::retrieval::Sets::Dev, true));
        let o = run(&["--pipeline", "--pdf", "--pdf-passes=2", "--pipeline-runs", "4"]).unwrap();
        assert_eq!((o.sections(), o.pdf_passes, o.pipeline_runs), (vec![Section::Pdf, Section::Pipeline], 2, 4));
        let o = run(&["--skip-pdf", "--skip-retrieval-health"]).unwrap();
        assert!(o.full_run());
        assert_eq!(o.sections(), [Section::Retrieval, Section::Embedding, Section::Pipeline, Section::Reports, Section::Insights, Section::Load]);
        let o = run(&["--reports", "--reports-rounds=3", "--reports-patients", "4"]).unwrap();
        assert_eq!((o.sections(), o.reports_rounds, o.reports_patients), (vec![Section::Reports], 3, 4));
        assert!(run(&["--skip-reports"]).unwrap().sections().iter().all(|s| *s != Section::Reports));
        let o = run(&["--insights", "--insights-runs=5"]).unwrap();
        assert_eq!((o.sections(), o.insights_runs), (vec![Section::Insights], 5));
        assert!(run(&["--skip-insights"]).unwrap().sections().iter().all(|s| *s != Section::Insights));
        let o = run(&["--load", "--load-users=50", "--load-seconds", "20", "--load-ramp-seconds=0", "--load-without-chat"]).unwrap();
        assert_eq!((o.sections(), o.load_users, o.load_seconds, o.load_ramp_seconds, o.load_without_chat), (vec![Section::Load], 50, 20, 0, true));
        assert_eq!((run(&["--load"]).unwrap().load_users, run(&["--load"]).unwrap().load_seconds), (1000, 120));
        assert!(run(&["--load-users", "0"]).is_err());
        match parse(["--insights-recompute", "/tmp/d", "--insights-runs", "3"].map(String::from)) {
            Ok(Command::InsightsRecompute { data_dir, runs }) => assert_eq!((data_dir, runs), (std::path::PathBuf::from("/tmp/d"), 3)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse(["--sql-validator".to_string()]), Ok(Command::SqlValidator)));
        assert!(run(&["--skip-bogus"]).is_err());
        assert!(run(&["--retrieval-set", "train"]).is_err());
        assert!(run(&["--init-runs", "0"]).is_err());
        assert!(run(&["--bogus"]).is_err());
        assert_eq!(run(&["-h"]).unwrap_err(), "help");
    }
}
