//! One external program (tesseract, pdfinfo, pdftoppm, ImageMagick) run on an untrusted file,
//! bounded: a deadline after which its whole process group is killed, kernel limits on its
//! address space, CPU time and the size of any file it writes, output read up to a cap, a clean
//! environment, and arguments passed as a vector — never through a shell, so no file name or
//! text is ever interpreted.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::time::Instant;

/// `setrlimit` for the child, soft and hard; a macro because the resource's type differs between
/// C libraries (glibc's enum, musl's and BSD's `int`). Used only inside `pre_exec`'s unsafe block.
macro_rules! set_limit {
    ($resource:expr, $value:expr) => {{
        let limit = libc::rlimit { rlim_cur: $value as libc::rlim_t, rlim_max: $value as libc::rlim_t };
        if libc::setrlimit($resource, &limit) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }};
}

/// The kernel limits a child runs under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChildLimits {
    /// `RLIMIT_AS`: the child's address space.
    pub memory_bytes: u64,
    /// `RLIMIT_FSIZE`: the largest file it may write (a rasterised page, a deskewed copy).
    pub file_bytes: u64,
    /// How much of stdout and of stderr is kept; the rest is read and dropped.
    pub output_bytes: usize,
}

#[derive(Debug)]
pub(crate) enum ChildError {
    /// The program could not be started (it was removed since it was found).
    Spawn(std::io::Error),
    /// The deadline passed; the process group was killed.
    TimedOut,
    /// It ran and failed (exit code, or killed by a limit's signal).
    Failed { code: Option<i32>, stderr: String },
}

#[derive(Debug)]
pub(crate) struct Finished {
    pub stdout: Vec<u8>,
}

/// Runs `program` with `args` in `dir` until it exits or `deadline` passes.
pub(crate) async fn run(
    program: &Path,
    args: &[OsString],
    dir: &Path,
    deadline: Instant,
    limits: ChildLimits,
) -> Result<Finished, ChildError> {
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LC_ALL", "C")
        // Temporary files of tesseract and ImageMagick land in the private directory, removed
        // with it.
        .env("TMPDIR", dir)
        .env("MAGICK_TEMPORARY_PATH", dir)
        // One thread each: the pages of a document are read one after another, and the machine's
        // other cores serve the API.
        .env("OMP_THREAD_LIMIT", "1")
        .env("MAGICK_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        // Its own process group, so a timeout kills whatever it started as well.
        .process_group(0);
    let cpu_seconds = deadline.saturating_duration_since(Instant::now()).as_secs() + 2;
    let ChildLimits { memory_bytes, file_bytes, .. } = limits;
    // SAFETY: the closure runs in the forked child before exec and only calls setrlimit, which
    // is async-signal-safe; it allocates nothing and takes no lock.
    unsafe {
        command.pre_exec(move || {
            set_limit!(libc::RLIMIT_AS, memory_bytes);
            set_limit!(libc::RLIMIT_CPU, cpu_seconds);
            set_limit!(libc::RLIMIT_FSIZE, file_bytes);
            set_limit!(libc::RLIMIT_CORE, 0);
            Ok(())
        });
    }
    let mut child = command.spawn().map_err(ChildError::Spawn)?;
    let pid = child.id();
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let finished = tokio::time::timeout_at(deadline, async {
        let (stdout, stderr, status) =
            tokio::join!(read_capped(stdout, limits.output_bytes), read_capped(stderr, limits.output_bytes), child.wait());
        (stdout, stderr, status)
    })
    .await;
    match finished {
        Ok((stdout, _, Ok(status))) if status.success() => Ok(Finished { stdout }),
        Ok((_, stderr, Ok(status))) => {
            Err(ChildError::Failed { code: status.code(), stderr: String::from_utf8_lossy(&stderr).chars().take(500).collect() })
        }
        Ok((_, _, Err(e))) => Err(ChildError::Spawn(e)),
        Err(_) => {
            if let Some(pid) = pid {
                // SAFETY: signals the process group this child leads (its pid, set above).
                unsafe { libc::kill(-(pid as i32), libc::SIGKILL) };
            }
            let _ = child.kill().await;
            Err(ChildError::TimedOut)
        }
    }
}

/// Reads everything (so the child never blocks on a full pipe) and keeps the first `cap` bytes.
async fn read_capped(mut from: impl AsyncRead + Unpin, cap: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..n.min(room)]);
            }
        }
    }
}

/// The first executable called `name` in the directories of `search_path` (a `PATH` value).
pub(crate) fn find_program(name: &str, search_path: &std::ffi::OsStr) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(search_path)
        .map(|dir| dir.join(name))
        .find(|candidate| std::fs::metadata(candidate).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0))
}

/// Runs a program's version query: stdout, or `None` when it does not answer in `within`.
pub(crate) async fn query(program: &Path, args: &[&str], within: Duration) -> Option<String> {
    let dir = std::env::temp_dir();
    let limits = ChildLimits { memory_bytes: 2 << 30, file_bytes: 1 << 20, output_bytes: 64 << 10 };
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    run(program, &args, &dir, Instant::now() + within, limits).await.ok().map(|f| String::from_utf8_lossy(&f.stdout).into_owned())
}
