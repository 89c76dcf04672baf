//! `mediclear-local context`: condition–sentence pairs on stdin, their clinical context on stdout
//! (`mediclear_domain::clinical_context`), and a clear refusal of a malformed line.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run_context(input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mediclear-local"))
        .arg("context")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mediclear-local context");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn each_pair_gets_its_negation_temporality_and_experiencer() {
    let output = run_context("chest pain\tPatient denies chest pain.\nbreast cancer\tMother had breast cancer at 45.\n");
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Negated\tRecent\tPatient\nAffirmed\tRecent\tOther\n");
}

#[test]
fn a_line_without_a_tab_or_a_blank_line_is_refused_by_number() {
    for (input, line, problem) in [
        ("fever\tNo fever.\ncough and nothing else\n", "line 2", "no tab"),
        ("fever\tNo fever.\n\nfever\tFever.\n", "line 2", "blank"),
    ] {
        let output = run_context(input);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
        assert!(stderr.contains(line) && stderr.contains(problem), "stderr: {stderr}");
        assert!(!stderr.contains("panicked"), "stderr: {stderr}");
        // The lines before it were answered; the clinical text is not echoed.
        assert_eq!(String::from_utf8_lossy(&output.stdout), "Negated\tRecent\tPatient\n");
        assert!(!stderr.contains("nothing else"), "stderr: {stderr}");
    }
}
