//! FHIR R4 / Da Vinci Prior Authorization Support (PAS): reading the Bundles an EHR sends to
//! `Claim/$submit` and `Claim/$inquire`, and writing the answers (the PAS Response Bundle, an
//! `OperationOutcome`, the `CapabilityStatement`).
//!
//! Pure functions of their input (and a `now` where a response is dated). A request is checked
//! in full: every problem comes back as an [`Issue`] naming its element by FHIRPath from the
//! Bundle root (`Bundle.entry[0].resource.item[1].productOrService`) with a FHIR issue type, and
//! diagnostics that never repeat a value the client sent (no names, no member ids, no note text).
//!
//! # Layout
//!
//! - [`issue`] — [`Issue`] and [`operation_outcome`].
//! - [`model`] — typed serde structs for the FHIR R4 elements PAS reading needs.
//! - [`bundle`] — the request Bundle's shape and the resolution of every reference in it.
//! - [`claim`] — the Claim: required elements, items (CPT, HCPCS, X12 1365), ICD-10-CM
//!   diagnoses, urgency.
//! - [`parties`] — the patient's member id as a [`PatientId`](crate::ids::PatientId), the
//!   requester and the insurer.
//! - [`documents`] — attached documents (DocumentReference, supportingInfo, Binary) and their
//!   decoded content.
//! - [`submit`] — [`read_submit`] and [`PasSubmission`].
//! - [`filing`] — one case per item, with derived ids, and where each came from.
//! - [`inquire`] — [`read_inquire`] and [`PasInquiry`].
//! - [`response`] — [`response_bundle`]: the ClaimResponse, pended until the insurer decides.
//! - [`capability`] — [`capability_statement`].
//! - [`terminology`] — the PAS, X12 and HL7 URLs and code systems used.
//!
//! # Bounds
//!
//! One request carries at most [`MAX_ITEMS`] items, [`MAX_DIAGNOSES`] diagnoses,
//! [`MAX_DOCUMENTS`] documents with [`MAX_DOCUMENT_BYTES`] of decoded content, and
//! [`bundle::MAX_ENTRIES`] entries; beyond, the issue is `too-costly`.
//!
//! # Why no FHIR model crate
//!
//! The issue asked for a maintained FHIR R4 model crate if one fits. Measured in a scratch crate
//! outside the workspace, one per candidate, with the workspace's release profile
//! (`opt-level = "z"`, fat LTO, one codegen unit, stripped): a binary that deserializes each
//! shared PAS Bundle into the crate's `Bundle`, against the same program on `serde_json::Value`
//! (349 KB stripped, 11 s clean build, 4 s relink). On this machine's 2 cores with another build
//! running, so times run high; the ratios are the point.
//!
//! - `fhir` 4.1.2 (fhir-rust, feature `r4`; its 4.2 releases need rustc 1.96, newer than this
//!   workspace's): reads all seven Bundles, but adds 0.75 MB to each zip (1.10 MB binary),
//!   4.3 min and 4.7 GB of memory to a clean build, and 49 s to every LTO link of a binary that
//!   uses it (53 s against 4 s), in a crate every one of the 73 functions links.
//! - `fhirbolt` 0.4 (`r4`): adds 10.1 MB to each zip (10.4 MB binary), 5.2 min (2.8 GB) to a
//!   clean build and 3.7 min to each link, and rejects all seven Bundles in its strict,
//!   compatibility and lax modes alike (at the second entry's `fullUrl`).
//! - `fhir-sdk` 0.16 / `fhir-model` (`r4b` only, no R4): reads all seven as R4B, but adds
//!   14.9 MB to each zip (15.2 MB binary) and 8.4 min (3.3 GB) to a clean build.
//!
//! None reports what `$submit` must: the crates' resources have required elements as plain
//! fields (`Claim.patient`, `Claim.status`), so one missing element fails the whole Bundle with
//! serde's first error, whose text quotes the offending value; the reader would still need its
//! own pass to name every problem by FHIRPath without repeating patient data.
//!
//! So the reader uses typed serde structs for only the elements PAS needs ([`model`]), unknown
//! elements ignored, and `serde_path_to_error` (already linked through axum) to name an element
//! of the wrong JSON type by its path.

pub mod bundle;
pub mod capability;
pub mod claim;
pub mod documents;
pub mod filing;
pub mod inquire;
pub mod issue;
pub mod model;
pub mod parties;
pub mod response;
pub mod submit;
pub mod terminology;

pub use capability::capability_statement;
pub use claim::{BusinessIdentifier, PasItem};
pub use documents::{AttachedDocument, DocumentSource};
pub use inquire::{PasInquiry, read_inquire};
pub use issue::{Issue, IssueCode, Severity, operation_outcome};
pub use parties::{Party, Requester};
pub use response::{ClaimEcho, EchoedResource, ItemState, ItemView, response_bundle};
pub use submit::{PasSubmission, read_submit};
pub use terminology::ItemCodeSystem;

/// The most items (`Claim.item`) one request may ask for.
pub const MAX_ITEMS: usize = 50;
/// The most diagnoses one request may carry: as many as a MediClear case takes.
pub const MAX_DIAGNOSES: usize = crate::preauth::case::CaseRequest::MAX_DIAGNOSES;
/// The most attached documents one request may carry.
pub const MAX_DOCUMENTS: usize = 20;
/// The most decoded attachment content one request may carry: 10 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
