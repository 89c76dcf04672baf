//! The offline system the end-to-end and pipeline figures run against: the `mediclear-local`
//! binary built with the workspace's `local` profile (optimised for speed; what `scripts/run-local`
//! runs: `cargo run --profile local --bin mediclear-local -- --demo`),
//! started with demo data in a fresh data directory, on a port of its own, with the workspace's
//! embedding model when it was fetched (as `scripts/run-local` runs it). Its start-up — seeding
//! and indexing the demo documents — is reported, never counted in a figure.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};

/// Longest wait for the system to listen: the demo seed reads three scans by OCR and embeds
/// every demo document, which takes a while on a busy 2-core machine.
const START_TIMEOUT: Duration = Duration::from_secs(300);

/// The cargo profile the offline runtime is built with (the root manifest's `[profile.local]`).
pub const PROFILE: &str = "local";

/// `<target>/local/mediclear-local`.
pub fn binary(target: &Path) -> PathBuf {
    target.join(PROFILE).join("mediclear-local")
}

/// `cargo build --profile local --bin mediclear-local`.
pub fn build(workspace: &Path) -> anyhow::Result<()> {
    crate::binaries::cargo_build(workspace, PROFILE, &["--bin", "mediclear-local"])
}

/// A running `mediclear-local --demo`; stopped (killed) when dropped.
pub struct OfflineSystem {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Spawn → listening, seeding included.
    pub start_ms: f64,
    /// Which embedder it indexes with.
    pub embedder: &'static str,
    child: Child,
    /// `None` only once [`OfflineSystem::stop_keeping_data`] has taken it.
    data_dir: Option<tempfile::TempDir>,
}

impl OfflineSystem {
    /// Starts `binary` with demo data and waits until it listens.
    pub async fn start(binary: &Path, workspace: &Path) -> anyhow::Result<OfflineSystem> {
        let data_dir = tempfile::tempdir().context("creating a data directory")?;
        let model = crate::retrieval::model_dir(workspace);
        let mut command = std::process::Command::new(binary);
        command.args(["--listen", "127.0.0.1:0", "--demo", "--data-dir"]).arg(data_dir.path());
        let embedder = if model.is_dir() {
            command.arg("--model-dir").arg(&model);
            "MiniLM-L6"
        } else {
            "hashing (no model: scripts/fetch-model.sh)"
        };
        let started = Instant::now();
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {} (build it, or drop --no-build)", binary.display()))?;
        let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
        // The address line comes once the demo data is seeded; the rest of stdout is drained so
        // that the process never writes into a closed pipe.
        let (sender, listening) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut sender = Some(sender);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on ")
                    && let Some(sender) = sender.take()
                {
                    let _ = sender.send(url.trim().to_string());
                }
            }
        });
        let url = match tokio::time::timeout(START_TIMEOUT, listening).await {
            Ok(Ok(url)) => url,
            outcome => {
                let _ = child.kill();
                let _ = child.wait();
                match outcome {
                    Err(_) => bail!("mediclear-local did not listen within {START_TIMEOUT:?}"),
                    _ => bail!("mediclear-local exited before listening"),
                }
            }
        };
        let start_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(OfflineSystem { url, start_ms, embedder, child, data_dir: Some(data_dir) })
    }

    /// Its process id, for the load section's reading of its CPU and threads in `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Its data directory (its log file is `mediclear-local.log` there).
    pub fn data_dir(&self) -> &Path {
        self.data_dir.as_ref().map_or(Path::new(""), |d| d.path())
    }

    /// Stops the system as Ctrl-C would (SIGTERM: requests in flight answered, the store closed
    /// cleanly; killed after [`STOP_TIMEOUT`]) and hands over its data directory, for a figure
    /// that reads the stores the system wrote (the insights section's recomputation).
    pub fn stop_keeping_data(mut self) -> anyhow::Result<tempfile::TempDir> {
        let terminated = std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().map(|s| s.success()).unwrap_or(false);
        let deadline = Instant::now() + STOP_TIMEOUT;
        while terminated && Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.data_dir.take().ok_or_else(|| anyhow!("the data directory was already taken"))
    }
}

/// Longest wait for a graceful stop.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);

impl Drop for OfflineSystem {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
