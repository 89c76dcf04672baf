//! Embeds what the offline runtime reads at start: `template.yaml`, every `statemachines/*.asl.json`,
//! the demo content under `demo/` and the console's assets under `console/` (its browser tests
//! stay out), so the binary works from any directory.

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
    embed(name, root, files, "str", "include_str")
}

fn embed(name: &str, root: &Path, files: &[PathBuf], kind: &str, include: &str) -> String {
    let mut s = format!("pub static {name}: &[(&str, &{kind})] = &[\n");
    for f in files {
        let relative = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
        writeln!(s, "    ({relative:?}, {include}!({:?})),", f.display().to_string()).unwrap();
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
    let console = workspace.join("console");
    println!("cargo:rerun-if-changed={}", console.display());

    let mut demo_files = Vec::new();
    files_under(&demo, &mut demo_files);
    let mut machine_files = Vec::new();
    files_under(&machines, &mut machine_files);
    machine_files.retain(|f| f.to_string_lossy().ends_with(".asl.json"));

    // Text (notes, policies, JSON) as strings; PDFs and pictures (the health demo's lab reports
    // and scans) as bytes; generator scripts stay out.
    let binary = |f: &PathBuf| matches!(f.extension().and_then(|e| e.to_str()), Some("pdf" | "png" | "jpg" | "jpeg"));
    demo_files.retain(|f| f.extension().and_then(|e| e.to_str()) != Some("py"));
    let (demo_binary, demo_text): (Vec<PathBuf>, Vec<PathBuf>) = demo_files.into_iter().partition(|f| binary(f));
    let mut code = table("DEMO_FILES", &demo, &demo_text);
    code.push_str(&embed("DEMO_BINARY_FILES", &demo, &demo_binary, "[u8]", "include_bytes"));
    code.push_str(&table("STATE_MACHINE_FILES", &workspace, &machine_files));
    let mut console_files = Vec::new();
    files_under(&console, &mut console_files);
    console_files.retain(|f| {
        let relative = f.strip_prefix(&console).unwrap_or(f);
        !relative.starts_with("tests") && !relative.starts_with("node_modules") && !relative.to_string_lossy().ends_with(".md")
    });
    code.push_str(&embed("CONSOLE_FILES", &console, &console_files, "[u8]", "include_bytes"));
    writeln!(code, "pub static TEMPLATE: &str = include_str!({:?});", workspace.join("template.yaml").display().to_string()).unwrap();
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs"), code).unwrap();
}
