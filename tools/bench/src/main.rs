//! `mediclear-bench`: how fast MediClear's Lambdas start and answer, how big they ship, and how
//! long a provider waits for an analysed case offline. Speed is measured here, never in timed
//! tests: a shared 2-core CI machine makes timing assertions flaky, while a report of figures
//! with their context can be compared run to run.
//!
//! `cargo run -p mediclear-bench -- --help` lists the options. The harness itself may run
//! unoptimised (it reuses the test build); everything it measures is a release build:
//! - per function of `template.yaml`: **init** (spawn → first `GET /runtime/invocation/next`),
//!   the **first invocation**, **warm latency** (event handed out → result posted), and the
//!   `cargo lambda` **zip** — one release build for the Lambda target serves all three, so the
//!   processes measured are the `bootstrap`s that ship;
//! - the **offline end-to-end** time from `POST /api/v1/preauth/cases` to the analysed
//!   `case.updated` on the WebSocket, on the `mediclear-local` binary (profile `local`);
//!
//! then eight sections, each its own table, each runnable alone (`--retrieval`, `--pdf`, …):
//! - **retrieval** quality of the offline embedders on the pre-auth demo notes and, with
//!   `--retrieval-health`, on the health demo's documents;
//! - **embedding** throughput of both embedders on the health demo's chunks;
//! - **PDF** text extraction, MediClear's in-process extractor against pypdf;
//! - the **document pipeline**'s upload → `INDEXED` time, per kind of document, offline;
//! - **PHI reports**: plain English → PDF/CSV link offline against the client databases, and the
//!   validator's time per query;
//! - **health insights**: a patient's chat answer offline (JSON and the stream's first token) on
//!   a 50-document record, and the risk + score recomputation on the stores it leaves;
//! - **load**: 1,000 simulated users of every role at once on the offline system for a bounded
//!   time — throughput, p50/p95/p99 and errors per route, the asynchronous work's time to done,
//!   and the runtime's CPU by thread group.
//!
//! Targets (from the issues): init ≤ 20 ms, zip ≤ 4 MB, e2e ≤ 300 ms; PDF extraction ≥ 10×
//! pypdf's pages/s; health recall@5 ≥ 90 % with the model; a report ≤ 500 ms; under load, no
//! errors, p99 < 2 s on every synchronous route and every asynchronous job done within 30 s.
//!
//! # Layout
//!
//! - [`options`] — the command line.
//! - [`catalog`] — the functions, their environment and routes, from `template.yaml`.
//! - [`binaries`] — the release build of the functions, the target directory, the profile used.
//! - [`stack`] — the template's resources on moto, the Bedrock wire stub, resolved environments.
//! - [`seed`] — documents, cases, users and connections the warm invocations need.
//! - [`scenarios`] — the representative event(s) of each function and what counts as success.
//! - [`aws_meter`] — proxies in front of moto and the stub that time the functions' AWS calls.
//! - [`runtime_api`] — a minimal Lambda Runtime API that timestamps what the function does.
//! - [`process`] — a function process started with Lambda's environment.
//! - [`measure`] — init and warm-latency measurement.
//! - [`package_size`] — `cargo lambda build --output-format zip` and the zip sizes.
//! - [`offline_system`] — `mediclear-local --demo` (profile `local`) in a fresh data directory.
//! - [`end_to_end`] — a case filed on the offline system, its analysed update awaited.
//! - [`stats`] — median and p95.
//! - [`report`] — the tables, the verdicts against the targets, JSON.
//! - [`retrieval`] — recall@5 of the offline embedders on the labelled question sets (the demo
//!   notes; the health demo's documents).
//! - [`embedding_speed`] — chunks/s and tokens/s of both embedders, in batches as the indexer's.
//! - [`pdf_speed`] — PDF text extraction against pypdf; [`python_venv`] installs pypdf.
//! - [`pipeline`] — upload → `INDEXED` time of a text note, a text PDF and a scanned picture.
//! - [`reports`] — PHI reports: NL → file per kind, format and database; validation per query.
//! - [`insights`] — chat latency on a full record; risk + score recomputation, and the domain alone.
//! - [`load`] — simulated users of every role at once; per-route figures, async work, CPU.

mod aws_meter;
mod binaries;
mod catalog;
mod embedding_speed;
mod end_to_end;
mod insights;
mod load;
mod measure;
mod offline_system;
mod options;
mod package_size;
mod pdf_speed;
mod pipeline;
mod process;
mod python_venv;
mod report;
mod reports;
mod retrieval;
mod runtime_api;
mod scenarios;
mod seed;
mod stack;
mod stats;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, ensure};

use crate::catalog::FunctionSpec;
use crate::options::{Command, Options, Section, USAGE};
use crate::process::Launch;
use crate::report::{FunctionRow, Report};
use crate::scenarios::Fixtures;
use crate::seed::Seed;
use crate::stack::Stack;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options::parse(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => *options,
        Ok(Command::PdfReader { passes }) => {
            return match pdf_speed::reader(passes) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("mediclear-bench --pdf-reader: {e:#}");
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Command::SqlValidator) => {
            return match reports::validator() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("mediclear-bench --sql-validator: {e:#}");
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Command::InsightsRecompute { data_dir, runs }) => {
            return match insights::recompute::child(&data_dir, runs).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("mediclear-bench --insights-recompute: {e:#}");
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("mediclear-bench: {e}");
            return ExitCode::from(2);
        }
    };
    if !options.full_run() {
        return if run_sections(&options).await { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    match run(&options).await {
        Ok(report) => {
            println!("{}", if options.json { report.to_json() } else { report.to_text() });
            let sections_ok = run_sections(&options).await;
            if report.harness_problems.is_empty() && sections_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("mediclear-bench: harness failure: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the sections asked for, printing each table (on stderr with `--json`, so stdout stays
/// one JSON document); whether all of them ran.
async fn run_sections(options: &Options) -> bool {
    let workspace = binaries::workspace_root();
    let mut all_ran = true;
    for section in options.sections() {
        let table = match section {
            Section::Retrieval => retrieval::run(&workspace, options.retrieval_set, options.retrieval_misses).await,
            Section::RetrievalHealth => retrieval::run_health(&workspace).await,
            Section::Embedding => embedding_speed::run(&workspace, options.no_build).await,
            Section::Pdf => pdf_speed::run(&workspace, options.pdf_dir.as_deref(), options.pdf_passes, options.no_build).await,
            Section::Pipeline => run_pipeline(options, &workspace).await,
            Section::Reports => run_reports(options, &workspace).await,
            Section::Insights => run_insights(options, &workspace).await,
            Section::Load => run_load(options, &workspace).await,
        };
        match table {
            Ok(table) if options.json => eprintln!("{table}"),
            Ok(table) => println!("{table}"),
            Err(e) => {
                eprintln!("mediclear-bench: {}: {e:#}", section.flag());
                all_ran = false;
            }
        }
    }
    all_ran
}

async fn run_pipeline(options: &Options, workspace: &Path) -> anyhow::Result<String> {
    let binary = offline_system::binary(&binaries::target_dir(workspace)?);
    if !options.no_build {
        eprintln!("building mediclear-local (profile {})…", offline_system::PROFILE);
        offline_system::build(workspace)?;
    }
    pipeline::run(&binary, workspace, options.pipeline_runs, options.timeout).await
}

async fn run_reports(options: &Options, workspace: &Path) -> anyhow::Result<String> {
    let binary = offline_system::binary(&binaries::target_dir(workspace)?);
    if !options.no_build {
        eprintln!("building mediclear-local (profile {})…", offline_system::PROFILE);
        offline_system::build(workspace)?;
    }
    let section = reports::Options { rounds: options.reports_rounds, patients: options.reports_patients, timeout: options.timeout, no_build: options.no_build };
    reports::run(&binary, workspace, section).await
}

async fn run_insights(options: &Options, workspace: &Path) -> anyhow::Result<String> {
    let binary = offline_system::binary(&binaries::target_dir(workspace)?);
    if !options.no_build {
        eprintln!("building mediclear-local (profile {})…", offline_system::PROFILE);
        offline_system::build(workspace)?;
    }
    let section = insights::Options { recompute_runs: options.insights_runs, timeout: options.timeout, no_build: options.no_build };
    insights::run(&binary, workspace, section).await
}

async fn run_load(options: &Options, workspace: &Path) -> anyhow::Result<String> {
    let binary = offline_system::binary(&binaries::target_dir(workspace)?);
    if !options.no_build {
        eprintln!("building mediclear-local (profile {})…", offline_system::PROFILE);
        offline_system::build(workspace)?;
    }
    let section = load::Options { users: options.load_users, seconds: options.load_seconds, ramp_seconds: options.load_ramp_seconds, timeout: options.timeout, chat: !options.load_without_chat };
    load::run(&binary, workspace, section).await
}

async fn run(options: &Options) -> anyhow::Result<Report> {
    let workspace = binaries::workspace_root();
    let template = catalog::read_template(&workspace)?;
    let mut functions = catalog::functions(&template)?;
    if !options.functions.is_empty() {
        let unknown: Vec<&String> = options.functions.iter().filter(|n| !functions.iter().any(|f| &f.name == *n)).collect();
        ensure!(unknown.is_empty(), "no such function in template.yaml: {unknown:?}");
        functions.retain(|f| options.functions.contains(&f.name));
    }
    let names: Vec<String> = functions.iter().map(|f| f.name.clone()).collect();
    let target = binaries::target_dir(&workspace)?;
    let mut notes = Vec::new();
    if !options.extra_env.is_empty() {
        let extra: Vec<String> = options.extra_env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        notes.push(format!("extra function environment (--env): {}", extra.join(" ")));
    }
    let mut report = Report {
        cpus: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        release_profile: binaries::release_profile(&workspace),
        init_runs: options.init_runs,
        warm_runs: options.warm_runs,
        functions: names.iter().map(|name| FunctionRow { name: name.clone(), ..Default::default() }).collect(),
        notes,
        ..Default::default()
    };

    // One release build serves both figures: the `cargo lambda` packages when cargo-lambda is
    // there (init and warm then run the very `bootstrap` that ships), a host build otherwise.
    let mut binaries = Binaries::Host;
    if options.skip_zip {
        report.packages_skipped = Some("--skip-zip".into());
    } else if measure_packages(options, &workspace, &target, &template, &names, &mut report)
        && package_size::bootstrap(&target, package_size::architecture_flag(&template), "").is_some()
    {
        binaries = Binaries::Packaged;
    }
    if !options.skip_functions {
        measure_functions(options, &workspace, &target, binaries, &template, &functions, &mut report).await?;
    }
    if !options.skip_e2e {
        let binary = offline_system::binary(&target);
        if !options.no_build {
            eprintln!("building mediclear-local (profile {})…", offline_system::PROFILE);
            offline_system::build(&workspace)?;
        }
        eprintln!("offline end-to-end: {} cases…", options.e2e_runs);
        match end_to_end::run(&binary, &workspace, options.e2e_runs, options.timeout).await {
            Ok(e2e) => report.end_to_end = Some(e2e),
            Err(e) => report.harness_problems.push(format!("offline end-to-end: {e:#}")),
        }
    } else {
        report.end_to_end_skipped = Some("--skip-e2e".into());
    }
    for row in &mut report.functions {
        row.judge();
    }
    Ok(report)
}

async fn moto_get_item_ms(stack: &Stack, template: &serde_yaml::Value) -> Option<f64> {
    use aws_sdk_dynamodb::types::AttributeValue;
    let emulated = stack.emulated.as_ref()?;
    let (logical_id, _) = mediclear_testkit::tables::table_resource(template, "CASES_TABLE")?;
    let table = stack.physical(&logical_id).ok()?;
    let client = aws_sdk_dynamodb::Client::new(&emulated.moto_sdk);
    let mut samples = Vec::new();
    for i in 0..21 {
        let started = Instant::now();
        client.get_item().table_name(table).key("case_id", AttributeValue::S("PA-BENCH-NONE".into())).send().await.ok()?;
        // The first call opens the connection; the functions' warm calls reuse theirs.
        if i > 0 {
            samples.push(started.elapsed());
        }
    }
    stats::summarize(&samples).map(|s| s.median_ms)
}

async fn measure_functions(
    options: &Options,
    workspace: &Path,
    target: &Path,
    binaries: Binaries,
    template: &serde_yaml::Value,
    functions: &[FunctionSpec],
    report: &mut Report,
) -> anyhow::Result<()> {
    let names: Vec<String> = functions.iter().map(|f| f.name.clone()).collect();
    if binaries == Binaries::Host && !options.no_build {
        eprintln!("building {} function(s) for the host (release)…", names.len());
        binaries::build_release(workspace, &names)?;
    }
    report.notes.push(match binaries {
        Binaries::Packaged => "init and warm ran the binaries the zips hold (cargo lambda's build for the Lambda target)".into(),
        Binaries::Host => "init and warm ran host release binaries (target/release/<fn>)".into(),
    });
    let log_dir = target.join("bench").join("logs");
    std::fs::create_dir_all(&log_dir).with_context(|| format!("creating {}", log_dir.display()))?;

    let moto = if mediclear_testkit::moto::installed() { tokio::task::spawn_blocking(mediclear_testkit::moto::moto).await.ok().flatten().cloned() } else { None };
    let stack = match moto {
        Some(moto) => {
            eprintln!("creating the stack on moto ({})…", moto.endpoint);
            Stack::create(template, workspace, moto).await.context("creating the benchmark stack on moto")?
        }
        None => {
            report.notes.push("moto is not installed (`scripts/tools.sh test`, or MOTO_ENDPOINT): init measured, warm invocations not run".into());
            Stack::unserved(template)
        }
    };
    let fixtures = Fixtures::new(workspace);
    let seed = match stack.emulated {
        Some(_) => {
            eprintln!("seeding documents, cases, users and connections…");
            Some(Seed::create(&stack, template, &fixtures.provider_claims()?).await.context("seeding the benchmark stack")?)
        }
        None => None,
    };
    report.moto_get_item_ms = moto_get_item_ms(&stack, template).await;

    let mut problems = Vec::new();
    for (row, function) in report.functions.iter_mut().zip(functions) {
        let binary = match binaries {
            Binaries::Packaged => package_size::bootstrap(target, package_size::architecture_flag(template), &function.name)
                .ok_or_else(|| anyhow::anyhow!("the template's architecture does not run on this machine"))?,
            Binaries::Host => binaries::release_binary(target, &function.name),
        };
        let Ok(metadata) = std::fs::metadata(&binary) else {
            row.init_error = Some(format!("no binary at {} (build it, or drop --no-build)", binary.display()));
            continue;
        };
        row.binary_bytes = Some(metadata.len());
        let environment = match stack.environment(function) {
            Ok(environment) => environment,
            Err(e) => {
                row.init_error = Some(format!("template environment: {e}"));
                continue;
            }
        };
        let log = log_dir.join(format!("{}.log", function.name));
        let _ = std::fs::remove_file(&log);
        let launch = Launch {
            binary,
            function_name: format!("{}-{}", stack.name, function.logical_id),
            memory_mb: function.memory_mb,
            variables: stack.endpoint_variables().iter().cloned().chain(environment).chain(options.extra_env.iter().cloned()).collect(),
            log,
            log_level: options.log_level.clone(),
        };
        let arn = stack.function_arn(&function.logical_id);
        eprintln!("{}: init ×{}…", function.name, options.init_runs);
        match measure::init(&launch, &arn, options.init_runs, options.timeout).await {
            Ok(summary) => row.init = Some(summary),
            Err(e) => {
                // The warm run would fail in the same init.
                row.init_error = Some(e);
                continue;
            }
        }
        let (Some(seed), Some(emulated)) = (&seed, &stack.emulated) else {
            row.warm_skipped = Some("moto is not available".into());
            continue;
        };
        let scenario = match scenarios::prepare(function, &fixtures, seed, options.warm_runs + 1).await {
            Ok(Some(scenario)) => scenario,
            Ok(None) => {
                row.warm_skipped = Some("no scenario yet: add one to tools/bench/src/scenarios.rs".into());
                continue;
            }
            Err(e) => {
                problems.push(format!("{}: preparing the warm run: {e:#}", function.name));
                continue;
            }
        };
        row.scenario = Some(scenario.summary);
        eprintln!("{}: warm ×{}…", function.name, options.warm_runs);
        match measure::warm(&launch, &arn, function.timeout, &scenario.events, &emulated.meter, options.timeout).await {
            Ok(warm) => row.warm = Some(warm),
            Err(e) => row.warm_error = Some(e),
        }
    }
    report.harness_problems.extend(problems);
    if let Some(emulated) = &stack.emulated {
        use mediclear_testkit::wire::Operation;
        let count = |op| emulated.stub.requests_for(op).len();
        report.notes.push(format!(
            "AWS calls went to moto at {} and the wire stub (InvokeModel {}, PostToConnection {}, Converse {}, other {})",
            emulated.moto.endpoint,
            count(Operation::InvokeModel),
            count(Operation::PostToConnection),
            count(Operation::Converse),
            count(Operation::Unknown)
        ));
    }
    report.notes.push(format!("function logs (JSON, as CloudWatch would get them): {}", log_dir.display()));
    Ok(())
}

/// Which binaries the process measurements run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binaries {
    /// `<target>/<Lambda triple>/release/<fn>`: what the package build zipped as `bootstrap`.
    Packaged,
    /// `<target>/release/<fn>`, built for the host.
    Host,
}

/// The package sizes; whether the packages (and their `bootstrap`s) are there to measure.
fn measure_packages(options: &Options, workspace: &Path, target: &Path, template: &serde_yaml::Value, names: &[String], report: &mut Report) -> bool {
    let result = if options.no_build {
        package_size::read(target, names, "packages already built (--no-build)".into(), 0.0)
    } else {
        let cargo_lambda = match package_size::find_cargo_lambda(workspace) {
            Ok(path) => path,
            Err(why) => {
                report.packages_skipped = Some(why);
                return false;
            }
        };
        eprintln!("cargo lambda build --release --output-format zip ({} packages)…", names.len());
        package_size::build(&cargo_lambda, workspace, target, package_size::architecture_flag(template), names)
    };
    match result {
        Ok(packages) => {
            for row in &mut report.functions {
                if let Some(size) = packages.sizes.get(&row.name) {
                    row.zip_bytes = Some(size.zip_bytes);
                    row.bootstrap_bytes = size.bootstrap_bytes;
                }
            }
            report.packages = Some(packages);
            true
        }
        Err(e) => {
            if options.no_build {
                report.packages_skipped = Some(format!("{e:#}"));
            } else {
                report.harness_problems.push(format!("{e:#}"));
            }
            false
        }
    }
}
