//! The `ChunkIndexReader` + `ChunkIndexWriter` contract (ports::knowledge).

use std::collections::BTreeMap;

use mediclear_ports::knowledge::{ChunkIndexReader, ChunkIndexWriter, EmbeddedChunk, IndexedDocument};

use super::fixtures;
use crate::unique;

/// Runs every chunk-index check.
pub async fn chunk_index(reader: &dyn ChunkIndexReader, writer: &dyn ChunkIndexWriter) {
    patient_chunks_are_one_patients(reader, writer).await;
    documents_read_back_in_order(reader, writer).await;
    reindexing_replaces(reader, writer).await;
    policies_are_listed_by_procedure(reader, writer).await;
    deleted_documents_leave_nothing(reader, writer).await;
}

/// `(document_id, ordinal) → (document, chunk)` of a patient, for comparisons.
fn by_key(chunks: Vec<(IndexedDocument, EmbeddedChunk)>) -> BTreeMap<(String, u32), (IndexedDocument, EmbeddedChunk)> {
    let count = chunks.len();
    let map: BTreeMap<_, _> = chunks.into_iter().map(|(d, c)| ((c.chunk.document_id.clone(), c.chunk.ordinal), (d, c))).collect();
    assert_eq!(map.len(), count, "a chunk appears twice");
    map
}

async fn patient_chunks_are_one_patients(reader: &dyn ChunkIndexReader, writer: &dyn ChunkIndexWriter) {
    let (patient, other_patient) = (fixtures::patient_id(), fixtures::patient_id());
    let (provider_x, provider_y) = (fixtures::provider_id(), fixtures::provider_id());
    let (rec_x, rec_y, rec_other) = (unique("REC"), unique("REC"), unique("REC"));
    let doc_x = fixtures::record(&rec_x, &patient, &provider_x, 3);
    let doc_y = fixtures::record(&rec_y, &patient, &provider_y, 2);
    let doc_other = fixtures::record(&rec_other, &other_patient, &provider_x, 2);
    let chunks_x = fixtures::chunks(&rec_x, 3, 1);
    let chunks_y = fixtures::chunks(&rec_y, 2, 1);
    writer.replace_document(&doc_x, &chunks_x).await.expect("index a record");
    writer.replace_document(&doc_y, &chunks_y).await.expect("index a record of another provider");
    writer.replace_document(&doc_other, &fixtures::chunks(&rec_other, 2, 1)).await.expect("index another patient's record");

    assert!(reader.patient_chunks(&fixtures::patient_id()).await.expect("read an unknown patient").is_empty(), "an unknown patient has no chunks");
    let found = by_key(reader.patient_chunks(&patient).await.expect("patient chunks"));
    assert_eq!(found.len(), 5, "every chunk of every record of the patient, and nothing else");
    assert!(found.keys().all(|(doc, _)| *doc == rec_x || *doc == rec_y), "another patient's chunk leaked into this patient's");
    for expected in &chunks_x {
        let (doc, chunk) = &found[&(rec_x.clone(), expected.chunk.ordinal)];
        assert_eq!(chunk, expected, "chunk text, span and embedding round-trip bit for bit");
        assert_eq!(doc, &doc_x, "each chunk comes with its record");
        assert_eq!(doc.provider_id.as_ref(), Some(&provider_x), "the uploading provider is kept, so retrieval can scope by provider");
    }
    for expected in &chunks_y {
        let (doc, chunk) = &found[&(rec_y.clone(), expected.chunk.ordinal)];
        assert_eq!((doc, chunk), (&doc_y, expected), "a second provider's record of the same patient");
    }
    let other = reader.patient_chunks(&other_patient).await.unwrap();
    assert!(other.len() == 2 && other.iter().all(|(d, _)| d.document_id == rec_other), "the other patient sees only their record");
}

async fn documents_read_back_in_order(reader: &dyn ChunkIndexReader, writer: &dyn ChunkIndexWriter) {
    let patient = fixtures::patient_id();
    let rec = unique("REC");
    // 30 chunks: more than one DynamoDB batch; handed over shuffled.
    let chunks = fixtures::chunks(&rec, 30, 1);
    let mut shuffled = chunks.clone();
    shuffled.reverse();
    shuffled.swap(3, 17);
    writer.replace_document(&fixtures::record(&rec, &patient, &fixtures::provider_id(), 30), &shuffled).await.expect("index");
    assert_eq!(reader.document_chunks(&rec).await.expect("document chunks"), chunks, "a document's chunks come back in document order");
    assert!(reader.document_chunks(&unique("REC")).await.expect("unknown document").is_empty(), "an unknown document has no chunks");
}

async fn reindexing_replaces(reader: &dyn ChunkIndexReader, writer: &dyn ChunkIndexWriter) {
    let patient = fixtures::patient_id();
    let provider = fixtures::provider_id();
    let (rec, kept) = (unique("REC"), unique("REC"));
    let kept_doc = fixtures::record(&kept, &patient, &provider, 2);
    writer.replace_document(&kept_doc, &fixtures::chunks(&kept, 2, 1)).await.unwrap();

    let v1 = fixtures::chunks(&rec, 28, 1);
    let doc = fixtures::record(&rec, &patient, &provider, 28);
    writer.replace_document(&doc, &v1).await.unwrap();
    writer.replace_document(&doc, &v1).await.expect("indexing the same document twice");
    assert_eq!(reader.document_chunks(&rec).await.unwrap(), v1, "indexing twice leaves one copy");
    assert_eq!(reader.patient_chunks(&patient).await.unwrap().len(), 30, "indexing twice leaves one copy in the patient's chunks");

    // A new version with fewer chunks and new text: nothing of the old version remains.
    let v2 = fixtures::chunks(&rec, 3, 2);
    let doc2 = IndexedDocument { chunk_count: 3, title: "renamed.pdf".into(), ..doc.clone() };
    writer.replace_document(&doc2, &v2).await.expect("re-index with fewer chunks");
    assert_eq!(reader.document_chunks(&rec).await.unwrap(), v2, "only the new version's chunks remain");
    let found = by_key(reader.patient_chunks(&patient).await.unwrap());
    assert_eq!(found.len(), 5, "old chunks are gone from the patient's chunks");
    assert!(found.iter().filter(|((d, _), _)| *d == rec).all(|(_, (d, _))| *d == doc2), "chunks carry the new document metadata");
    assert!(found.iter().filter(|((d, _), _)| *d == kept).all(|(_, (d, _))| *d == kept_doc), "other records are untouched");

    // An empty new version removes the document's chunks.
    writer.replace_document(&IndexedDocument { chunk_count: 0, ..doc2 }, &[]).await.expect("re-index as empty");
    assert!(reader.document_chunks(&rec).await.unwrap().is_empty(), "an empty version has no chunks");
    assert_eq!(reader.patient_chunks(&patient).await.unwrap().len(), 2, "only the other record remains");
}

async fn policies_are_listed_by_procedure(reader: &dyn ChunkIndexReader, writer: &dyn ChunkIndexWriter) {
    let (c1, c2, c3) = (fixtures::procedure_code(), fixtures::procedure_code(), fixtures::procedure_code());
    let (pol1, pol2) = (unique("POL"), unique("POL"));
    let doc1 = fixtures::policy(&pol1, &[&c1, &c2], 4);
    let doc2 = fixtures::policy(&pol2, &[&c1], 2);
    let chunks1 = fixtures::chunks(&pol1, 4, 1);
    writer.replace_document(&doc1, &chunks1).await.expect("index a policy");
    writer.replace_document(&doc2, &fixtures::chunks(&pol2, 2, 1)).await.expect("index another policy");

    let ours = |docs: Vec<IndexedDocument>| -> Vec<IndexedDocument> {
        let mut docs: Vec<IndexedDocument> = docs.into_iter().filter(|d| d.document_id == pol1 || d.document_id == pol2).collect();
        docs.sort_by(|a, b| a.document_id.cmp(&b.document_id));
        docs
    };
    let mut both = vec![doc1.clone(), doc2.clone()];
    both.sort_by(|a, b| a.document_id.cmp(&b.document_id));
    assert_eq!(ours(reader.policies_for(&c1).await.expect("policies for a code")), both, "every policy listing the code, with its metadata");
    if c2 != c1 {
        assert_eq!(ours(reader.policies_for(&c2).await.unwrap()), vec![doc1.clone()], "only policies listing the code");
    }
    assert_eq!(reader.document_chunks(&pol1).await.unwrap(), chunks1, "a policy's chunks in document order");

    // Re-indexing the policy with other codes moves its listing.
    if ![&c1, &c2].contains(&&c3) {
        let moved = fixtures::policy(&pol1, &[&c2, &c3], 4);
        writer.replace_document(&moved, &chunks1).await.expect("re-index a policy with other codes");
        assert_eq!(ours(reader.policies_for(&c1).await.unwrap()), vec![doc2.clone()], "a dropped code no longer lists the policy");
        assert_eq!(ours(reader.policies_for(&c3).await.unwrap()), vec![moved.clone()], "a new code lists the policy");
        assert_eq!(ours(reader.policies_for(&c2).await.unwrap()), vec![moved], "a kept code lists the new metadata");
    }
}

/// Deleting a document removes its chunks, its metadata and its procedure links, and nothing of
/// another document.
async fn deleted_documents_leave_nothing(reader: &dyn ChunkIndexReader, writer: &dyn ChunkIndexWriter) {
    let patient = mediclear_domain::ids::PatientId::parse(&unique("PAT")).unwrap();
    let (rec1, rec2) = (unique("REC"), unique("REC"));
    for id in [&rec1, &rec2] {
        let document = fixtures::record(id, &patient, &fixtures::provider_id(), 2);
        writer.replace_document(&document, &fixtures::chunks(id, 2, 1)).await.expect("index a record");
    }
    assert_eq!(writer.delete_document(&rec1).await.expect("delete a document"), 2, "it had two chunks");
    let left: Vec<String> = reader.patient_chunks(&patient).await.unwrap().into_iter().map(|(d, _)| d.document_id).collect();
    assert_eq!(left, vec![rec2.clone(), rec2.clone()], "only the other record's chunks remain");
    assert!(reader.document_chunks(&rec1).await.unwrap().is_empty());
    assert_eq!(writer.delete_document(&rec1).await.expect("delete again"), 0, "deleting twice finds nothing");

    let code = fixtures::procedure_code();
    let policy = unique("POL");
    writer.replace_document(&fixtures::policy(&policy, &[&code], 1), &fixtures::chunks(&policy, 1, 1)).await.unwrap();
    writer.delete_document(&policy).await.expect("delete a policy");
    assert!(reader.policies_for(&code).await.unwrap().iter().all(|d| d.document_id != policy), "a deleted policy is no longer listed");
}
