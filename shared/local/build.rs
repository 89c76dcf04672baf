//! Embeds what the offline runtime reads at start: `template.yaml`, every `statemachines/*.asl.json`
//! and the demo content under `demo/`, so the binary works from any directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn table(name: &str, root: &Path, files: &[PathBuf]) -> String {
    let mut s = format!("pub static {name}: &[(&str, &str)] = &[\n");
    for f in files {
        let relative = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
        writeln!(s, "    ({relative:?}, include_str!({:?})),", f.display().to_string()).unwrap();
    }
    s.push_str("];\n");
    s
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let workspace = manifest.join("../..").canonicalize().unwrap();
    let demo = manifest.join("demo");
    let machines = workspace.join("statemachines");
    println!("cargo:rerun-if-changed={}", demo.display());
    println!("cargo:rerun-if-changed={}", machines.display());
    println!("cargo:rerun-if-changed={}", workspace.join("template.yaml").display());

    let mut demo_files = Vec::new();
    files_under(&demo, &mut demo_files);
    let mut machine_files = Vec::new();
    files_under(&machines, &mut machine_files);
    machine_files.retain(|f| f.to_string_lossy().ends_with(".asl.json"));

    let mut code = table("DEMO_FILES", &demo, &demo_files);
    code.push_str(&table("STATE_MACHINE_FILES", &workspace, &machine_files));
    writeln!(code, "pub static TEMPLATE: &str = include_str!({:?});", workspace.join("template.yaml").display().to_string()).unwrap();
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs"), code).unwrap();
}
