//! The PDF test suites of pypdf and OCRmyPDF: real-world files from many producers, scans with
//! OCR ground truth, every encryption revision, and files broken on purpose. Every file is read
//! once (the first test to ask reads them all) and the tests below judge the outcomes.
//!
//! Expected text was checked against pypdf 7.1.0's own extraction of the same files, and against
//! the ground-truth `.txt` files the suites ship.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use mediclear_documents::{ExtractionError, Limits, PdfText, read_pdf};

use crate::fixtures;
use crate::hostile::is_pdf_rejection;

type Outcome = Result<PdfText, ExtractionError>;

struct Corpus {
    dir: PathBuf,
    /// Keyed by path under `.fixtures/pdf`, e.g. `pypdf/crazyones.pdf`.
    outcomes: BTreeMap<String, Outcome>,
}

/// Every corpus PDF read once, or `None` when the corpus was not fetched (outside CI).
fn corpus() -> Option<&'static Corpus> {
    static CORPUS: OnceLock<Option<Corpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let dir = fixtures::corpus()?;
            let outcomes = fixtures::pdfs_under(&dir)
                .into_iter()
                .map(|path| {
                    let name = path.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
                    let bytes = std::fs::read(&path).unwrap();
                    // What is read, not how fast: the time budget has its own tests (hostile.rs)
                    // and speed is the benchmark's; on a loaded machine an unoptimised read of
                    // the 137-page guideline can pass the 30 s a deployment allows.
                    let limits = Limits { time_budget: std::time::Duration::from_secs(600), ..Limits::DEFAULT };
                    (name, read_pdf(&bytes, &limits))
                })
                .collect();
            Some(Corpus { dir, outcomes })
        })
        .as_ref()
}

fn outcome<'a>(corpus: &'a Corpus, name: &str) -> &'a Outcome {
    corpus.outcomes.get(name).unwrap_or_else(|| panic!("{name} is not in the corpus"))
}

fn text<'a>(corpus: &'a Corpus, name: &str) -> &'a str {
    match outcome(corpus, name) {
        Ok(pdf) => &pdf.text,
        Err(error) => panic!("{name} should read, but: {error}"),
    }
}

/// Whitespace collapsed to single spaces, ligatures spelled out.
fn flattened(text: &str) -> String {
    text.replace('\u{FB01}', "fi").replace('\u{FB00}', "ff").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_pdf_reads_or_is_rejected_with_a_reason_for_the_user() {
    let Some(corpus) = corpus() else { return };
    assert!(corpus.outcomes.len() > 100, "both corpora should be there: {}", corpus.outcomes.len());
    let mut read = 0;
    let mut rejected: BTreeMap<String, usize> = BTreeMap::new();
    for (name, outcome) in &corpus.outcomes {
        match outcome {
            Ok(pdf) => {
                read += 1;
                assert!(pdf.text.chars().any(char::is_alphanumeric), "{name} read as Ok without text");
                eprintln!("read      {name}: {} words, {} pages", pdf.text.split_whitespace().count(), pdf.page_count);
            }
            Err(error) => {
                assert!(is_pdf_rejection(error), "{name}: unexpected {error:?}");
                *rejected.entry(error.to_string()).or_default() += 1;
                eprintln!("rejected  {name}: {error}");
            }
        }
    }
    eprintln!("{read} read, {} rejected: {rejected:#?}", corpus.outcomes.len() - read);
}

#[test]
fn a_text_pdf_reads_as_its_source_text() {
    let Some(corpus) = corpus() else { return };
    let expected = std::fs::read_to_string(corpus.dir.join("pypdf/crazyones.txt")).unwrap();

    assert_eq!(flattened(text(corpus, "pypdf/crazyones.pdf")), flattened(&expected));
}

#[test]
fn paragraphs_survive_as_blank_lines() {
    let Some(corpus) = corpus() else { return };

    assert!(
        text(corpus, "pypdf/crazyones.pdf")
            .contains("The round pegs in the square holes.\n\nThe ones who see things differently.")
    );
}

#[test]
fn a_long_clinical_guideline_reads_in_full() {
    // NCCN guideline, 137 pages, TrueType and Type1 fonts.
    let Some(corpus) = corpus() else { return };
    let Ok(pdf) = outcome(corpus, "pypdf/issue-604.pdf") else { panic!("the guideline should read") };

    assert_eq!(pdf.page_count, 137);
    assert!(pdf.pages_needing_ocr.is_empty() && pdf.unreadable_pages.is_empty());
    assert!(pdf.text.contains("National Comprehensive Cancer Network"));
    assert!(pdf.text.split_whitespace().count() > 60_000);
}

#[test]
fn words_hyphenated_across_lines_are_rejoined_in_a_real_book_scan() {
    // An OCR'd book: pypdf's text has "dan-/gerous", "inhabi-/tants", "Rappahan-/nock", ...
    let Some(corpus) = corpus() else { return };
    let text = text(corpus, "pypdf/Seige_of_Vicksburg_Sample_OCR.pdf");

    assert!(text.starts_with("THE SIEGE OF VICKSBURG."));
    for word in ["dangerous", "inhabitants", "Rappahannock", "confederacy", "However"] {
        assert!(text.contains(word), "{word} should be rejoined");
    }
}

#[test]
fn unicode_text_comes_back_through_tounicode_maps() {
    let Some(corpus) = corpus() else { return };
    for name in ["pypdf/multilang.pdf", "pypdf/hello-world.pdf"] {
        let text = text(corpus, name);
        assert!(text.contains("Привет, мир") && text.contains("你好世界"), "{name}: {text}");
    }
    assert!(text(corpus, "pypdf/issue-914-xmp-data.pdf").contains("商品名称"));
    assert!(text(corpus, "pypdf/superscript-pdftex.pdf").contains("x ∈ {3, −3}"));
}

#[test]
fn embedded_font_programs_of_every_kind_are_decoded() {
    // One line per font: TrueType, OpenType/CFF, Type 1, each drawn from its own form.
    let Some(corpus) = corpus() else { return };
    let text = text(corpus, "pypdf/fontsampler.pdf");

    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(text.lines().all(|line| line.ends_with(": Hello World!")), "{text}");
}

#[test]
fn every_text_showing_operator_is_read() {
    // toy.pdf exercises TJ with kerning, T*, text rise, and the ' and " operators.
    let Some(corpus) = corpus() else { return };

    assert_eq!(
        flattened(text(corpus, "pypdf/toy.pdf")),
        "AWAY again1 AWAY again2 Something[cited] Single quote operator Double quote operator Last Txt"
    );
}

#[test]
fn drawing_instructions_with_comments_are_read() {
    // Sample_Td-matrix.pdf has `%` comments between its text operators.
    let Some(corpus) = corpus() else { return };

    assert_eq!(
        flattened(text(corpus, "pypdf/Sample_Td-matrix.pdf")),
        "Hello PDF! Hello PDF 200 0 Td! Hello PDF 2 1! Hello PDF 10 7!"
    );
}

#[test]
fn pdfs_with_a_broken_cross_reference_table_are_repaired() {
    let Some(corpus) = corpus() else { return };

    assert_eq!(text(corpus, "pypdf/issue-297.pdf"), "test example");
    assert!(text(corpus, "pypdf/selenium-pypdf-issue-177.pdf").contains("Hello World"));
}

#[test]
fn a_file_that_is_not_really_a_pdf_is_rejected_as_damaged() {
    let Some(corpus) = corpus() else { return };

    assert_eq!(outcome(corpus, "ocrmypdf/invalid.pdf").as_ref().unwrap_err(), &ExtractionError::PdfDamaged);
}

#[test]
fn scans_are_rejected_as_needing_ocr() {
    let Some(corpus) = corpus() else { return };
    // linn.pdf is a scanned product sheet; OCRmyPDF ships its ground truth, so it has text, just
    // no text layer.
    let ground_truth = std::fs::read_to_string(corpus.dir.join("ocrmypdf/linn.txt")).unwrap();
    assert!(ground_truth.contains("The LinnSequencer"));
    let scans = [
        "ocrmypdf/linn.pdf",
        "ocrmypdf/skew.pdf",
        "ocrmypdf/rotated_skew.pdf",
        "ocrmypdf/c03-29.pdf",
        "ocrmypdf/cardinal.pdf",
        "ocrmypdf/ccitt.pdf",
        "ocrmypdf/jbig2.pdf",
        "ocrmypdf/francais.pdf",
        "ocrmypdf/2400dpi.pdf",
        "ocrmypdf/enormous.pdf",
        "ocrmypdf/poster.pdf",
        "pypdf/imagemagick-CCITTFaxDecode.pdf",
    ];
    for name in scans {
        let error = outcome(corpus, name).as_ref().expect_err(name);
        assert_eq!(error.to_string(), "the PDF has no text layer (a scan); it needs OCR", "{name}");
    }
}

#[test]
fn an_ocred_scan_reads_through_its_invisible_text_layer() {
    let Some(corpus) = corpus() else { return };

    assert!(text(corpus, "ocrmypdf/graph_ocred.pdf").contains("Oppose"));
}

#[test]
fn a_document_mixing_scanned_and_text_pages_reads_and_lists_the_scanned_ones() {
    let Some(corpus) = corpus() else { return };
    let Ok(pdf) = outcome(corpus, "ocrmypdf/multipage.pdf") else { panic!("multipage.pdf should read") };

    assert_eq!(pdf.page_count, 6);
    assert_eq!(pdf.pages_needing_ocr, vec![1, 2, 3, 5, 6]);
    assert!(pdf.text.contains("Oppose"));
}

#[test]
fn a_blank_pdf_is_rejected_as_having_no_text() {
    let Some(corpus) = corpus() else { return };

    assert_eq!(
        outcome(corpus, "ocrmypdf/blank.pdf").as_ref().unwrap_err(),
        &ExtractionError::PdfNoTextLayer { has_images: false }
    );
}

#[test]
fn pdfs_that_need_a_password_are_rejected_as_encrypted() {
    let Some(corpus) = corpus() else { return };
    let needing_password = [
        "pypdf/crazyones-encrypted-256.pdf",
        "pypdf/encrypted-file.pdf",
        "pypdf/libreoffice-writer-password.pdf",
        "pypdf/encryption/r2-user-password.pdf",
        "pypdf/encryption/r3-user-password.pdf",
        "pypdf/encryption/r4-user-password.pdf",
        "pypdf/encryption/r4-aes-user-password.pdf",
        "pypdf/encryption/r6-both-passwords.pdf",
        "pypdf/encryption/r6-cleartext-metadata.pdf",
    ];
    for name in needing_password {
        let error = outcome(corpus, name).as_ref().expect_err(name);
        assert_eq!(
            error.to_string(),
            "the PDF is encrypted (password-protected); upload an unprotected copy",
            "{name}"
        );
    }
}

#[test]
fn pdfs_encrypted_without_a_user_password_are_read() {
    // Owner-password-only files restrict printing or copying; every reader opens them.
    let Some(corpus) = corpus() else { return };
    for revision in ["r2", "r3", "r4", "r5", "r6"] {
        for kind in ["empty-password", "owner-password"] {
            let name = format!("pypdf/encryption/{revision}-{kind}.pdf");
            if !corpus.outcomes.contains_key(&name) {
                continue; // not every revision has both kinds in the suite
            }
            assert_eq!(flattened(text(corpus, &name)), "pdf encryption test password: asdfzxcv", "{name}");
        }
    }
}
