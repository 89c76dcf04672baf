//! One `mediclear-local` per data directory. The embedded database admits one writer; a second
//! runtime on the same directory used to wait on its lock without a word. Now the first holds an
//! exclusive lock on `<data dir>/mediclear-local.pid` (an OS file lock, released by the kernel
//! when the process ends however it ends, so a crash leaves nothing stale) with its pid written
//! inside, and a second one stops at once naming that pid.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The lock file's name in the data directory.
pub const LOCK_FILE: &str = "mediclear-local.pid";

/// Why the data directory could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    #[error("data directory {dir} is in use by another mediclear-local ({holder})")]
    InUse { dir: PathBuf, holder: String },
    #[error("cannot use data directory {dir}: {source}")]
    Io { dir: PathBuf, source: std::io::Error },
}

/// Held for as long as the runtime uses the directory.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    /// Creates the directory if needed and takes it, or says who has it.
    pub fn acquire(dir: &Path) -> Result<DataDirLock, DataDirError> {
        let io = |source| DataDirError::Io { dir: dir.to_path_buf(), source };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(dir.join(LOCK_FILE)).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let holder = match pid.trim().parse::<u32>() {
                    Ok(pid) => format!("pid {pid}"),
                    Err(_) => "pid unknown".to_string(),
                };
                return Err(DataDirError::InUse { dir: dir.to_path_buf(), holder });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).and_then(|()| file.seek(SeekFrom::Start(0))).and_then(|_| writeln!(file, "{}", std::process::id())).map_err(io)?;
        Ok(DataDirLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_the_first_ones_pid_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = DataDirLock::acquire(dir.path()).unwrap();
        let refused = DataDirLock::acquire(dir.path()).unwrap_err().to_string();
        assert!(refused.contains("is in use by another mediclear-local"), "{refused}");
        assert!(refused.contains(&format!("pid {}", std::process::id())), "{refused}");
        drop(first);
        DataDirLock::acquire(dir.path()).expect("free again once released");
    }
}
