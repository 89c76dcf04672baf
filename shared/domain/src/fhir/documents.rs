//! The documents a PAS request attaches: every `DocumentReference` content attachment, every
//! `Claim.supportingInfo.valueAttachment`, and every `Binary` no attachment points at.
//!
//! Rules:
//! - inline `data` is FHIR base64Binary (whitespace allowed, padding optional here); bad base64
//!   is a `value` issue at the `data` element;
//! - an attachment with `data` must have a `contentType` (FHIR R4 att-1);
//! - MediClear reads `text/plain` (as UTF-8) and `application/pdf` (which must start `%PDF-`),
//!   the types `POST /preauth/records` takes; an attachment of another type is recorded without
//!   its content, with a warning;
//! - an attachment with only a `url` takes the data of the `Binary` entry that URL resolves to;
//!   a URL that resolves nowhere in the Bundle is recorded as it is, without content: PAS lets a
//!   payer fetch it later, so it is not an error;
//! - at most [`MAX_DOCUMENTS`] documents and [`MAX_DOCUMENT_BYTES`] decoded bytes per request
//!   (`too-costly` beyond), checked before decoding.

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::bundle::{Entry, resource_expression};
use super::claim::ReadClaim;
use super::issue::{Issue, IssueCode};
use super::model::{Attachment, Binary, DocumentReference, read_resource};
use super::{MAX_DOCUMENT_BYTES, MAX_DOCUMENTS};

/// Where a document was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentSource {
    DocumentReference,
    /// `Claim.supportingInfo.valueAttachment`.
    SupportingInfo,
    /// A `Binary` entry no attachment URL names.
    Binary,
}

/// One attached document.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachedDocument {
    pub source: DocumentSource,
    /// FHIRPath of the attachment (or the Binary) it was read from.
    pub expression: String,
    /// `Attachment.title`.
    pub title: Option<String>,
    /// `DocumentReference.description`.
    pub description: Option<String>,
    /// `DocumentReference.date`, else `Attachment.creation`.
    pub date: Option<String>,
    /// The display of `DocumentReference.type` (or of the supportingInfo category).
    pub type_display: Option<String>,
    pub content_type: Option<String>,
    /// The decoded content, when the request carries it (inline, or in a Binary entry).
    pub bytes: Option<Vec<u8>>,
    /// `Attachment.url`, when it has one.
    pub url: Option<String>,
}

// Never prints the content: a document is clinical text.
impl std::fmt::Debug for AttachedDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachedDocument")
            .field("source", &self.source)
            .field("expression", &self.expression)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

/// FHIR base64Binary as the standard alphabet, with or without padding.
const BASE64: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent));

/// The content types MediClear reads (as `POST /preauth/records` does).
const READABLE_TYPES: [&str; 2] = ["text/plain", "application/pdf"];

struct Reader<'r, 'b, 'a> {
    claim: &'r ReadClaim<'b, 'a>,
    documents: Vec<AttachedDocument>,
    bytes_left: usize,
    binaries_used: HashSet<usize>,
    /// Set once the document count is exceeded: nothing more is read.
    full: bool,
}

impl ReadClaim<'_, '_> {
    /// Every attached document, each problem added to `issues`.
    pub fn documents(&self, issues: &mut Vec<Issue>) -> Vec<AttachedDocument> {
        let mut reader =
            Reader { claim: self, documents: Vec::new(), bytes_left: MAX_DOCUMENT_BYTES, binaries_used: HashSet::new(), full: false };
        for entry in self.bundle.of_type("DocumentReference") {
            let Ok(document) =
                read_resource::<DocumentReference>(entry.resource, &entry.expression(), "DocumentReference").map_err(|i| issues.push(i))
            else {
                continue;
            };
            if document.content.is_empty() {
                issues.push(Issue::error(
                    IssueCode::Required,
                    format!("{}.content", entry.expression()),
                    "DocumentReference.content is required (FHIR R4, 1..*)",
                ));
            }
            for (k, content) in document.content.iter().enumerate() {
                let at = format!("{}.content[{k}].attachment", entry.expression());
                let Some(attachment) = &content.attachment else {
                    issues.push(Issue::error(IssueCode::Required, at, "DocumentReference.content.attachment is required (FHIR R4, 1..1)"));
                    continue;
                };
                let metadata = AttachedDocument {
                    source: DocumentSource::DocumentReference,
                    expression: at,
                    title: attachment.title.clone(),
                    description: document.description.clone(),
                    date: document.date.clone().or_else(|| attachment.creation.clone()),
                    type_display: document.kind.as_ref().and_then(|k| k.display()).map(str::to_string),
                    content_type: None,
                    bytes: None,
                    url: None,
                };
                reader.attachment(attachment, metadata, entry.index, issues);
            }
        }
        for (s, info) in self.claim.supporting_info.iter().enumerate() {
            if let Some(attachment) = &info.value_attachment {
                let metadata = AttachedDocument {
                    source: DocumentSource::SupportingInfo,
                    expression: format!("{}.supportingInfo[{s}].valueAttachment", self.at),
                    title: attachment.title.clone(),
                    description: None,
                    date: attachment.creation.clone(),
                    type_display: info.category.as_ref().and_then(|c| c.display()).map(str::to_string),
                    content_type: None,
                    bytes: None,
                    url: None,
                };
                reader.attachment(attachment, metadata, 0, issues);
            }
        }
        for entry in self.bundle.of_type("Binary") {
            if !reader.binaries_used.contains(&entry.index) {
                reader.standalone_binary(entry, issues);
            }
        }
        reader.documents
    }
}

impl Reader<'_, '_, '_> {
    /// Whether one more document may be read; the first one too many is reported.
    fn admit(&mut self, at: &str, issues: &mut Vec<Issue>) -> bool {
        if self.full {
            return false;
        }
        if self.documents.len() == MAX_DOCUMENTS {
            self.full = true;
            issues.push(Issue::error(IssueCode::TooCostly, at, format!("a request may attach at most {MAX_DOCUMENTS} documents")));
            return false;
        }
        true
    }

    fn attachment(&mut self, attachment: &Attachment, mut document: AttachedDocument, from: usize, issues: &mut Vec<Issue>) {
        if !self.admit(&document.expression, issues) {
            return;
        }
        let at = document.expression.clone();
        document.content_type = attachment.content_type.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        document.url = attachment.url.clone();
        if let Some(data) = &attachment.data {
            match document.content_type.clone() {
                Some(content_type) => document.bytes = self.decode(data, &content_type, &format!("{at}.data"), issues),
                None => issues.push(Issue::error(
                    IssueCode::Required,
                    format!("{at}.contentType"),
                    "Attachment.contentType is required when the attachment has data (FHIR R4 att-1)",
                )),
            }
        } else if let Some(url) = attachment.url.as_deref() {
            // `/Binary/1` is a server-absolute path: the same entry as `Binary/1`.
            let binary = self.claim.bundle.resolve(from, url.strip_prefix('/').unwrap_or(url)).filter(|e| e.resource_type == "Binary");
            if let Some(entry) = binary {
                self.binaries_used.insert(entry.index);
                if let Ok(binary) = read_resource::<Binary>(entry.resource, &entry.expression(), "Binary").map_err(|i| issues.push(i)) {
                    if document.content_type.is_none() {
                        document.content_type = binary.content_type.clone();
                    }
                    if let (Some(data), Some(content_type)) = (&binary.data, document.content_type.clone()) {
                        document.bytes = self.decode(data, &content_type, &format!("{}.data", entry.expression()), issues);
                    }
                }
            }
        }
        self.documents.push(document);
    }

    fn standalone_binary(&mut self, entry: &Entry, issues: &mut Vec<Issue>) {
        let at = resource_expression(entry.index);
        if !self.admit(&at, issues) {
            return;
        }
        let Ok(binary) = read_resource::<Binary>(entry.resource, &at, "Binary").map_err(|i| issues.push(i)) else {
            return;
        };
        let content_type = binary.content_type.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        let bytes = match (&binary.data, &content_type) {
            (Some(data), Some(content_type)) => self.decode(data, content_type, &format!("{at}.data"), issues),
            (_, None) => {
                issues.push(Issue::error(
                    IssueCode::Required,
                    format!("{at}.contentType"),
                    "Binary.contentType is required (FHIR R4, 1..1)",
                ));
                None
            }
            (None, Some(_)) => None,
        };
        self.documents.push(AttachedDocument {
            source: DocumentSource::Binary,
            expression: at,
            title: None,
            description: None,
            date: None,
            type_display: None,
            content_type,
            bytes,
            url: None,
        });
    }

    /// Decodes base64 `data` of a readable type, within the byte budget.
    fn decode(&mut self, data: &str, content_type: &str, at: &str, issues: &mut Vec<Issue>) -> Option<Vec<u8>> {
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if !READABLE_TYPES.contains(&essence.as_str()) {
            issues.push(Issue::warning(
                IssueCode::NotSupported,
                at,
                "MediClear reads text/plain and application/pdf attachments; this one is recorded without its content",
            ));
            return None;
        }
        let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        if compact.len() / 4 * 3 > self.bytes_left {
            self.bytes_left = 0;
            issues.push(Issue::error(
                IssueCode::TooCostly,
                at,
                format!("a request may attach at most {} MiB of decoded content", MAX_DOCUMENT_BYTES / (1024 * 1024)),
            ));
            return None;
        }
        let Ok(bytes) = BASE64.decode(compact.as_bytes()) else {
            issues.push(Issue::error(IssueCode::Value, at, "Attachment.data is not valid base64 (FHIR base64Binary)"));
            return None;
        };
        self.bytes_left = self.bytes_left.saturating_sub(bytes.len());
        let fits = match essence.as_str() {
            "application/pdf" => bytes.starts_with(b"%PDF-"),
            _ => std::str::from_utf8(&bytes).is_ok(),
        };
        if !fits {
            let why = if essence == "application/pdf" {
                "the data is not a PDF (no %PDF- header) although its contentType is application/pdf"
            } else {
                "the data is not UTF-8 text although its contentType is text/plain"
            };
            issues.push(Issue::error(IssueCode::Value, at, why));
            return None;
        }
        Some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::bundle::RequestBundle;
    use serde_json::{Value, json};

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn bundle(extra: Vec<Value>, supporting_info: Value) -> Value {
        let mut entries = vec![
            json!({"fullUrl": "http://x.example/fhir/Claim/c", "resource": {"resourceType": "Claim", "id": "c",
            "patient": {"reference": "Patient/p"}, "supportingInfo": supporting_info}}),
            json!({"fullUrl": "http://x.example/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}}),
        ];
        entries.extend(extra);
        json!({"resourceType": "Bundle", "type": "collection", "identifier": {"value": "A"}, "timestamp": "2024-01-01T00:00:00Z", "entry": entries})
    }

    fn doc_ref(id: &str, attachments: Value) -> Value {
        let content: Vec<Value> = attachments.as_array().unwrap().iter().map(|a| json!({"attachment": a})).collect();
        json!({"fullUrl": format!("http://x.example/fhir/DocumentReference/{id}"), "resource": {"resourceType": "DocumentReference", "id": id,
            "status": "current", "type": {"coding": [{"system": "http://loinc.org", "code": "11506-3", "display": "Progress note"}]},
            "description": "Orthopedic consult", "date": "2024-04-01T10:00:00Z", "subject": {"reference": "Patient/p"}, "content": content}})
    }

    fn read(value: &Value) -> (Vec<AttachedDocument>, Vec<Issue>) {
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(value, &mut issues).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        let claim = ReadClaim::read(&bundle, crate::fhir::claim::Operation::Submit, &mut issues).unwrap();
        issues.clear(); // the Claim's own required elements are not the point here
        let documents = claim.documents(&mut issues);
        (documents, issues)
    }

    #[test]
    fn inline_text_and_pdf_are_decoded_with_their_metadata() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
        let value = bundle(
            vec![doc_ref(
                "d1",
                json!([
                    {"contentType": "text/plain; charset=utf-8", "data": b64("Knee pain for 6 months.".as_bytes()), "title": "Consult note"},
                    {"contentType": "application/pdf", "data": b64(pdf), "title": "X-ray report"},
                ]),
            )],
            json!([]),
        );
        let (documents, issues) = read(&value);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(documents.len(), 2);
        let text = &documents[0];
        assert_eq!(text.source, DocumentSource::DocumentReference);
        assert_eq!(text.bytes.as_deref(), Some("Knee pain for 6 months.".as_bytes()));
        assert_eq!(text.title.as_deref(), Some("Consult note"));
        assert_eq!(text.description.as_deref(), Some("Orthopedic consult"));
        assert_eq!(text.type_display.as_deref(), Some("Progress note"));
        assert_eq!(text.date.as_deref(), Some("2024-04-01T10:00:00Z"));
        assert_eq!(text.expression, "Bundle.entry[2].resource.content[0].attachment");
        assert_eq!(documents[1].bytes.as_deref(), Some(&pdf[..]));
        assert_eq!(documents[1].content_type.as_deref(), Some("application/pdf"));
    }

    #[test]
    fn base64_may_wrap_lines_and_omit_padding() {
        // FHIR base64Binary allows whitespace.
        let wrapped = "S25l\nZSBw\r\nYWlu"; // "Knee pain"
        let value = bundle(
            vec![doc_ref("d1", json!([{"contentType": "text/plain", "data": wrapped}, {"contentType": "text/plain", "data": "S25lZQ"}]))],
            json!([]),
        );
        let (documents, issues) = read(&value);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(documents[0].bytes.as_deref(), Some(&b"Knee pain"[..]));
        assert_eq!(documents[1].bytes.as_deref(), Some(&b"Knee"[..]));
    }

    #[test]
    fn bad_base64_and_mislabelled_content_are_value_issues() {
        let value = bundle(
            vec![doc_ref(
                "d1",
                json!([
                    {"contentType": "text/plain", "data": "not*base64!"},
                    {"contentType": "application/pdf", "data": b64(b"plain words")},
                    {"contentType": "text/plain", "data": b64(&[0xff, 0xfe, 0x00])},
                    {"data": b64(b"x")},
                ]),
            )],
            json!([]),
        );
        let (documents, issues) = read(&value);
        let at: Vec<(&str, IssueCode)> = issues.iter().map(|i| (i.expression.as_str(), i.code)).collect();
        assert_eq!(
            at,
            [
                ("Bundle.entry[2].resource.content[0].attachment.data", IssueCode::Value),
                ("Bundle.entry[2].resource.content[1].attachment.data", IssueCode::Value),
                ("Bundle.entry[2].resource.content[2].attachment.data", IssueCode::Value),
                ("Bundle.entry[2].resource.content[3].attachment.contentType", IssueCode::Required),
            ]
        );
        assert!(documents.iter().all(|d| d.bytes.is_none()));
    }

    #[test]
    fn a_url_reads_its_binary_and_an_unresolved_url_is_recorded() {
        let value = bundle(
            vec![
                doc_ref(
                    "d1",
                    json!([{"contentType": "text/plain", "url": "/Binary/b1"}, {"contentType": "text/plain", "url": "https://ehr.example/Binary/elsewhere"}]),
                ),
                json!({"fullUrl": "http://x.example/fhir/Binary/b1", "resource": {"resourceType": "Binary", "id": "b1", "contentType": "text/plain", "data": b64(b"from the binary")}}),
                json!({"fullUrl": "http://x.example/fhir/Binary/b2", "resource": {"resourceType": "Binary", "id": "b2", "contentType": "application/pdf", "data": b64(b"%PDF-1.7 tiny")}}),
            ],
            json!([]),
        );
        let (documents, issues) = read(&value);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(documents.len(), 3, "the Binary an attachment names is not listed twice");
        assert_eq!(documents[0].bytes.as_deref(), Some(&b"from the binary"[..]));
        assert_eq!((documents[1].bytes.as_ref(), documents[1].url.as_deref()), (None, Some("https://ehr.example/Binary/elsewhere")));
        assert_eq!(documents[2].source, DocumentSource::Binary);
        assert_eq!(documents[2].expression, "Bundle.entry[4].resource");
        assert_eq!(documents[2].bytes.as_deref(), Some(&b"%PDF-1.7 tiny"[..]));
    }

    #[test]
    fn supporting_info_attachments_and_other_types() {
        let info = json!([{"sequence": 1, "category": {"coding": [{"code": "additionalInformation", "display": "Additional Information"}]},
            "valueAttachment": {"contentType": "text/plain", "data": b64(b"BMI 41"), "title": "Vitals"}},
            {"sequence": 2, "category": {"coding": [{"code": "additionalInformation"}]},
            "valueAttachment": {"contentType": "image/png", "data": b64(b"\x89PNG")}}]);
        let (documents, issues) = read(&bundle(vec![], info));
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].source, DocumentSource::SupportingInfo);
        assert_eq!(documents[0].bytes.as_deref(), Some(&b"BMI 41"[..]));
        assert_eq!(documents[0].type_display.as_deref(), Some("Additional Information"));
        assert_eq!(issues.len(), 1);
        assert!(!issues[0].is_error(), "another type is recorded, with a warning");
        assert_eq!(issues[0].expression, "Bundle.entry[0].resource.supportingInfo[1].valueAttachment.data");
    }

    #[test]
    fn at_most_twenty_documents() {
        let attachments: Vec<Value> =
            (0..=MAX_DOCUMENTS).map(|i| json!({"contentType": "text/plain", "data": b64(format!("note {i}").as_bytes())})).collect();
        let (documents, issues) = read(&bundle(vec![doc_ref("d1", Value::Array(attachments))], json!([])));
        assert_eq!(documents.len(), MAX_DOCUMENTS);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code, IssueCode::TooCostly);
        assert_eq!(issues[0].expression, format!("Bundle.entry[2].resource.content[{MAX_DOCUMENTS}].attachment"));
    }

    #[test]
    fn at_most_ten_mib_decoded() {
        let big = b64(&vec![b'a'; MAX_DOCUMENT_BYTES / 2 + 16]);
        let value = bundle(
            vec![doc_ref("d1", json!([{"contentType": "text/plain", "data": big}, {"contentType": "text/plain", "data": big}]))],
            json!([]),
        );
        let (documents, issues) = read(&value);
        assert!(documents[0].bytes.is_some());
        assert!(documents[1].bytes.is_none());
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].code, issues[0].expression.as_str()),
            (IssueCode::TooCostly, "Bundle.entry[2].resource.content[1].attachment.data")
        );
    }
}
