//! The `TextExtractor` port as the ingestion Lambda calls it: content type in, text or a
//! `Rejected` reason out.

use mediclear_documents::InProcessExtractor;
use mediclear_ports::error::PortError;
use mediclear_ports::knowledge::TextExtractor;

use crate::synthetic::PdfBuilder;

fn rejected(reason: &str) -> PortError {
    PortError::Rejected(reason.to_owned())
}

fn clinical_pdf() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Patient reports knee pain for six months.", "MRI shows a medial meniscus tear."]);
    pdf.build()
}

#[tokio::test]
async fn a_pdf_reads_through_the_port() {
    let text = InProcessExtractor::new().extract(&clinical_pdf(), "application/pdf").await.unwrap();

    assert_eq!(text, "Patient reports knee pain for six months.\nMRI shows a medial meniscus tear.");
}

#[tokio::test]
async fn plain_text_reads_whatever_the_charset_parameter_says() {
    let extractor = InProcessExtractor::new();
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("Temp 38.2 °C\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();

    assert_eq!(
        extractor.extract("BP 120/80\r\n".as_bytes(), "Text/Plain; charset=us-ascii").await.unwrap(),
        "BP 120/80"
    );
    assert_eq!(extractor.extract(&utf16, "text/plain").await.unwrap(), "Temp 38.2 °C");
}

#[tokio::test]
async fn images_are_rejected_as_needing_ocr() {
    let extractor = InProcessExtractor::new();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0";

    assert_eq!(
        extractor.extract(png, "image/png").await,
        Err(rejected(
            "image/png files are pictures without a text layer; they need OCR (Textract), which is not available for this upload"
        ))
    );
    let Err(PortError::Rejected(reason)) = extractor.extract(jpeg, "image/jpeg").await else {
        panic!("a JPEG is rejected")
    };
    assert!(reason.contains("need OCR"), "{reason}");
}

#[tokio::test]
async fn other_content_types_are_unsupported() {
    let extractor = InProcessExtractor::new();

    assert_eq!(extractor.extract(b"GIF89a...", "image/gif").await, Err(rejected("unsupported content type image/gif")));
    assert_eq!(
        extractor
            .extract(b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            .await,
        Err(rejected(
            "unsupported content type application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ))
    );
    // What the client sent is cut down to what a content type can contain before it is echoed.
    assert_eq!(extractor.extract(b"x", "\u{1b}[31mevil\n; x").await, Err(rejected("unsupported content type 31mevil")));
}

#[tokio::test]
async fn bytes_that_do_not_match_the_declared_type_are_rejected() {
    let extractor = InProcessExtractor::new();

    assert_eq!(
        extractor.extract(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0", "application/pdf").await,
        Err(rejected("the file's content does not match its declared type application/pdf (it looks like image/jpeg)"))
    );
    assert_eq!(
        extractor.extract(&clinical_pdf(), "text/plain").await,
        Err(rejected("the file's content does not match its declared type text/plain (it looks like application/pdf)"))
    );
    assert_eq!(
        extractor.extract(b"Just a note", "application/pdf").await,
        Err(rejected("the file's content does not match its declared type application/pdf (it looks like text/plain)"))
    );
}

#[tokio::test]
async fn an_empty_upload_is_rejected_whatever_its_type() {
    let extractor = InProcessExtractor::new();
    for content_type in ["application/pdf", "text/plain", "image/png", "application/octet-stream"] {
        assert_eq!(extractor.extract(b"", content_type).await, Err(rejected("the file is empty")), "{content_type}");
    }
}

#[tokio::test]
async fn rejection_reasons_never_quote_the_document() {
    let extractor = InProcessExtractor::new();
    let secret = "HIV positive, diagnosed 2019";
    let mut damaged = b"%PDF-1.7\n1 0 obj\n(".to_vec();
    damaged.extend_from_slice(secret.as_bytes());
    let mut binary = secret.as_bytes().to_vec();
    binary.extend_from_slice(&[0, 1, 2, 3]);

    for (bytes, content_type) in [(damaged, "application/pdf"), (binary, "text/plain")] {
        let Err(PortError::Rejected(reason)) = extractor.extract(&bytes, content_type).await else {
            panic!("{content_type} should be rejected")
        };
        assert!(!reason.contains("HIV") && !reason.contains("2019"), "{reason}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_extract_concurrently() {
    let extractor = InProcessExtractor::new();
    let pdf = clinical_pdf();
    let reads: Vec<_> = (0..8)
        .map(|_| {
            let (extractor, pdf) = (extractor.clone(), pdf.clone());
            tokio::spawn(async move { extractor.extract(&pdf, "application/pdf").await })
        })
        .collect();

    for read in reads {
        assert!(read.await.unwrap().unwrap().contains("meniscus tear"));
    }
}
