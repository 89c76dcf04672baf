//! The deployment package size: what `sam build` (`BuildMethod: rust-cargolambda`) uploads, i.e.
//! `cargo lambda build --release --output-format zip` for the template's architecture, measured
//! as `<target>/lambda/<function>/bootstrap.zip`, with the uncompressed `bootstrap` read from the
//! zip's central directory. A big zip costs cold starts twice: Lambda downloads and unpacks it
//! before Init, and a big binary has more pages to fault in during Init.
//!
//! cargo-lambda comes from `scripts/tools.sh bench` (a PyPI wheel, with zig for the glibc
//! cross-link); when it is missing the sizes are reported as not measured, with that command.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, bail};
use serde::Serialize;

/// One function's package.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PackageSize {
    pub zip_bytes: u64,
    pub bootstrap_bytes: Option<u64>,
}

/// All packages of one build.
#[derive(Debug, Clone, Serialize)]
pub struct Packages {
    pub sizes: BTreeMap<String, PackageSize>,
    pub command: String,
    pub build_seconds: f64,
}

/// cargo-lambda from `.tools/bench-venv` or `PATH`, or how to install it.
pub fn find_cargo_lambda(workspace: &Path) -> Result<PathBuf, String> {
    let local = workspace.join(".tools/bench-venv/bin/cargo-lambda");
    if local.exists() {
        return Ok(local);
    }
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join("cargo-lambda")).find(|p| p.exists()))
        .ok_or_else(|| "cargo-lambda is not installed: run `scripts/tools.sh bench` (installs it into .tools/bench-venv), or pass --skip-zip".into())
}

/// `--x86-64` or `--arm64` from the template's `Globals.Function.Architectures`.
pub fn architecture_flag(template: &serde_yaml::Value) -> &'static str {
    let architecture = template
        .get("Globals")
        .and_then(|g| g.get("Function"))
        .and_then(|f| f.get("Architectures"))
        .and_then(|a| a.get(0))
        .and_then(serde_yaml::Value::as_str)
        .unwrap_or("x86_64");
    if architecture == "arm64" { "--arm64" } else { "--x86-64" }
}

/// Builds every package in one cargo-lambda run and reads their sizes.
pub fn build(cargo_lambda: &Path, workspace: &Path, target: &Path, architecture: &str, names: &[String]) -> anyhow::Result<Packages> {
    let mut command = Command::new(cargo_lambda);
    command.args(["lambda", "build", "--release", "--output-format", "zip", architecture]);
    for name in names {
        command.args(["-p", name]);
    }
    // zig (the cross-linker) is a Python package of the same virtualenv, found through `python3`.
    if let Some(bin) = cargo_lambda.parent() {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let joined = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&path))).context("building PATH")?;
        command.env("PATH", joined);
    }
    let shown = format!("cargo lambda build --release --output-format zip {architecture} -p <{} functions>", names.len());
    let started = Instant::now();
    let status = command.current_dir(workspace).stdout(Stdio::null()).stderr(Stdio::inherit()).status().context("running cargo lambda")?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    read(target, names, shown, started.elapsed().as_secs_f64())
}

/// The packages of an earlier build.
pub fn read(target: &Path, names: &[String], command: String, build_seconds: f64) -> anyhow::Result<Packages> {
    let mut sizes = BTreeMap::new();
    for name in names {
        let zip = target.join("lambda").join(name).join("bootstrap.zip");
        let bytes = std::fs::read(&zip).with_context(|| format!("reading {}", zip.display()))?;
        sizes.insert(name.clone(), PackageSize { zip_bytes: bytes.len() as u64, bootstrap_bytes: uncompressed_size(&bytes) });
    }
    Ok(Packages { sizes, command, build_seconds })
}

/// The executable cargo-lambda zipped as `bootstrap` (what Lambda runs): cargo's output for the
/// Lambda target triple, when that triple runs on this machine.
pub fn bootstrap(target: &Path, architecture: &str, name: &str) -> Option<PathBuf> {
    let triple = if architecture == "--arm64" { "aarch64-unknown-linux-gnu" } else { "x86_64-unknown-linux-gnu" };
    let runs_here = cfg!(all(target_os = "linux", target_arch = "x86_64")) && triple.starts_with("x86_64")
        || cfg!(all(target_os = "linux", target_arch = "aarch64")) && triple.starts_with("aarch64");
    runs_here.then(|| target.join(triple).join("release").join(name))
}

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as u64)
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as u64)
}

/// The summed uncompressed size of a zip's entries, from its central directory (PKWARE
/// APPNOTE 4.3.12 / 4.3.16); `None` for anything unexpected (zip64, a comment-mangled end).
pub fn uncompressed_size(zip: &[u8]) -> Option<u64> {
    const END: u32 = 0x0605_4b50;
    const ENTRY: u32 = 0x0201_4b50;
    let end = (0..zip.len().saturating_sub(21)).rev().find(|&i| u32_at(zip, i) == Some(END as u64))?;
    let entries = u16_at(zip, end + 10)?;
    let mut at = u32_at(zip, end + 16)? as usize;
    let mut total = 0;
    for _ in 0..entries {
        if u32_at(zip, at)? != ENTRY as u64 {
            return None;
        }
        total += u32_at(zip, at + 24)?;
        at += 46 + (u16_at(zip, at + 28)? + u16_at(zip, at + 30)? + u16_at(zip, at + 32)?) as usize;
    }
    Some(total)
}

pub fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_central_directory() {
        // A stored (uncompressed) zip with one 5-byte entry "bootstrap", laid out by hand.
        let name = b"bootstrap";
        let mut zip = Vec::new();
        zip.extend(0x0403_4b50u32.to_le_bytes());
        zip.extend([0u8; 14]);
        zip.extend(5u32.to_le_bytes());
        zip.extend(5u32.to_le_bytes());
        zip.extend((name.len() as u16).to_le_bytes());
        zip.extend(0u16.to_le_bytes());
        zip.extend(name);
        zip.extend(b"hello");
        let central = zip.len() as u32;
        zip.extend(0x0201_4b50u32.to_le_bytes());
        zip.extend([0u8; 16]);
        zip.extend(5u32.to_le_bytes());
        zip.extend(5u32.to_le_bytes());
        zip.extend((name.len() as u16).to_le_bytes());
        zip.extend([0u8; 16]);
        zip.extend(name);
        let size = zip.len() as u32 - central;
        zip.extend(0x0605_4b50u32.to_le_bytes());
        zip.extend([0u8; 6]);
        zip.extend(1u16.to_le_bytes());
        zip.extend(size.to_le_bytes());
        zip.extend(central.to_le_bytes());
        zip.extend(0u16.to_le_bytes());
        assert_eq!(uncompressed_size(&zip), Some(5));
        assert_eq!(uncompressed_size(b"not a zip"), None);
    }
}
