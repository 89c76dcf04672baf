//! Load figures: many people using the whole offline system at once — providers filing and
//! reading cases, insurers deciding, patients uploading and chatting, doctors asking about their
//! patients, report makers — for a bounded time on loopback; throughput, p50/p95/p99 and errors per
//! route, the time to done of the asynchronous work, and where the machine's time went.
//!
//! **The system.** `mediclear-local --demo` (profile `local`) ([`crate::offline_system`]) in a fresh
//! data directory, with the embedding model when it was fetched: one process, one embedded
//! database, two cores shared with the simulated users.
//!
//! **The people** ([`population`]): `--load-users` accounts (default 1,000: 30 % providers,
//! 10 % insurers, 45 % patients, 10 % doctors, 5 % report makers) made through the API as
//! `demo-admin` and by self-registration, each patient with two documents processed before the run.
//! Making them is timed and reported, not counted.
//!
//! **The run** ([`users`]): one tokio task a user, arriving evenly over `--load-ramp-seconds`
//! (sign-ins hash a password on the runtime's pool of two threads, so a thousand at once would only
//! measure that queue), each signing in once and then going round its role's flow with a think
//! time of 5–15 s between actions until `--load-seconds` after the first arrival. Each request is
//! timed from just before it is sent to the whole answer; the table gives, per route, requests,
//! requests/s, p50/p95/p99 (nearest rank) and max, errors (any 5xx, an unexpected 4xx, a timeout
//! at `--timeout`, a failed connection), `429`s and the `409`s of insurers' lost races, each
//! counted on its own ([`tally`]).
//!
//! **Asynchronous work**, timed from just before the request that starts it: a filed case until
//! its analysed `case.updated` reaches a socket subscribed to `insurer-queue` (one observer for
//! all, as `demo-insurer`: [`case_book`]); an uploaded document until the patient's poll of
//! `GET /jobs/{id}` (every second) sees it end; a report until its file is downloaded through the
//! link. Work not done [`LATE`] after it started is reported as not done.
//!
//! **Goals** (the issue): no errors, p99 under 2 s on every synchronous route (the seed's SLA),
//! every asynchronous job done within 30 s. Figures, not assertions: a missed goal reads `MISSED`.
//!
//! **The yardstick** ([`calibration`]): before the users arrive, one chat turn and one sign-in at a
//! time, for what each costs the runtime in wall time and CPU — how many a second two cores could
//! answer at best, printed beside what the users sent.
//!
//! **Where the time went** ([`usage`]): the runtime's CPU per second and per thread group (the
//! embedding model's inference threads, the password-hashing pool, tokio's workers and blocking
//! pool, where every redb transaction runs), how many of its threads wanted a CPU, how often one
//! waited on the disk (a redb commit's fsync), the disk's busy time, and this harness's own CPU.

mod calibration;
mod case_book;
mod form;
mod population;
mod tally;
mod usage;
mod users;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mediclear_local::client::Client;
use mediclear_local::demo::DEMO_PASSWORD;

use crate::offline_system::OfflineSystem;
use crate::stats::Tail;
use tally::{RouteFigures, Tally, Work, WorkFigures};
use usage::{Sampler, Usage};
use case_book::CaseBook;
use users::Run;

/// The seed's SLA for a synchronous route: p99 under this.
const SYNC_P99_GOAL_MS: f64 = 2000.0;
/// Every asynchronous job done within this.
const ASYNC_GOAL: Duration = Duration::from_secs(30);
/// Asynchronous work is waited for this long after it started; not done by then, it is reported
/// as not done (and over the goal).
const LATE: Duration = Duration::from_secs(90);
/// The timeline's slices.
const SLICE: Duration = Duration::from_secs(10);

/// The section's knobs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub users: usize,
    /// From the first arrival to the last action started.
    pub seconds: u64,
    /// Arrivals spread evenly over this.
    pub ramp_seconds: u64,
    /// Longest wait for one answer.
    pub timeout: Duration,
    /// Patients and doctors chat (not with `--load-without-chat`).
    pub chat: bool,
}

/// The table, run against `binary`.
pub async fn run(binary: &Path, workspace: &Path, options: Options) -> anyhow::Result<String> {
    let open_files = usage::open_file_limit(options.users)?;
    eprintln!("load: starting mediclear-local --demo…");
    let system = OfflineSystem::start(binary, workspace).await?;
    let documents = Arc::new(crate::insights::record::documents());
    let population = population::create(&system.url, options.users, documents.clone()).await?;
    let client = Client::new(&system.url);
    let admin = client.token("demo-admin", DEMO_PASSWORD).await?;
    let insurer = client.token("demo-insurer", DEMO_PASSWORD).await?;
    let calibration = match population.users.iter().find_map(|u| match &u.role {
        users::Role::Patient { patient_id } => Some((u, patient_id)),
        _ => None,
    }) {
        Some((user, patient_id)) => {
            eprintln!("load: one chat turn and one sign-in at a time, for their unloaded cost…");
            Some(calibration::measure(&system.url, system.pid(), &user.username, &user.password, patient_id).await?)
        }
        None => None,
    };

    // The machine's load when the users arrive, setup done.
    let machine = crate::report::machine();
    let users = population.users.len();
    let start = Instant::now() + Duration::from_secs(1);
    let ramp = Duration::from_secs(options.ramp_seconds.min(options.seconds));
    let run = Arc::new(Run {
        base: system.url.clone(),
        tally: Tally::new(start),
        cases: CaseBook::default(),
        deadline: start + Duration::from_secs(options.seconds),
        timeout: options.timeout,
        late: LATE,
        connection: population.connection.clone(),
        documents,
        chat: options.chat,
    });
    let observer = case_book::observe_cases(&system.url, &insurer, run.cases.clone()).await?;
    eprintln!("load: {users} users for {} s (arriving over {} s)…", options.seconds, ramp.as_secs());
    let tasks: Vec<_> = population
        .users
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, user)| tokio::spawn(users::simulate(run.clone(), user, start + ramp.mul_f64(i as f64 / users as f64), 0x5EED_0000 + i as u64)))
        .collect();
    tokio::time::sleep_until(start.into()).await;
    let sampler = Sampler::start(system.pid());
    // Users still polling a job stop LATE after it started; a request stops at --timeout.
    let cap = run.deadline + LATE + options.timeout + Duration::from_secs(30);
    let mut stuck = 0;
    for task in tasks {
        let left = cap.saturating_duration_since(Instant::now());
        let abort = task.abort_handle();
        if tokio::time::timeout(left, task).await.is_err() {
            abort.abort();
            stuck += 1;
        }
    }
    let window = start.elapsed();
    let usage = sampler.stop();
    eprintln!("load: waiting for the last analyses…");
    let cases = run.cases.settle(&system.url, &admin, &run.tally, LATE).await;
    observer.abort();

    // The tables.
    let mix = population.mix;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "load offline: {users} simulated users ({}) on mediclear-local --demo (profile local), embedder {}, {machine}",
        mix.describe(),
        system.embedder
    );
    let _ = writeln!(
        out,
        "run: {} s from the first arrival, users arriving evenly over the first {} s, each signing in once, then {}-{} s of think time between actions{}; \
         goals: no errors, p99 < {:.0} s on every synchronous route, every async job done within {} s",
        options.seconds,
        ramp.as_secs(),
        users::THINK.0.as_secs(),
        users::THINK.1.as_secs(),
        if options.chat { "" } else { " (--load-without-chat: patients and doctors do not chat)" },
        SYNC_P99_GOAL_MS / 1000.0,
        ASYNC_GOAL.as_secs()
    );
    let ended: Vec<String> = population.seed_ended.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let _ = writeln!(
        out,
        "setup (not counted): {} accounts in {:.1} s; {} seed documents processed in {:.1} s ({}); start-up with the demo seed {:.1} s{}",
        mix.total(),
        population.accounts_s,
        population.seed_documents,
        population.seed_s,
        ended.join(", "),
        system.start_ms / 1000.0,
        if population.connection.is_none() { "; no demo database (scripts/client-dbs.sh): no report makers" } else { "" }
    );
    out.push_str(&route_table(&run.tally, window));
    out.push_str(&work_table(&run.tally));
    for ((route, what), count) in run.tally.errors() {
        let _ = writeln!(out, "ERROR ×{count} {route}: {what}");
    }
    if !cases.unexpected.is_empty() {
        let outcomes: Vec<String> = cases.unexpected.iter().map(|(o, n)| format!("{n} {o}")).collect();
        let _ = writeln!(out, "note: of {} cases filed, analysed otherwise than the demo expects: {}", cases.filed, outcomes.join(", "));
    }
    if cases.observer_lost {
        let _ = writeln!(out, "note: the observer's socket closed during the run; the cases it had not seen analysed were read through GET /preauth/cases/{{id}}");
    }
    if stuck > 0 {
        let _ = writeln!(out, "note: {stuck} users were still running {} s after the deadline and were stopped", (cap - run.deadline).as_secs());
    }
    if let Some(c) = calibration {
        out.push_str(&capacity(&c, &run.tally, window, usage.cpus));
    }
    out.push_str(&timeline(&run.tally, &usage));
    out.push_str(&usage_lines(&usage, ramp, options.seconds));
    out.push_str(&limits(&usage, &run.tally, calibration.as_ref()));
    let _ = writeln!(out, "{open_files}");
    Ok(out)
}

fn ms(value: f64) -> String {
    if value < 10.0 { format!("{value:.2}") } else { format!("{value:.0}") }
}

fn route_row(figures: &RouteFigures, seconds: f64, judged: bool) -> String {
    let tail = figures.tail;
    let cell = |f: fn(&Tail) -> f64| tail.as_ref().map(|t| ms(f(t))).unwrap_or_else(|| "-".into());
    let mut verdict = Vec::new();
    if figures.errors > 0 {
        verdict.push("ERROR".to_string());
    }
    if judged && tail.is_some_and(|t| t.p99_ms > SYNC_P99_GOAL_MS) {
        verdict.push("MISSED p99".into());
    }
    let verdict = if verdict.is_empty() { "ok".to_string() } else { verdict.join(", ") };
    format!(
        "{:<46} {:>8} {:>7.1} {:>8} {:>8} {:>8} {:>8} {:>6} {:>6} {:>5}  {}\n",
        figures.route,
        figures.requests,
        (figures.requests - figures.throttled) as f64 / seconds,
        cell(|t| t.median_ms),
        cell(|t| t.p95_ms),
        cell(|t| t.p99_ms),
        cell(|t| t.max_ms),
        figures.errors,
        figures.throttled,
        figures.expected,
        verdict
    )
}

fn route_table(tally: &Tally, window: Duration) -> String {
    let seconds = window.as_secs_f64().max(0.001);
    let mut out = format!(
        "{:<46} {:>8} {:>7} {:>8} {:>8} {:>8} {:>8} {:>6} {:>6} {:>5}  result\n",
        "route", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "429", "409"
    );
    out.push_str(&format!("{}\n", "-".repeat(138)));
    let mut routes = tally.routes();
    routes.sort_by_key(|r| users::ROUTES.iter().position(|known| *known == r.route).unwrap_or(usize::MAX));
    for figures in routes {
        out.push_str(&route_row(&figures, seconds, true));
    }
    out.push_str(&route_row(&tally.all_routes(), seconds, true));
    out.push_str(&format!(
        "(requests: every answer, 429s included; req/s: the answers other than 429 a second, over the {seconds:.0} s from the first arrival to the last answer; \
         latency over every answer but the 429s, which are waited out and asked again; \
         a timeout counts at --timeout; 409 = an insurer's decision on a case another had just decided, as the API promises; nearest rank)\n"
    ));
    out
}

fn seconds(value: f64) -> String {
    format!("{:.2}", value / 1000.0)
}

fn work_row(work: Work, figures: &WorkFigures) -> String {
    let cell = |f: fn(&Tail) -> f64| figures.tail.as_ref().map(|t| seconds(f(t))).unwrap_or_else(|| "-".into());
    let not_done = figures.started - figures.done;
    let failed: usize = figures.failed.values().sum();
    let mut verdict = Vec::new();
    if failed > 0 {
        let states: Vec<String> = figures.failed.iter().map(|(s, n)| format!("{n} {s}")).collect();
        verdict.push(format!("ERROR ({})", states.join(", ")));
    }
    if not_done > 0 || figures.over_goal > 0 {
        verdict.push("MISSED".into());
    }
    let verdict = if figures.started == 0 {
        "none started".to_string()
    } else if verdict.is_empty() {
        "ok".to_string()
    } else {
        verdict.join(", ")
    };
    format!(
        "{:<58} {:>7} {:>6} {:>7} {:>7} {:>7} {:>7} {:>6} {:>8}  {}\n",
        work.label(),
        figures.started,
        figures.done,
        cell(|t| t.median_ms),
        cell(|t| t.p95_ms),
        cell(|t| t.p99_ms),
        cell(|t| t.max_ms),
        figures.over_goal,
        not_done,
        verdict
    )
}

fn work_table(tally: &Tally) -> String {
    let mut out = format!(
        "\n{:<58} {:>7} {:>6} {:>7} {:>7} {:>7} {:>7} {:>6} {:>8}  result\n",
        "asynchronous work (time to done)", "started", "done", "p50 s", "p95 s", "p99 s", "max s", format!("> {} s", ASYNC_GOAL.as_secs()), "not done"
    );
    out.push_str(&format!("{}\n", "-".repeat(135)));
    for work in Work::ALL {
        out.push_str(&work_row(work, &tally.work(work, ASYNC_GOAL)));
    }
    out.push_str(&format!(
        "(goal: every one done within {} s; not done = not seen done when the waiting stopped, at least {} s after it started; a document is polled every second, so its time is to the poll that saw it end)\n",
        ASYNC_GOAL.as_secs(),
        LATE.as_secs()
    ));
    out
}

/// The unloaded costs, what they allow on this machine's cores, and what the run asked.
fn capacity(c: &calibration::Calibration, tally: &Tally, window: Duration, cpus: usize) -> String {
    let per_second = |cost_ms: f64| if cost_ms > 0.0 { cpus as f64 * 1000.0 / cost_ms } else { f64::INFINITY };
    let asked = |route: &str| tally.routes().iter().find(|r| r.route == route).map_or(0, |r| r.requests) as f64 / window.as_secs_f64().max(0.001);
    let chats = asked(users::PATIENT_CHAT) + asked(users::DOCTOR_CHAT);
    format!(
        "unloaded, one at a time before the run (not counted): a patient's chat turn {} ms, costing the runtime {} ms of CPU (the embedding model's threads {} ms); \
         a sign-in {} ms, {} ms of CPU — so {cpus} cores answer at best {:.1} chat turns/s or {:.0} sign-ins/s; the users sent {chats:.1} chat turns/s (patients' and doctors', answered or timed out)\n",
        ms(c.chat.wall_median_ms),
        ms(c.chat.cpu_ms),
        ms(c.chat.model_cpu_ms),
        ms(c.sign_in.wall_median_ms),
        ms(c.sign_in.cpu_ms),
        per_second(c.chat.cpu_ms),
        per_second(c.sign_in.cpu_ms),
    )
}

/// Requests a second, p99 and the runtime's CPU, slice by slice.
fn timeline(tally: &Tally, usage: &Usage) -> String {
    let slices = tally.timeline(SLICE);
    let step = SLICE.as_secs() as usize;
    let cells: Vec<String> = slices
        .iter()
        .enumerate()
        .map(|(n, (requests, p99))| {
            let cpu = usage.server_cpu_mean(n * step, (n + 1) * step).map(|c| format!("{c:.0}%")).unwrap_or_else(|| "-".into());
            format!("{}s: {:.0}/s p99 {} cpu {cpu}", (n + 1) * step, *requests as f64 / step as f64, p99.map(|p| format!("{}ms", ms(p))).unwrap_or_else(|| "-".into()))
        })
        .collect();
    format!("timeline (per {} s: answers other than 429 a second, their p99, the runtime's CPU): {}\n", SLICE.as_secs(), cells.join(" | "))
}

/// The runtime's CPU, threads and disk, and the harness's CPU.
fn usage_lines(usage: &Usage, ramp: Duration, run_seconds: u64) -> String {
    let capacity = usage.cpus as f64 * 100.0;
    let all = usage.server_cpu_mean(0, usize::MAX).unwrap_or(0.0);
    let steady = usage.server_cpu_mean(ramp.as_secs() as usize, run_seconds as usize).unwrap_or(all);
    let threads_cpu: f64 = usage.cpu_by_group.values().sum();
    let mut groups: Vec<(&String, &f64)> = usage.cpu_by_group.iter().collect();
    groups.sort_by(|a, b| b.1.total_cmp(a.1));
    let groups: Vec<String> = groups
        .iter()
        .filter(|(_, s)| **s >= 0.05)
        .map(|(g, s)| format!("{g} {s:.1} s ({:.0} %)", 100.0 * **s / threads_cpu.max(0.001)))
        .collect();
    let tokio_threads = tokio_threads(usage);
    let pool_full = tokio_threads >= BLOCKING_POOL;
    let mut out = format!(
        "runtime (mediclear-local): CPU {all:.0} % of the machine's {capacity:.0} % over the run, {steady:.0} % after the ramp, peak second {:.0} %; \
         by thread group: {}\n",
        usage.server_cpu_peak().unwrap_or(0.0),
        groups.join(", ")
    );
    let _ = writeln!(
        out,
        "  runnable threads {:.1} on average (wanting one of {} CPUs); a thread in disk wait (redb commit fsync) in {:.0} % of samples; disk busy {}, {} writes/s; \
         threads peak {} (tokio's {}{}), open files peak {}, resident memory peak {:.0} MB",
        usage.runnable_mean,
        usage.cpus,
        100.0 * usage.disk_wait_share,
        usage.disk_busy_pct.map(|b| format!("{b:.0} %")).unwrap_or_else(|| "-".into()),
        usage.disk_writes_per_s.map(|w| format!("{w:.0}")).unwrap_or_else(|| "-".into()),
        usage.threads_peak,
        tokio_threads,
        if pool_full { ": its blocking pool was full" } else { "" },
        usage.open_files_peak,
        usage.resident_mb_peak
    );
    let (machine, others) = machine_and_others(usage);
    let _ = writeln!(
        out,
        "simulated users (this harness, same machine): CPU {:.0} % over the run; the whole machine {machine:.0} % of {capacity:.0} %, of which other processes {others:.0} %",
        usage.client_cpu_pct
    );
    out
}

/// tokio's default blocking pool: 512 threads, besides the async workers.
const BLOCKING_POOL: usize = 512;

fn tokio_threads(usage: &Usage) -> usize {
    usage.threads_peak_by_group.iter().find(|(g, _)| g.starts_with("tokio")).map_or(0, |(_, n)| *n)
}

/// The whole machine's CPU and the part of it neither the runtime nor the harness used, % of one core.
fn machine_and_others(usage: &Usage) -> (f64, f64) {
    let runtime = usage.server_cpu_mean(0, usize::MAX).unwrap_or(0.0);
    let machine = usage.machine_cpu_pct.unwrap_or(runtime + usage.client_cpu_pct);
    (machine, (machine - runtime - usage.client_cpu_pct).max(0.0))
}

/// Which resources ran out, from the figures: the cores, the embedding model's one-at-a-time
/// queue (a chat turn's median far above its cost alone), tokio's blocking pool, the sign-in
/// hashing pool (its `429`s), the disk.
fn limits(usage: &Usage, tally: &Tally, calibration: Option<&calibration::Calibration>) -> String {
    let capacity = usage.cpus as f64 * 100.0;
    let runtime = usage.server_cpu_mean(0, usize::MAX).unwrap_or(0.0);
    let (machine, others) = machine_and_others(usage);
    let threads_cpu: f64 = usage.cpu_by_group.values().sum();
    let routes = tally.routes();
    let route = |name: &str| routes.iter().find(|r| r.route == name);
    let mut found = Vec::new();
    if machine >= 0.9 * capacity {
        let top = usage.cpu_by_group.iter().max_by(|a, b| a.1.total_cmp(b.1)).map(|(g, s)| format!("{g}, {:.0} % of the runtime's", 100.0 * s / threads_cpu.max(0.001)));
        found.push(format!(
            "CPU — the cores are busy ({machine:.0} % of {capacity:.0} %: runtime {runtime:.0} %, simulated users {:.0} %, other processes {others:.0} %); the runtime's largest share: {}",
            usage.client_cpu_pct,
            top.unwrap_or_default()
        ));
    }
    if let (Some(c), Some(chat)) = (calibration, route(users::PATIENT_CHAT).and_then(|r| r.tail))
        && chat.median_ms > 2.0 * c.chat.wall_median_ms.max(1.0)
    {
        found.push(format!(
            "the embedding model's queue — a chat turn took {} ms at the median against {} ms alone; the model runs one batch at a time, and chats, analyses' retrieval and document indexing share it",
            ms(chat.median_ms),
            ms(c.chat.wall_median_ms)
        ));
    }
    if tokio_threads(usage) >= BLOCKING_POOL {
        found.push(format!("tokio's blocking pool (redb's reads, file access, the handlers' blocking work) at its {BLOCKING_POOL}-thread cap (work waited for a thread)"));
    }
    if let Some(sign_in) = route(users::SIGN_IN).filter(|r| r.throttled > 0) {
        found.push(format!("the sign-in hashing pool — {} `429`s (two argon2id threads, at most 64 waiting)", sign_in.throttled));
    }
    if usage.disk_wait_share >= 0.5 {
        found.push(format!("the embedded database's commits — a thread waited on the disk in {:.0} % of samples", 100.0 * usage.disk_wait_share));
    }
    if found.is_empty() {
        found.push(format!("not reached: the machine's CPU {machine:.0} % of {capacity:.0} %, disk wait in {:.0} % of samples", 100.0 * usage.disk_wait_share));
    }
    format!("limit: {}\n", found.join("; "))
}
