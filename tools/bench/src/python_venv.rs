//! Python packages the benchmark measures MediClear against (pypdf, for the PDF figures), in a
//! virtual environment under `.tools/` — installed the way `scripts/tools.sh` installs its tool
//! sets: once, again only when the pinned requirements change (a stamp file records them, in
//! the same format), never globally.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

/// `.tools/<set>-venv/bin`, with `requirements` installed (pinned, `name==version`).
pub fn ensure(workspace: &Path, set: &str, requirements: &[&str]) -> anyhow::Result<PathBuf> {
    let venv = workspace.join(".tools").join(format!("{set}-venv"));
    let stamp = venv.join(".mediclear-stamp");
    // scripts/tools.sh writes "<python requirements> | <npm requirements>".
    let want = format!("{} | ", requirements.join(" "));
    let current = std::fs::read_to_string(&stamp).unwrap_or_default();
    if current.trim_end_matches('\n') == want && venv.join("bin/python").is_file() {
        return Ok(venv.join("bin"));
    }
    eprintln!("installing {} into {}…", requirements.join(" "), venv.display());
    if venv.exists() {
        std::fs::remove_dir_all(&venv).with_context(|| format!("removing {}", venv.display()))?;
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv), "python3 -m venv")?;
    let pip = venv.join("bin/pip");
    run(Command::new(&pip).args(["install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"]), "pip install --upgrade pip")?;
    run(Command::new(&pip).args(["install", "--quiet", "--disable-pip-version-check"]).args(requirements), "pip install")?;
    std::fs::write(&stamp, format!("{want}\n")).with_context(|| format!("writing {}", stamp.display()))?;
    Ok(venv.join("bin"))
}

fn run(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let status = command.stdout(Stdio::null()).stderr(Stdio::inherit()).status().with_context(|| format!("running {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}
