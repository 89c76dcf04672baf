//! Objects stored with a signed `PUT` (`mediclear_aws::signed_put`): the signature is S3's
//! (AWS's published example), the address is the SDK's (its own presigned URL, for awkward keys
//! and buckets), and the store conforms on moto like the SDK's.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::identity::Identity;
use mediclear_aws::S3BlobStore;
use mediclear_aws::signed_put::{SignedPut, SignedPutBlobs, signature_headers};
use mediclear_ports::blobs::BlobStore;
use mediclear_testkit::conformance;
use mediclear_testkit::moto::moto;

use crate::stores::bucket;

fn sdk(region: &str) -> aws_config::SdkConfig {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "signed-put-tests");
    aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_string()))
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(credentials))
        .build()
}

#[test]
fn the_signature_is_s3s_published_example() {
    // "Example: PUT Object" of S3's "Signature Calculations for the Authorization Header".
    let identity: Identity = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, None, "docs").into();
    let time = UNIX_EPOCH + Duration::from_secs(1_369_353_600); // 2013-05-24T00:00:00Z
    let headers = [("date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")];
    let signed = signature_headers("https://examplebucket.s3.amazonaws.com/test%24file.text", &headers, b"Welcome to Amazon S3.", &identity, "us-east-1", time).unwrap();
    let authorization = signed.iter().find(|(name, _)| name == "authorization").map(|(_, v)| v.as_str()).unwrap();
    assert_eq!(
        authorization,
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
         SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, \
         Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
    );
    assert!(signed.iter().any(|(n, v)| n == "x-amz-content-sha256" && v == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));
}

#[tokio::test]
async fn the_address_is_the_sdks() {
    let keys = ["doctors/DOC-1/degree.pdf", "records/PAT 1/scan (2).png", "a/ünï+code&=$@,;:!'*~_-.txt", "x//y/"];
    for (region, bucket) in [("us-east-1", "mediclear-docs-123"), ("eu-west-1", "mediclear-docs-123"), ("eu-west-1", "docs.example.org")] {
        let config = sdk(region);
        let (ours, theirs) = (SignedPut::new(&config, bucket), S3BlobStore::new(&config, bucket));
        for key in keys {
            let presigned = theirs.presign_put(key, Duration::from_secs(60)).await.unwrap();
            assert_eq!(ours.url(key), presigned.split('?').next().unwrap(), "{region} {bucket} {key}");
        }
    }
}

#[tokio::test]
async fn signed_puts_conform_on_moto() {
    let Some(moto) = moto() else { return };
    let config = moto.sdk_config().await;
    let name = bucket(&config).await;
    conformance::blob_store(&SignedPutBlobs::new(&config, &name)).await;
    // What a signed PUT stored, the SDK reads, with its type.
    let store = Arc::new(SignedPutBlobs::new(&config, &name));
    store.put("doctors/DOC-9/licence scan.png", b"\x89PNG\r\n\x1a\nlicence".to_vec(), "image/png").await.unwrap();
    let read = S3BlobStore::path_style(&config, &name).get("doctors/DOC-9/licence scan.png").await.unwrap().unwrap();
    assert_eq!((read.bytes.as_slice(), read.content_type.as_str()), (&b"\x89PNG\r\n\x1a\nlicence"[..], "image/png"));
}
