//! Files built to break a PDF reader: each must come back as a clean rejection (or as text),
//! never as a panic, a stack overflow, a hang or an exhausted machine.

use std::time::Duration;

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, Stream, dictionary};
use mediclear_documents::{ExtractionError, Limits, read_pdf};

use crate::synthetic::{PdfBuilder, draw, text_operations};

#[test]
fn a_form_that_draws_itself_is_rejected_as_damaged() {
    let mut pdf = PdfBuilder::new();
    let form_id = pdf.doc().new_object_id();
    let form = pdf.form(
        [text_operations(&["looping"]), vec![draw("Self")]].concat(),
        dictionary! { "XObject" => dictionary! { "Self" => form_id }, "Font" => pdf.resources().get(b"Font").unwrap().clone() },
    );
    // Move the form to the id it names as "Self".
    let object = pdf.doc().objects.remove(&form).unwrap();
    pdf.doc().objects.insert(form_id, object);
    pdf.page(vec![draw("Fm0")], dictionary! { "XObject" => dictionary! { "Fm0" => form_id } });

    assert_eq!(read_pdf(&pdf.build(), &Limits::DEFAULT), Err(ExtractionError::PdfDamaged));
}

#[test]
fn forms_nested_hundreds_deep_are_rejected_as_too_complex() {
    let mut pdf = PdfBuilder::new();
    let mut inner = pdf.form(text_operations(&["deepest"]), pdf.resources());
    for _ in 0..300 {
        inner = pdf.form(vec![draw("Inner")], dictionary! { "XObject" => dictionary! { "Inner" => inner } });
    }
    pdf.page(vec![draw("Outer")], dictionary! { "XObject" => dictionary! { "Outer" => inner } });

    assert_eq!(read_pdf(&pdf.build(), &Limits::DEFAULT), Err(ExtractionError::PdfTooComplex));
}

#[test]
fn forms_that_multiply_into_billions_of_draws_are_rejected_as_too_complex() {
    // Each of 20 forms draws the next one 4 times: 4^20 draws from a file of a few KiB.
    let mut pdf = PdfBuilder::new();
    let mut inner = pdf.form(text_operations(&["leaf"]), pdf.resources());
    for _ in 0..20 {
        inner = pdf.form(
            vec![draw("X"), draw("X"), draw("X"), draw("X")],
            dictionary! { "XObject" => dictionary! { "X" => inner } },
        );
    }
    pdf.page(vec![draw("X")], dictionary! { "XObject" => dictionary! { "X" => inner } });

    assert_eq!(read_pdf(&pdf.build(), &Limits::DEFAULT), Err(ExtractionError::PdfTooComplex));
}

#[test]
fn a_decompression_bomb_is_rejected_as_too_complex() {
    // 32 MiB of spaces compress to about 32 KiB; the limit here is 4 MiB.
    let mut pdf = PdfBuilder::new();
    let mut bomb = Stream::new(Dictionary::new(), vec![b' '; 32 * 1024 * 1024]);
    bomb.compress().unwrap();
    assert!(bomb.content.len() < 1024 * 1024, "the bomb should be small on disk");
    pdf.page_with_content(bomb, pdf.resources());
    let limits = Limits { max_decompressed_bytes: 4 * 1024 * 1024, ..Limits::DEFAULT };

    assert_eq!(read_pdf(&pdf.build(), &limits), Err(ExtractionError::PdfTooComplex));
}

#[test]
fn a_page_tree_that_contains_itself_still_reads() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Allergies: penicillin"]);
    let mut bytes = pdf.build();
    // Point the root's Kids at the root as well as at the page: a loop in the page tree.
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let root = doc.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
    let pages = doc.get_dictionary_mut(root).unwrap();
    let mut kids = pages.get(b"Kids").unwrap().as_array().unwrap().clone();
    kids.push(Object::Reference(root));
    pages.set("Kids", kids);
    bytes.clear();
    doc.save_to(&mut bytes).unwrap();

    let pdf = read_pdf(&bytes, &Limits::DEFAULT).expect("the page is still there");
    assert!(pdf.text.contains("Allergies: penicillin"), "{}", pdf.text);
}

#[test]
fn a_page_whose_parent_is_itself_reads_with_a_default_page_box() {
    let mut pdf = PdfBuilder::new();
    let page = pdf.text_page(&["Blood pressure 120/80"]);
    pdf.doc().get_dictionary_mut(page).unwrap().set("Parent", page);
    let bytes = pdf.build();

    let text = read_pdf(&bytes, &Limits::DEFAULT).expect("readable").text;
    assert!(text.contains("Blood pressure 120/80"), "{text}");
}

#[test]
fn too_many_pages_are_rejected_with_the_count() {
    let mut pdf = PdfBuilder::new();
    for page in 0..12 {
        pdf.text_page(&[&format!("page {page}")]);
    }
    let limits = Limits { max_pages: 10, ..Limits::DEFAULT };

    let error = read_pdf(&pdf.build(), &limits).unwrap_err();
    assert_eq!(error, ExtractionError::PdfTooManyPages { pages: 12, limit: 10 });
    assert_eq!(error.to_string(), "the PDF has 12 pages, more than the 10 this service reads");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Discharge summary"]);
    let limits = Limits { max_bytes: 100, ..Limits::DEFAULT };

    assert_eq!(read_pdf(&pdf.build(), &limits), Err(ExtractionError::TooLarge { limit_mib: 1 }));
}

#[test]
fn running_out_of_time_is_rejected_as_too_complex() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Progress note"]);
    let limits = Limits { time_budget: Duration::ZERO, ..Limits::DEFAULT };

    assert_eq!(read_pdf(&pdf.build(), &limits), Err(ExtractionError::PdfTooComplex));
}

#[test]
fn more_text_than_the_limit_is_rejected_not_truncated() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["A long line of text that is more than the limit allows"]);
    let limits = Limits { max_text_bytes: 16, ..Limits::DEFAULT };

    assert_eq!(read_pdf(&pdf.build(), &limits), Err(ExtractionError::PdfTooComplex));
}

#[test]
fn a_page_the_reader_fails_on_is_skipped_and_the_rest_is_read() {
    // Text shown before any font is set: pdf-extract panics on such a page.
    let mut pdf = PdfBuilder::new();
    pdf.page(
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tj", vec![Object::string_literal("no font")]),
            Operation::new("ET", vec![]),
        ],
        pdf.resources(),
    );
    pdf.text_page(&["Medication list: metformin 500 mg"]);

    let pdf = read_pdf(&pdf.build(), &Limits::DEFAULT).expect("the second page reads");
    assert_eq!(pdf.unreadable_pages, vec![1]);
    assert_eq!(pdf.page_count, 2);
    assert!(pdf.text.contains("metformin 500 mg"), "{}", pdf.text);
    assert!(!pdf.text.contains("no font"));
}

#[test]
fn a_file_the_reader_fails_on_everywhere_is_rejected_as_damaged() {
    let mut pdf = PdfBuilder::new();
    pdf.page(
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tj", vec![Object::string_literal("no font")]),
            Operation::new("ET", vec![]),
        ],
        pdf.resources(),
    );

    assert_eq!(read_pdf(&pdf.build(), &Limits::DEFAULT), Err(ExtractionError::PdfDamaged));
}

#[test]
fn garbage_after_a_pdf_header_is_rejected_as_damaged() {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));

    assert_eq!(read_pdf(&bytes, &Limits::DEFAULT), Err(ExtractionError::PdfDamaged));
}

#[test]
fn every_truncation_and_byte_flip_of_a_pdf_reads_or_is_rejected_cleanly() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Diagnosis: type 2 diabetes mellitus", "Plan: recheck HbA1c in 3 months"]);
    pdf.scanned_page();
    pdf.text_page(&["Signed, attending physician"]);
    let mut doc_bytes = pdf.build();
    // Compress the streams so that flips also land in deflate data.
    let mut doc = lopdf::Document::load_mem(&doc_bytes).unwrap();
    doc.compress();
    doc_bytes.clear();
    doc.save_to(&mut doc_bytes).unwrap();

    let mut variants: Vec<Vec<u8>> = (1..40).map(|cut| doc_bytes[..doc_bytes.len() * cut / 40].to_vec()).collect();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..300 {
        let mut mutated = doc_bytes.clone();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % mutated.len() as u64) as usize;
            mutated[at] = (seed >> 32) as u8;
        }
        variants.push(mutated);
    }

    for bytes in variants {
        match read_pdf(&bytes, &Limits::DEFAULT) {
            Ok(pdf) => assert!(!pdf.text.is_empty()),
            Err(error) => assert!(is_pdf_rejection(&error), "unexpected error {error:?}"),
        }
    }
}

/// The reasons a PDF may be refused for (anything but an internal failure).
pub fn is_pdf_rejection(error: &ExtractionError) -> bool {
    matches!(
        error,
        ExtractionError::PdfDamaged
            | ExtractionError::PdfEncrypted
            | ExtractionError::PdfNoTextLayer { .. }
            | ExtractionError::PdfTooComplex
            | ExtractionError::PdfTooManyPages { .. }
            | ExtractionError::TooLarge { .. }
            | ExtractionError::ContentMismatch { .. }
    )
}
