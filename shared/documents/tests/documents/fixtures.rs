//! Where the fetched PDF corpora live, and what to do when they are missing.

use std::path::{Path, PathBuf};

/// `.fixtures/pdf` at the workspace root, or `None` (after saying so) when it was never fetched.
/// Under `CI=true` a missing corpus fails the test instead: CI must not pass by skipping.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.fixtures/pdf");
    if dir.join("pypdf").is_dir() && dir.join("ocrmypdf").is_dir() {
        return Some(dir);
    }
    let message = format!("PDF fixtures are missing at {}: run scripts/fetch-fixtures.sh", dir.display());
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!("{message}");
    }
    eprintln!("skipping: {message}");
    None
}

/// Every PDF under `dir`, sorted.
pub fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable fixtures directory") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("pdf")) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

// Memory measured in a child process: this test executable run again for one test, which reads
// the file a variable names and prints `outcome=… baseline_kib=… peak_kib=…`.

/// How long the parent waits for a child before killing it.
pub const CHILD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);
/// Memory at which the parent kills a child: it has failed already, and the machine is shared.
pub const CHILD_MEMORY_CEILING_MIB: u64 = 2 * 1024;

/// How a child ended and what memory it took above its baseline.
pub struct ChildReport {
    pub outcome: String,
    pub peak_above_baseline_kib: u64,
    pub elapsed: std::time::Duration,
}

/// Runs the test `child_test` (its full name) in a child process with `variable` naming `path`,
/// sampling its peak memory, and killing it past [`CHILD_TIMEOUT`] or
/// [`CHILD_MEMORY_CEILING_MIB`].
pub fn run_in_child(child_test: &str, variable: &str, path: &Path) -> ChildReport {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let started = std::time::Instant::now();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", child_test, "--nocapture", "--test-threads=1"])
        .env(variable, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let status_path = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut last_peak = 0;
    loop {
        // Sampled so that a child killed for running too long still reports how far it got.
        if let Some(peak) = std::fs::read_to_string(&status_path).ok().and_then(|status| field_kib(&status, "VmHWM")) {
            last_peak = peak;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let over_memory = last_peak > CHILD_MEMORY_CEILING_MIB * 1024;
        if started.elapsed() > CHILD_TIMEOUT || over_memory {
            child.kill().unwrap();
            child.wait().unwrap();
            return ChildReport {
                outcome: if over_memory { "killed: out of memory" } else { "killed: still running" }.to_owned(),
                peak_above_baseline_kib: last_peak,
                elapsed: started.elapsed(),
            };
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    // libtest may have written the test's name on the same line.
    let line = stdout.lines().map_while(Result::ok).find_map(|line| Some(line[line.find("outcome=")?..].to_owned()));
    let Some(line) = line else {
        return ChildReport { outcome: "crashed".to_owned(), peak_above_baseline_kib: last_peak, elapsed };
    };
    let value = |key: &str| line.split(' ').find_map(|part| part.strip_prefix(key)).and_then(|value| value.parse::<u64>().ok()).unwrap();
    let outcome = line["outcome=".len()..line.find(" baseline_kib=").unwrap()].to_owned();
    ChildReport { outcome, peak_above_baseline_kib: value("peak_kib=").saturating_sub(value("baseline_kib=")), elapsed }
}

/// In the child: the memory it starts from (call before reading).
pub fn child_baseline_kib() -> u64 {
    status_kib("VmRSS")
}

/// In the child: how it ended, for [`run_in_child`] to read.
pub fn report_from_child(outcome: &str, baseline_kib: u64) {
    let peak = status_kib("VmHWM");
    println!("outcome={outcome} baseline_kib={baseline_kib} peak_kib={peak}");
}

/// A field of this process's `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> u64 {
    field_kib(&std::fs::read_to_string("/proc/self/status").unwrap(), field).unwrap()
}

fn field_kib(status: &str, field: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with(field) && line[field.len()..].starts_with(':'))?;
    line[field.len() + 1..].trim().trim_end_matches("kB").trim().parse().ok()
}
