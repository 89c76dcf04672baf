//! What a user gets from small PDFs whose content the test knows exactly.

use mediclear_documents::{ExtractionError, Limits, pdf_text, read_pdf};

use crate::synthetic::{PdfBuilder, draw, text_operations};

#[test]
fn text_lines_come_back_in_order_as_lines() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Chief complaint: chest pain", "History: hypertension, smoker", "Plan: stress test"]);

    assert_eq!(
        pdf_text(&pdf.build()).unwrap(),
        "Chief complaint: chest pain\nHistory: hypertension, smoker\nPlan: stress test"
    );
}

#[test]
fn pages_are_separated_by_a_paragraph_break() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Page one ends here."]);
    pdf.text_page(&["Page two starts here."]);

    assert_eq!(pdf_text(&pdf.build()).unwrap(), "Page one ends here.\n\nPage two starts here.");
}

#[test]
fn words_broken_across_lines_are_rejoined() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["continue anticoagu-", "lation for three months"]);

    assert_eq!(pdf_text(&pdf.build()).unwrap(), "continue anticoagulation\nfor three months");
}

#[test]
fn text_shown_with_the_quote_operators_is_read() {
    // `'` and `"` move to the next line and show text; older report generators use them.
    use lopdf::Object;
    use lopdf::content::Operation;
    let mut pdf = PdfBuilder::new();
    let mut operations = text_operations(&["Vital signs"]);
    operations.insert(operations.len() - 1, Operation::new("TL", vec![14.into()]));
    operations.insert(operations.len() - 1, Operation::new("'", vec![Object::string_literal("Pulse 72")]));
    operations.insert(
        operations.len() - 1,
        Operation::new("\"", vec![0.into(), 0.into(), Object::string_literal("Respiration 16")]),
    );
    pdf.page(operations, pdf.resources());

    assert_eq!(pdf_text(&pdf.build()).unwrap(), "Vital signs\nPulse 72\nRespiration 16");
}

#[test]
fn text_inside_forms_is_read_and_lines_in_separate_forms_stay_apart() {
    // Each line is its own form XObject, as some generators write them.
    let mut pdf = PdfBuilder::new();
    let first = pdf.form(text_operations(&["Ejection fraction 55%"]), pdf.resources());
    let second = pdf.form(text_operations(&["No regional wall motion abnormality"]), pdf.resources());
    let resources = lopdf::dictionary! { "XObject" => lopdf::dictionary! { "A" => first, "B" => second } };
    pdf.page(vec![draw("A"), draw("B")], resources);

    assert_eq!(pdf_text(&pdf.build()).unwrap(), "Ejection fraction 55%\nNo regional wall motion abnormality");
}

#[test]
fn a_scan_is_rejected_as_needing_ocr() {
    let mut pdf = PdfBuilder::new();
    pdf.scanned_page();
    pdf.scanned_page();

    let error = read_pdf(&pdf.build(), &Limits::DEFAULT).unwrap_err();
    assert_eq!(error, ExtractionError::PdfNoTextLayer { has_images: true });
    assert_eq!(error.to_string(), "the PDF has no text layer (a scan); it needs OCR");
}

#[test]
fn a_blank_pdf_is_rejected_as_having_no_text() {
    let mut pdf = PdfBuilder::new();
    pdf.page(Vec::new(), lopdf::Dictionary::new());

    let error = read_pdf(&pdf.build(), &Limits::DEFAULT).unwrap_err();
    assert_eq!(error, ExtractionError::PdfNoTextLayer { has_images: false });
}

#[test]
fn typed_pages_are_read_and_scanned_pages_are_listed_for_ocr() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Referral letter"]);
    pdf.scanned_page();
    pdf.text_page(&["Signed, Dr. Example"]);

    let pdf = read_pdf(&pdf.build(), &Limits::DEFAULT).unwrap();
    assert_eq!(pdf.text, "Referral letter\n\nSigned, Dr. Example");
    assert_eq!(pdf.page_count, 3);
    assert_eq!(pdf.pages_needing_ocr, vec![2]);
    assert!(pdf.unreadable_pages.is_empty());
}

#[test]
fn a_faxed_scan_with_a_header_stamp_on_every_page_is_rejected_as_needing_ocr() {
    // Fax servers stamp a line of text on each scanned page; reading only that would lose the page.
    let mut pdf = PdfBuilder::new();
    for page in 1..=3 {
        pdf.scanned_page_with_text(&[&format!("03/15/2024 10:42 FROM: Valley Clinic 555-123-4567 P. {page}/3")], 770);
    }

    assert_eq!(read_pdf(&pdf.build(), &Limits::DEFAULT), Err(ExtractionError::PdfNoTextLayer { has_images: true }));
}

#[test]
fn scanned_pages_with_a_bates_number_are_listed_for_ocr_next_to_typed_pages() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Records request cover letter"]);
    pdf.scanned_page_with_text(&["VALLEY-000124"], 30);
    pdf.scanned_page_with_text(&["VALLEY-000125"], 30);

    let pdf = read_pdf(&pdf.build(), &Limits::DEFAULT).unwrap();
    assert_eq!(pdf.pages_needing_ocr, vec![2, 3]);
    assert_eq!(pdf.text, "Records request cover letter\n\nVALLEY-000124\n\nVALLEY-000125");
}

#[test]
fn text_printed_over_a_full_page_letterhead_image_is_a_typed_page() {
    let mut pdf = PdfBuilder::new();
    pdf.scanned_page_with_text(&["Dear colleague,", "Your patient was seen today.", "Follow up in two weeks."], 500);

    let pdf = read_pdf(&pdf.build(), &Limits::DEFAULT).unwrap();
    assert!(pdf.pages_needing_ocr.is_empty());
    assert_eq!(pdf.text, "Dear colleague,\nYour patient was seen today.\nFollow up in two weeks.");
}

#[test]
fn an_owner_password_does_not_stop_reading_but_a_user_password_does() {
    use lopdf::encryption::crypt_filters::{Aes128CryptFilter, CryptFilter};
    use lopdf::{EncryptionState, EncryptionVersion, Object, Permissions};
    use std::collections::BTreeMap;
    use std::sync::Arc;

    let encrypted = |user_password: &str| {
        let mut pdf = PdfBuilder::new();
        pdf.text_page(&["Lab results: potassium 4.1 mmol/L"]);
        let mut doc = lopdf::Document::load_mem(&pdf.build()).unwrap();
        doc.trailer.set("ID", vec![Object::string_literal("0123456789abcdef"); 2]);
        let crypt_filter: Arc<dyn CryptFilter> = Arc::new(Aes128CryptFilter);
        let state = EncryptionState::try_from(EncryptionVersion::V4 {
            document: &doc,
            encrypt_metadata: true,
            crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), crypt_filter)]),
            stream_filter: b"StdCF".to_vec(),
            string_filter: b"StdCF".to_vec(),
            owner_password: "owner-secret",
            user_password,
            // Printing only: the restriction an "owner password" expresses.
            permissions: Permissions::PRINTABLE,
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    };

    assert!(pdf_text(&encrypted("")).unwrap().contains("potassium 4.1 mmol/L"));
    assert_eq!(pdf_text(&encrypted("user-secret")), Err(ExtractionError::PdfEncrypted));
}

#[test]
fn bytes_that_are_not_a_pdf_are_named_by_what_they_are() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_eq!(
        pdf_text(png),
        Err(ExtractionError::ContentMismatch { declared: "application/pdf", detected: Some("image/png") })
    );
    assert_eq!(pdf_text(b""), Err(ExtractionError::Empty));
}
