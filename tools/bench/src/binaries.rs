//! The release binaries the measurements run: the functions for init and warm, built for the
//! host (the Lambda target is x86_64 Linux too, and init/latency do not depend on the glibc
//! cross-link), with the workspace's `[profile.release]` and any `CARGO_PROFILE_RELEASE_*`
//! override, in one `cargo build` so shared crates compile once; and this harness itself in
//! release, for the PDF and embedding figures. The target directory comes from `cargo metadata`
//! because the workspace's is shared and may be redirected (`CARGO_TARGET_DIR`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, anyhow, bail};

/// The workspace root (this crate lives in `tools/bench`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Cargo's target directory for this workspace.
pub fn target_dir(workspace: &Path) -> anyhow::Result<PathBuf> {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(workspace)
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed ({})", output.status);
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).context("cargo metadata printed no JSON")?;
    metadata["target_directory"].as_str().map(PathBuf::from).ok_or_else(|| anyhow!("cargo metadata has no target_directory"))
}

/// `cargo build --release -p <each>`; cargo's progress goes to stderr.
pub fn build_release(workspace: &Path, packages: &[String]) -> anyhow::Result<()> {
    let args: Vec<&str> = packages.iter().flat_map(|p| ["-p", p.as_str()]).collect();
    cargo_build_release(workspace, &args)
}

/// `cargo build --release <args>` in the workspace; cargo's progress goes to stderr.
pub fn cargo_build_release(workspace: &Path, args: &[&str]) -> anyhow::Result<()> {
    cargo_build(workspace, "release", args)
}

/// `cargo build --profile <profile> <args>` in the workspace; cargo's progress goes to stderr.
pub fn cargo_build(workspace: &Path, profile: &str, args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new(cargo())
        .args(["build", "--profile", profile])
        .args(args)
        .current_dir(workspace)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("cargo build --profile {profile} {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// `<target>/release/<name>`.
pub fn release_binary(target: &Path, name: &str) -> PathBuf {
    target.join("release").join(name)
}

/// A release build of this harness, for the figures that describe compiled code in this process
/// (PDF extraction, embedding): this very binary when it is optimised, else
/// `<target>/release/mediclear-bench`, built first unless `no_build`.
pub fn release_harness(workspace: &Path, no_build: bool) -> anyhow::Result<PathBuf> {
    if !cfg!(debug_assertions) {
        return std::env::current_exe().context("locating this benchmark's binary");
    }
    let binary = release_binary(&target_dir(workspace)?, env!("CARGO_PKG_NAME"));
    if !no_build {
        eprintln!("building {} (release)…", env!("CARGO_PKG_NAME"));
        cargo_build_release(workspace, &["-p", env!("CARGO_PKG_NAME")])?;
    }
    if !binary.is_file() {
        bail!("no release build at {} (drop --no-build)", binary.display());
    }
    Ok(binary)
}

/// The release profile the builds use: the root manifest's `[profile.release]` with the
/// `CARGO_PROFILE_RELEASE_*` overrides of this environment applied, as `key=value` pairs.
pub fn release_profile(workspace: &Path) -> Vec<(String, String)> {
    let mut settings: Vec<(String, String)> = Vec::new();
    let manifest = std::fs::read_to_string(workspace.join("Cargo.toml")).unwrap_or_default();
    let mut in_release = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_release = line == "[profile.release]";
            continue;
        }
        if in_release && let Some((key, value)) = line.split_once('=') {
            settings.push((key.trim().to_string(), value.trim().trim_matches('"').to_string()));
        }
    }
    for (name, value) in std::env::vars() {
        if let Some(key) = name.strip_prefix("CARGO_PROFILE_RELEASE_") {
            let key = key.to_ascii_lowercase().replace('_', "-");
            settings.retain(|(k, _)| *k != key);
            settings.push((key, format!("{value} (env)")));
        }
    }
    settings
}
