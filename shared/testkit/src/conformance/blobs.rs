//! The `BlobStore` contract (ports::blobs).

use mediclear_ports::blobs::{BlobStore, metadata_key};

use crate::unique;

/// Runs every blob-store check.
pub async fn blob_store(store: &dyn BlobStore) {
    let prefix = unique("conformance");
    let key = format!("records/{prefix}/REC-1/scan.pdf");
    assert_eq!(store.get(&key).await.expect("get a missing key"), None, "a missing key reads as None");

    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    store.put(&key, bytes.clone(), "application/pdf").await.expect("put");
    let blob = store.get(&key).await.expect("get").expect("the blob just written");
    assert_eq!(blob.bytes, bytes, "bytes round-trip exactly, every byte value included");
    assert_eq!(blob.content_type, "application/pdf", "the content type round-trips");

    store.put(&key, b"second version".to_vec(), "text/plain").await.expect("overwrite");
    let blob = store.get(&key).await.unwrap().unwrap();
    assert_eq!((blob.bytes.as_slice(), blob.content_type.as_str()), (&b"second version"[..], "text/plain"), "a put replaces the blob");

    let sidecar = metadata_key(&key);
    store.put(&sidecar, br#"{"metadataAttributes":{"patient_id":"PAT-1"}}"#.to_vec(), "application/json").await.expect("put sidecar");
    assert!(store.get(&sidecar).await.unwrap().is_some(), "the metadata sidecar is its own blob");
    assert_eq!(store.get(&key).await.unwrap().unwrap().bytes, b"second version", "writing the sidecar leaves the document alone");

    let empty = format!("records/{prefix}/empty.txt");
    store.put(&empty, Vec::new(), "text/plain").await.expect("put an empty blob");
    assert_eq!(store.get(&empty).await.unwrap().map(|b| b.bytes), Some(Vec::new()), "an empty blob exists and is empty");
    assert_eq!(store.get(&format!("records/{prefix}/REC-1")).await.unwrap(), None, "a key prefix is not a blob");

    // Purging a prefix removes every key under it, every version, and nothing else.
    let neighbour = format!("records/{prefix}-other/REC-9/keep.txt");
    store.put(&neighbour, b"keep".to_vec(), "text/plain").await.expect("put a neighbour");
    assert!(store.delete_prefix(&format!("records/{prefix}")).await.is_err(), "a prefix must end in '/'");
    let deleted = store.delete_prefix(&format!("records/{prefix}/")).await.expect("delete a prefix");
    assert_eq!(deleted, 3, "three keys under the prefix (one of them written twice)");
    for gone in [&key, &sidecar, &empty] {
        assert_eq!(store.get(gone).await.unwrap(), None, "a purged key reads as None");
    }
    assert!(store.get(&neighbour).await.unwrap().is_some(), "a key that merely shares the prefix's start is kept");
    assert_eq!(store.delete_prefix(&format!("records/{prefix}/")).await.expect("delete again"), 0, "purging twice finds nothing");
}
