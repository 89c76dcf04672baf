//! PDF text extraction speed: MediClear's in-process extractor
//! (`InProcessExtractor::extract_blocking`, default limits) against pypdf, the usual Python
//! choice, on the same files in one run — the corpus `scripts/fetch-fixtures.sh` fetches
//! (`.fixtures/pdf`: pypdf's own test resources and ocrmypdf's), or `--pdf-dir`.
//!
//! Each reader runs in a process of its own, so that its peak memory is its own: MediClear in
//! the release build of this harness (`--pdf-reader`, [`reader`]), pypdf in
//! `tools/bench/pypdf_extract.py` under a venv in `.tools/pdf-venv` ([`crate::python_venv`]).
//! Both take the file list on stdin, hold every file in memory before timing, and print one
//! JSON line a file and a last line with the process's CPU time and peak resident memory.
//!
//! 1. Discovery: one pass of each over every file — which files each reads and which it
//!    refuses (and why), and the peak memory over the whole corpus.
//! 2. Timing: `--pdf-passes` passes of each over the files both read. Pages are counted once,
//!    by pypdf (`len(reader.pages)`), for both; wall time is the sum of the per-file times (bytes
//!    in memory → all of the text), CPU time the reader process's over the passes.
//!
//! The target (from the issue): MediClear at least 10× pypdf's pages/s, judged on wall time.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, anyhow, bail};
use serde::{Deserialize, Serialize};

use mediclear_documents::{InProcessExtractor, Limits, read_pdf};

/// The pypdf release measured: the one whose test resources the corpus holds.
const PYPDF: &str = "pypdf==7.1.0";
const TARGET_RATIO: f64 = 10.0;
/// Files listed by the time MediClear spends on them.
const SLOWEST: usize = 5;

/// One file, as a reader process reports it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct FileResult {
    file: String,
    ok: bool,
    pages: usize,
    /// Characters of text read (0: the reader "read" a file with no text, a scan).
    #[serde(default)]
    characters: usize,
    #[serde(default)]
    error: Option<String>,
    /// One a pass.
    #[serde(default)]
    seconds: Vec<f64>,
}

impl FileResult {
    /// Pages as pypdf counts them (the count used for both), else this reader's.
    fn pages_or(&self, pypdf: &ReaderRun) -> usize {
        pypdf.files.get(&self.file).map(|r| r.pages).filter(|&p| p > 0).unwrap_or(self.pages)
    }
}

/// A reader process's last line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ProcessTotals {
    cpu_seconds: f64,
    max_rss_kib: u64,
    /// The interpreter, for pypdf (`CPython 3.11.7`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    python: Option<String>,
}

/// What one reader process reported.
struct ReaderRun {
    files: BTreeMap<String, FileResult>,
    totals: ProcessTotals,
}

/// The comparison table, or why it could not be made.
pub async fn run(workspace: &Path, corpus: Option<&Path>, passes: usize, no_build: bool) -> anyhow::Result<String> {
    let corpus = corpus.map(Path::to_path_buf).unwrap_or_else(|| workspace.join(".fixtures/pdf"));
    let mut files = Vec::new();
    collect_pdfs(&corpus, &mut files);
    files.sort();
    if files.is_empty() {
        return Ok(format!("PDF text extraction: not measured — no PDF under {} (scripts/fetch-fixtures.sh)\n", corpus.display()));
    }
    let harness = crate::binaries::release_harness(workspace, no_build)?;
    let machine = crate::report::machine();
    let log_dir = crate::binaries::target_dir(workspace)?.join("bench").join("logs");
    std::fs::create_dir_all(&log_dir).with_context(|| format!("creating {}", log_dir.display()))?;
    let mediclear = |files: &[PathBuf], passes: usize| {
        let mut command = Command::new(&harness);
        command.args(["--pdf-reader", "--pdf-passes", &passes.to_string()]);
        read_files(command, files, &log_dir.join("pdf-reader-mediclear.log"))
    };
    let pypdf_script = workspace.join("tools/bench/pypdf_extract.py");
    let timeout = Limits::DEFAULT.time_budget.as_secs().to_string();
    let python = match crate::python_venv::ensure(workspace, "pdf", &[PYPDF]) {
        Ok(bin) => Some(bin.join("python")),
        Err(e) => {
            eprintln!("pdf: pypdf not available: {e:#}");
            None
        }
    };
    let pypdf = |python: &Path, files: &[PathBuf], passes: usize| {
        let mut command = Command::new(python);
        command.arg(&pypdf_script).args(["--timeout", &timeout, "--passes", &passes.to_string()]);
        read_files(command, files, &log_dir.join("pdf-reader-pypdf.log"))
    };

    eprintln!("pdf: discovery pass over {} files…", files.len());
    let found_mediclear = mediclear(&files, 1)?;
    let Some(python) = python else {
        let read = found_mediclear.files.values().filter(|f| f.ok).count();
        return Ok(format!(
            "PDF text extraction: pypdf could not be installed into .tools/pdf-venv (python3 with venv and pip, and the network once, are needed); MediClear read {read} of {} files\n",
            files.len()
        ));
    };
    let found_pypdf = pypdf(&python, &files, 1)?;
    let both: Vec<PathBuf> = files
        .iter()
        .filter(|f| {
            let key = f.display().to_string();
            found_mediclear.files.get(&key).is_some_and(|r| r.ok) && found_pypdf.files.get(&key).is_some_and(|r| r.ok)
        })
        .cloned()
        .collect();
    if both.is_empty() {
        bail!("no file of {} was read by both readers", corpus.display());
    }
    eprintln!("pdf: {passes} timed pass(es) over the {} files both read…", both.len());
    let timed_mediclear = mediclear(&both, passes)?;
    let timed_pypdf = pypdf(&python, &both, passes)?;

    let pages: usize = both.iter().filter_map(|f| found_pypdf.files.get(&f.display().to_string())).map(|r| r.pages).sum();
    let mediclear_pages: usize = both.iter().filter_map(|f| found_mediclear.files.get(&f.display().to_string())).map(|r| r.pages).sum();
    let rate = |run: &ReaderRun| {
        let wall: f64 = run.files.values().flat_map(|r| r.seconds.iter()).sum::<f64>() / passes as f64;
        let cpu = run.totals.cpu_seconds / passes as f64;
        (wall, cpu)
    };
    let (mediclear_wall, mediclear_cpu) = rate(&timed_mediclear);
    let (pypdf_wall, pypdf_cpu) = rate(&timed_pypdf);
    let per_second = |seconds: f64| if seconds > 0.0 { pages as f64 / seconds } else { f64::INFINITY };

    let mut out = format!(
        "PDF text extraction — {} files under {}; timed: the {} files ({pages} pages) both read, {passes} pass(es); release build, {}\n",
        files.len(),
        corpus.strip_prefix(workspace).unwrap_or(&corpus).display(),
        both.len(),
        machine
    );
    out.push_str(&format!(
        "{:<28} {:>5} {:>7} {:>7} {:>13} {:>12} {:>12} {:>11} {:>13}\n",
        "reader", "read", "refused", "pages", "pages/s wall", "pages/s CPU", "wall s/pass", "CPU s/pass", "peak RSS MiB"
    ));
    out.push_str(&format!("{}\n", "-".repeat(114)));
    let python = found_pypdf.totals.python.clone().unwrap_or_else(|| "Python".into());
    for (name, found, wall, cpu) in [
        ("MediClear (in-process)".to_string(), &found_mediclear, mediclear_wall, mediclear_cpu),
        (format!("{} ({python})", PYPDF.replace("==", " ")), &found_pypdf, pypdf_wall, pypdf_cpu),
    ] {
        let read = found.files.values().filter(|f| f.ok).count();
        out.push_str(&format!(
            "{:<28} {:>5} {:>7} {:>7} {:>13.1} {:>12.1} {:>12.3} {:>11.3} {:>13.1}\n",
            name,
            read,
            found.files.len() - read,
            pages,
            per_second(wall),
            per_second(cpu),
            wall,
            cpu,
            found.totals.max_rss_kib as f64 / 1024.0
        ));
    }
    let ratio_wall = pypdf_wall / mediclear_wall;
    let ratio_cpu = pypdf_cpu / mediclear_cpu.max(0.01);
    let verdict = if ratio_wall >= TARGET_RATIO { "ok" } else { "MISSED" };
    out.push_str(&format!("MediClear / pypdf pages/s: {ratio_wall:.1}× wall, {ratio_cpu:.1}× CPU (target >= {TARGET_RATIO}×, on wall)  {verdict}\n"));
    out.push_str(&format!("refused by MediClear: {}\n", reasons(&found_mediclear)));
    out.push_str(&format!("refused by pypdf:     {}\n", reasons(&found_pypdf)));
    let only = |a: &ReaderRun, b: &ReaderRun| a.files.values().filter(|r| r.ok && !b.files.get(&r.file).is_some_and(|o| o.ok)).count();
    let textless = |run: &ReaderRun| run.files.values().filter(|r| r.ok && r.characters == 0).count();
    out.push_str(&format!(
        "read by MediClear only: {}; by pypdf only: {}; read but without a character of text: MediClear {}, pypdf {}\n",
        only(&found_mediclear, &found_pypdf),
        only(&found_pypdf, &found_mediclear),
        textless(&found_mediclear),
        textless(&found_pypdf)
    ));
    out.push_str(&slowest(&timed_mediclear, &timed_pypdf, &corpus));
    out.push_str(
        "(pages: pypdf's len(reader.pages) over the files both read, the same count for both; wall: per-file time from the bytes in memory to all of the text, \
         summed, per pass; CPU: the reader process's CPU time per pass, 10 ms ticks for MediClear; peak RSS: the process's over the discovery pass of every file, \
         all file bytes held)\n",
    );
    // A file read in discovery but refused in a timed pass (its time budget, on a loaded
    // machine) would bias the sums above: say so.
    for (reader, run) in [("MediClear", &timed_mediclear), ("pypdf", &timed_pypdf)] {
        let short: Vec<&str> = run.files.values().filter(|r| r.seconds.len() < passes).map(|r| r.file.as_str()).collect();
        if !short.is_empty() {
            out.push_str(&format!("WARNING: {reader} refused {} file(s) in a timed pass that it read before: {short:?}\n", short.len()));
        }
    }
    if mediclear_pages != pages {
        out.push_str(&format!("note: MediClear counts {mediclear_pages} pages in the same files (pypdf {pages})\n"));
    }
    out.push_str(&format!("the readers' stderr (pypdf's warnings): {}\n", log_dir.display()));
    Ok(out)
}

/// The files that take most of MediClear's time, with pypdf's time on them: where the ratio
/// comes from.
fn slowest(mediclear: &ReaderRun, pypdf: &ReaderRun, corpus: &Path) -> String {
    let mean = |r: &FileResult| r.seconds.iter().sum::<f64>() / r.seconds.len().max(1) as f64;
    let total: f64 = mediclear.files.values().map(mean).sum();
    let mut files: Vec<&FileResult> = mediclear.files.values().collect();
    files.sort_by(|a, b| mean(b).total_cmp(&mean(a)));
    let rows: Vec<String> = files
        .iter()
        .take(SLOWEST)
        .map(|r| {
            let name = Path::new(&r.file).strip_prefix(corpus).map(|p| p.display().to_string()).unwrap_or_else(|_| r.file.clone());
            let theirs = pypdf.files.get(&r.file).map(mean).unwrap_or(f64::NAN);
            format!("{name} ({} p.) {:.0} ms, {:.0} % of it, pypdf {:.0} ms", r.pages_or(pypdf), 1000.0 * mean(r), 100.0 * mean(r) / total, 1000.0 * theirs)
        })
        .collect();
    format!("MediClear's slowest files (mean of the passes): {}\n", rows.join("; "))
}

/// Refusals by reason, most common first.
fn reasons(run: &ReaderRun) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in run.files.values().filter(|r| !r.ok) {
        *counts.entry(r.error.as_deref().unwrap_or("unknown")).or_default() += 1;
    }
    if counts.is_empty() {
        return "none".into();
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.iter().map(|(reason, n)| format!("{n} {reason}")).collect::<Vec<_>>().join("; ")
}

/// Every `*.pdf` under `dir`, recursively.
fn collect_pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_pdfs(&path, out);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            out.push(path);
        }
    }
}

/// Runs a reader process over `files` (one path a line on stdin) and reads its report; its
/// stderr goes to `log`.
fn read_files(mut command: Command, files: &[PathBuf], log: &Path) -> anyhow::Result<ReaderRun> {
    let log_file = std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(log_file).spawn().with_context(|| format!("starting {command:?}"))?;
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    let mut stdin = child.stdin.take().ok_or_else(|| anyhow!("no stdin"))?;
    stdin.write_all(list.as_bytes())?;
    drop(stdin);
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("{command:?} failed ({}); see {}", output.status, log.display());
    }
    let mut run = ReaderRun { files: BTreeMap::new(), totals: ProcessTotals::default() };
    for line in output.stdout.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        if line.contains("\"max_rss_kib\"") {
            run.totals = serde_json::from_str(&line).with_context(|| format!("reading {line:?}"))?;
        } else {
            let result: FileResult = serde_json::from_str(&line).with_context(|| format!("reading {line:?}"))?;
            run.files.insert(result.file.clone(), result);
        }
    }
    let missing: BTreeSet<String> = files.iter().map(|f| f.display().to_string()).filter(|f| !run.files.contains_key(f)).collect();
    if !missing.is_empty() {
        bail!("{command:?} reported nothing on {} file(s), e.g. {:?}", missing.len(), missing.first());
    }
    Ok(run)
}

/// `--pdf-reader`: MediClear's side, in this (release) process — the files named on stdin,
/// `passes` times each, then the pages of each file read (counted after the timing, untimed).
pub fn reader(passes: usize) -> anyhow::Result<()> {
    let paths: Vec<String> = std::io::stdin().lock().lines().map_while(Result::ok).filter(|l| !l.trim().is_empty()).collect();
    let contents: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).with_context(|| format!("reading {p}"))).collect::<anyhow::Result<_>>()?;
    let extractor = InProcessExtractor::new();
    let mut results: Vec<FileResult> = paths.iter().map(|p| FileResult { file: p.clone(), ok: true, ..Default::default() }).collect();
    let cpu_started = cpu_seconds()?;
    for _ in 0..passes {
        for (result, bytes) in results.iter_mut().zip(&contents) {
            if !result.ok {
                continue;
            }
            let started = Instant::now();
            let text = extractor.extract_blocking(bytes, "application/pdf");
            let elapsed = started.elapsed().as_secs_f64();
            match text {
                Ok(text) => {
                    result.seconds.push(elapsed);
                    if result.seconds.len() == 1 {
                        result.characters = text.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
                Err(e) => {
                    result.ok = false;
                    result.error = Some(e.to_string());
                }
            }
        }
    }
    let cpu_seconds = cpu_seconds()? - cpu_started;
    for (result, bytes) in results.iter_mut().zip(&contents) {
        if result.ok {
            result.pages = read_pdf(bytes, &Limits::DEFAULT).map(|pdf| pdf.page_count).unwrap_or(0);
        }
    }
    let mut stdout = std::io::stdout().lock();
    for result in &results {
        writeln!(stdout, "{}", serde_json::to_string(result)?)?;
    }
    writeln!(stdout, "{}", serde_json::to_string(&ProcessTotals { cpu_seconds, max_rss_kib: peak_rss_kib()?, python: None })?)?;
    Ok(())
}

/// This process's CPU time (user + system, every thread, exited ones included), from
/// `/proc/self/stat` in clock ticks of 1/100 s (`USER_HZ`, 100 on Linux).
fn cpu_seconds() -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").context("reading /proc/self/stat")?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    // utime and stime are fields 14 and 15 of the line, 12th and 13th after the name.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).ok_or_else(|| anyhow!("unexpected /proc/self/stat"));
    Ok((ticks(11)? + ticks(12)?) as f64 / 100.0)
}

/// This process's peak resident memory (`VmHWM` of `/proc/self/status`), KiB.
fn peak_rss_kib() -> anyhow::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow!("no VmHWM in /proc/self/status"))
}
