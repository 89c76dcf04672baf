//! Upload and download links offline: `PUT /local-s3/<key>?expires=…&signature=…`, the local
//! runtime's answer to S3's presigned `PutObject`, and `GET /local-s3/<key>?expires=…&name=…&signature=…`
//! for presigned `GetObject` (report files). The link is checked by the blob store that signed it
//! (`LocalBlobStore::check_upload`); the file is stored like any other, so its object-created
//! event starts the document pipeline. Answers as S3 does: 200 with the `ETag`, 403 for a link
//! that is not valid or has expired, 413 past [`MAX_BYTES`].

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};

use mediclear_local_adapters::blobs::{LocalBlobStore, etag};
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;

/// The largest file a link takes (the pipeline's own limit).
pub const MAX_BYTES: usize = mediclear_handlers::api::documents::upload_url::MAX_LINKED_UPLOAD_BYTES;

fn s3_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>");
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

pub async fn receive(State(blobs): State<Arc<LocalBlobStore>>, Path(key): Path<String>, Query(query): Query<HashMap<String, String>>, headers: HeaderMap, body: Bytes) -> Response {
    let expires = query.get("expires").and_then(|e| e.parse::<i64>().ok());
    let (Some(expires), Some(signature)) = (expires, query.get("signature")) else {
        return s3_error(StatusCode::FORBIDDEN, "AccessDenied", "Query-string authentication requires the expires and signature parameters");
    };
    match blobs.check_upload(&key, expires, signature, chrono::Utc::now()) {
        Ok(()) => {}
        Err(PortError::Rejected(_)) => return s3_error(StatusCode::FORBIDDEN, "AccessDenied", "Request has expired"),
        Err(PortError::NotFound) => return s3_error(StatusCode::FORBIDDEN, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided"),
        Err(e) => {
            tracing::error!(error = %e, "upload link could not be checked");
            return s3_error(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "We encountered an internal error. Please try again.");
        }
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("application/octet-stream").to_string();
    let tag = etag(&body);
    match blobs.put(&key, body.to_vec(), &content_type).await {
        Ok(()) => (StatusCode::OK, [(header::ETAG, format!("\"{tag}\""))]).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "upload through a link not stored");
            s3_error(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable", "Please reduce your request rate.")
        }
    }
}

/// `GET` through a download link: the file as an attachment, or S3's 403 for a link that is not
/// valid or has expired, 404 when the file is gone.
pub async fn serve(State(blobs): State<Arc<LocalBlobStore>>, Path(key): Path<String>, Query(query): Query<HashMap<String, String>>) -> Response {
    let expires = query.get("expires").and_then(|e| e.parse::<i64>().ok());
    let (Some(expires), Some(signature), Some(name)) = (expires, query.get("signature"), query.get("name")) else {
        return s3_error(StatusCode::FORBIDDEN, "AccessDenied", "Query-string authentication requires the expires, name and signature parameters");
    };
    match blobs.check_download(&key, expires, name, signature, chrono::Utc::now()) {
        Ok(()) => {}
        Err(PortError::Rejected(_)) => return s3_error(StatusCode::FORBIDDEN, "AccessDenied", "Request has expired"),
        Err(PortError::NotFound) => return s3_error(StatusCode::FORBIDDEN, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided"),
        Err(e) => {
            tracing::error!(error = %e, "download link could not be checked");
            return s3_error(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "We encountered an internal error. Please try again.");
        }
    }
    match blobs.get(&key).await {
        Ok(Some(blob)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, blob.content_type),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", mediclear_local_adapters::blobs::safe_file_name(name))),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            blob.bytes,
        )
            .into_response(),
        Ok(None) => s3_error(StatusCode::NOT_FOUND, "NoSuchKey", "The specified key does not exist."),
        Err(e) => {
            tracing::error!(error = %e, "download through a link failed");
            s3_error(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable", "Please reduce your request rate.")
        }
    }
}
