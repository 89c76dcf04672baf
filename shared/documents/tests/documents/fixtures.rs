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
