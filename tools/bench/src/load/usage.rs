//! Where the machine's time went during the load: the runtime's CPU and threads, read from
//! `/proc` while the users run, so that "where the limit is" rests on measurements.
//!
//! Every [`TICK`] a sampling thread (a plain thread, so a saturated async runtime cannot delay
//! it) reads each of the runtime's threads (`/proc/PID/task/*/stat`): its CPU time, grouped by the
//! thread's name — `rten-N` is the embedding model (its inference pool), `mediclear-password-N`
//! the argon2id hashing pool, `tokio-rt-worker` the async workers and tokio's blocking pool
//! (handlers, JSON, redb's reads), `mediclear-db-writer` redb's writes and commits — and its
//! state: how many are runnable (`R`, wanting a CPU) and whether any waits on the disk (`D`: an
//! fsync of a redb commit, whose writes are one at a time). Every second it also reads the whole
//! process (`/proc/PID/stat`, which keeps the CPU of threads that have ended), this harness's own
//! CPU (the simulated users share the two cores), the runtime's open files and resident memory,
//! and the disks' busy time (`/proc/diskstats`); and, over the whole run, every process's CPU
//! (`/proc/stat`), since the machine is shared and another process's work takes cores too.
//!
//! Also here: the open-file limit the users need, raised when it can be.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// How often threads are read.
const TICK: Duration = Duration::from_millis(200);
/// Whole-process figures every this many ticks (one second).
const TICKS_A_SECOND: u32 = 5;

/// What the sampling found.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    pub seconds: f64,
    pub cpus: usize,
    /// The runtime's CPU, % of one core, per second of the run.
    pub server_cpu_by_second: Vec<f64>,
    /// This harness's CPU over the run, % of one core.
    pub client_cpu_pct: f64,
    /// Every process's CPU over the run (`/proc/stat`), % of one core: the machine is shared.
    pub machine_cpu_pct: Option<f64>,
    /// CPU seconds by thread group.
    pub cpu_by_group: BTreeMap<String, f64>,
    /// Mean runnable (`R`) threads of the runtime.
    pub runnable_mean: f64,
    /// Share of samples in which a thread of the runtime waited on the disk (`D`).
    pub disk_wait_share: f64,
    pub threads_peak: usize,
    /// The most threads of each group alive at once (tokio's blocking pool grows to 512).
    pub threads_peak_by_group: BTreeMap<String, usize>,
    pub open_files_peak: usize,
    pub resident_mb_peak: f64,
    /// Busy time of the busiest disk, % of the run, and its writes a second.
    pub disk_busy_pct: Option<f64>,
    pub disk_writes_per_s: Option<f64>,
    pub samples: usize,
}

impl Usage {
    /// Mean of the runtime's CPU over the seconds `from..to` of the run (% of one core).
    pub fn server_cpu_mean(&self, from: usize, to: usize) -> Option<f64> {
        let window: Vec<f64> = self.server_cpu_by_second.iter().copied().skip(from).take(to.saturating_sub(from)).collect();
        (!window.is_empty()).then(|| window.iter().sum::<f64>() / window.len() as f64)
    }

    pub fn server_cpu_peak(&self) -> Option<f64> {
        self.server_cpu_by_second.iter().copied().reduce(f64::max)
    }
}

/// The sampling thread; [`Sampler::stop`] returns what it found.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Usage>,
}

impl Sampler {
    pub fn start(pid: u32) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || sample(pid, &flag));
        Sampler { stop, thread }
    }

    pub fn stop(self) -> Usage {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

/// A thread's name as its group: `rten-3` → `rten`, the runtime's own pools by what they do.
fn group(comm: &str) -> String {
    let name = comm.trim();
    if name.starts_with("rten") {
        "rten (embedding model inference)".into()
    } else if name.starts_with("mediclear-passw") {
        "mediclear-password (argon2id sign-in hashing)".into()
    } else if name.starts_with("tokio") {
        "tokio workers + blocking pool (handlers, JSON, redb reads)".into()
    } else if name.starts_with("mediclear-db-w") {
        "mediclear-db-writer (redb writes and commits)".into()
    } else {
        name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-').to_string()
    }
}

/// `(comm, state, utime + stime ticks)` of a `stat` line; the name may hold spaces and parentheses.
fn parse_stat(line: &str) -> Option<(String, char, u64)> {
    let open = line.find('(')?;
    let close = line.rfind(')')?;
    let comm = line[open + 1..close].to_string();
    let rest: Vec<&str> = line[close + 1..].split_whitespace().collect();
    // After the name: state (3rd field), …, utime (14th), stime (15th).
    let state = rest.first()?.chars().next()?;
    let utime: u64 = rest.get(11)?.parse().ok()?;
    let stime: u64 = rest.get(12)?.parse().ok()?;
    Some((comm, state, utime + stime))
}

fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse::<f64>().ok())
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

/// `(busy, total)` ticks of all CPUs from `/proc/stat` (idle and iowait are not busy).
fn machine_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let values: Vec<u64> = stat.lines().next()?.strip_prefix("cpu ")?.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3)? + values.get(4)?;
    Some((total - idle, total))
}

fn process_ticks(pid: &str) -> Option<u64> {
    parse_stat(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?).map(|(_, _, ticks)| ticks)
}

fn resident_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?.split_whitespace().next()?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The busiest whole disk's `(io_ticks ms, writes completed)` from `/proc/diskstats`.
fn disks() -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    for line in std::fs::read_to_string("/proc/diskstats").unwrap_or_default().lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // major minor name reads … writes(8th) … io_ticks(13th)
        let (Some(name), Some(writes), Some(busy)) = (fields.get(2), fields.get(7), fields.get(12)) else { continue };
        if name.starts_with("loop") || name.starts_with("ram") {
            continue;
        }
        if let (Ok(writes), Ok(busy)) = (writes.parse(), busy.parse()) {
            out.insert(name.to_string(), (busy, writes));
        }
    }
    out
}

fn sample(pid: u32, stop: &AtomicBool) -> Usage {
    let hz = clock_ticks();
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let pid_text = pid.to_string();
    let started = Instant::now();
    let client_start = process_ticks("self").unwrap_or(0);
    let machine_start = machine_ticks();
    let disks_start = disks();
    let mut usage = Usage { cpus, ..Usage::default() };
    let mut last_thread_ticks: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut group_ticks: BTreeMap<String, u64> = BTreeMap::new();
    let mut last_process = process_ticks(&pid_text);
    let mut last_second = Instant::now();
    let (mut runnable_total, mut with_disk_wait) = (0usize, 0usize);
    let mut tick = 0u32;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        tick += 1;
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { break };
        let (mut threads, mut runnable, mut disk_wait) = (0, 0, false);
        let mut alive: BTreeMap<String, usize> = BTreeMap::new();
        for task in tasks.flatten() {
            let tid = task.file_name().to_string_lossy().to_string();
            let Some((comm, state, ticks)) = std::fs::read_to_string(task.path().join("stat")).ok().as_deref().and_then(parse_stat) else { continue };
            threads += 1;
            runnable += usize::from(state == 'R');
            disk_wait |= state == 'D';
            let before = last_thread_ticks.get(&tid).map_or(0, |(_, t)| *t);
            *group_ticks.entry(group(&comm)).or_default() += ticks.saturating_sub(before);
            *alive.entry(group(&comm)).or_default() += 1;
            last_thread_ticks.insert(tid, (comm, ticks));
        }
        usage.samples += 1;
        runnable_total += runnable;
        with_disk_wait += usize::from(disk_wait);
        usage.threads_peak = usage.threads_peak.max(threads);
        for (group, count) in alive {
            let peak = usage.threads_peak_by_group.entry(group).or_default();
            *peak = (*peak).max(count);
        }
        if tick.is_multiple_of(TICKS_A_SECOND) {
            let now = process_ticks(&pid_text);
            if let (Some(now), Some(before)) = (now, last_process) {
                let seconds = last_second.elapsed().as_secs_f64();
                usage.server_cpu_by_second.push(100.0 * now.saturating_sub(before) as f64 / hz / seconds);
            }
            last_process = now;
            last_second = Instant::now();
            if let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) {
                usage.open_files_peak = usage.open_files_peak.max(fds.count());
            }
            if let Some(mb) = resident_mb(pid) {
                usage.resident_mb_peak = usage.resident_mb_peak.max(mb);
            }
        }
    }
    usage.seconds = started.elapsed().as_secs_f64();
    usage.client_cpu_pct = 100.0 * process_ticks("self").unwrap_or(0).saturating_sub(client_start) as f64 / hz / usage.seconds.max(0.001);
    if let (Some((busy0, total0)), Some((busy, total))) = (machine_start, machine_ticks()) {
        let share = busy.saturating_sub(busy0) as f64 / total.saturating_sub(total0).max(1) as f64;
        usage.machine_cpu_pct = Some(100.0 * share * cpus as f64);
    }
    usage.cpu_by_group = group_ticks.into_iter().map(|(g, t)| (g, t as f64 / hz)).collect();
    if usage.samples > 0 {
        usage.runnable_mean = runnable_total as f64 / usage.samples as f64;
        usage.disk_wait_share = with_disk_wait as f64 / usage.samples as f64;
    }
    let busiest = disks()
        .into_iter()
        .filter_map(|(name, (busy, writes))| disks_start.get(&name).map(|(b0, w0)| (busy.saturating_sub(*b0), writes.saturating_sub(*w0))))
        .max_by_key(|(busy, _)| *busy);
    if let Some((busy_ms, writes)) = busiest {
        usage.disk_busy_pct = Some(100.0 * busy_ms as f64 / 1000.0 / usage.seconds.max(0.001));
        usage.disk_writes_per_s = Some(writes as f64 / usage.seconds.max(0.001));
    }
    usage
}

/// The runtime's CPU time so far, in seconds: `(whole process, its embedding-model threads)`.
pub fn cpu_seconds(pid: u32) -> Option<(f64, f64)> {
    let hz = clock_ticks();
    let process = process_ticks(&pid.to_string())? as f64 / hz;
    let mut model = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()?.flatten() {
        if let Some((comm, _, ticks)) = std::fs::read_to_string(task.path().join("stat")).ok().as_deref().and_then(parse_stat)
            && comm.starts_with("rten")
        {
            model += ticks;
        }
    }
    Some((process, model as f64 / hz))
}

/// Makes sure this process (and the runtime it starts, which inherits the limit) may open a
/// socket per simulated user and then some: raises the soft `RLIMIT_NOFILE` to the hard one with
/// `prlimit` when it is too low, and says how to raise it when the hard one is. The note for the
/// table.
pub fn open_file_limit(users: usize) -> anyhow::Result<String> {
    // One connection per user in this process and in the runtime, plus the stores, the model,
    // the logs and the observer's socket.
    let needed = users + 512;
    let (soft, hard) = nofile().context("reading /proc/self/limits")?;
    if soft >= needed {
        return Ok(format!("open files: limit {soft} (hard {hard}), about {needed} needed a process"));
    }
    if hard < needed {
        bail!("the open-file limit is {soft} (hard {hard}) and {users} users need about {needed}: raise it (`ulimit -n {needed}` as root, or in /etc/security/limits.conf) or pass fewer --load-users");
    }
    let status = std::process::Command::new("prlimit")
        .args(["--pid", &std::process::id().to_string(), &format!("--nofile={hard}:{hard}")])
        .status()
        .context("running prlimit (util-linux) to raise the open-file limit")?;
    let (now, _) = nofile().context("reading /proc/self/limits")?;
    if !status.success() || now < needed {
        bail!("could not raise the open-file limit from {soft} to {hard} ({status}): run `ulimit -n {hard}` before scripts/bench --load");
    }
    Ok(format!("open files: limit raised from {soft} to {now} (hard {hard}), about {needed} needed a process"))
}

/// `(soft, hard)` of "Max open files".
fn nofile() -> Option<(usize, usize)> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let values: Vec<&str> = line.trim_start_matches("Max open files").split_whitespace().collect();
    let parse = |v: &str| if v == "unlimited" { Some(usize::MAX) } else { v.parse().ok() };
    Some((parse(values.first()?)?, parse(values.get(1)?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_and_thread_groups() {
        let line = "4242 (tokio-runtime-w) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1 0";
        assert_eq!(parse_stat(line), Some(("tokio-runtime-w".to_string(), 'S', 300)));
        assert_eq!(parse_stat("7 (a (b) c) R 1 2 3 4 5 6 7 8 9 10 1 2 0"), Some(("a (b) c".to_string(), 'R', 3)));
        assert_eq!(group("rten-1"), "rten (embedding model inference)");
        assert_eq!(group("mediclear-passw"), "mediclear-password (argon2id sign-in hashing)");
        assert_eq!(group("mediclear-db-wr"), "mediclear-db-writer (redb writes and commits)");
        assert_eq!(group("mediclear-local"), "mediclear-local");
        assert!(nofile().is_some());
    }
}
