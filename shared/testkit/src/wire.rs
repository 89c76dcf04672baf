//! Wire-format stubs for the AWS services that have no emulator: Bedrock Runtime (Converse,
//! InvokeModel), Bedrock Agent Runtime (Retrieve), API Gateway Management (PostToConnection) and
//! Textract.
//!
//! [`WireStub::start`] binds an HTTP server on `127.0.0.1:0`; [`WireStub::sdk_config`] points SDK
//! clients at it (dummy credentials, region us-east-1, SDK retries off so one scripted throttle
//! is one observed failure). Every request is recorded — method, percent-decoded path, headers,
//! body — for assertions, and answered with the next response scripted for its operation, or a
//! default:
//!
//! | operation | request | default answer |
//! |---|---|---|
//! | [`Operation::Converse`] | `POST /model/{modelId}/converse` | 400 `ValidationException` (script one) |
//! | [`Operation::InvokeModel`] | `POST /model/{modelId}/invoke` | a Titan-shaped embedding derived from `inputText` |
//! | [`Operation::Retrieve`] | `POST /knowledgebases/{kbId}/retrieve` | no results |
//! | [`Operation::PostToConnection`] | `POST [/{stage}]/@connections/{id}` | 200, or 410 `GoneException` for ids marked gone |
//! | [`Operation::DetectDocumentText`] | `POST /`, `X-Amz-Target: Textract.DetectDocumentText` | 400 `ValidationException` (script one) |
//! | [`Operation::StartDocumentTextDetection`] | `POST /`, `X-Amz-Target: Textract.StartDocumentTextDetection` | a `JobId` derived from the S3 object and `ClientRequestToken` (the same start → the same id, as Textract does) |
//! | [`Operation::GetDocumentTextDetection`] | `POST /`, `X-Amz-Target: Textract.GetDocumentTextDetection` | 400 `InvalidJobIdException` (script the job's answers) |
//! | [`Operation::AnalyzeDocument`] | `POST /`, `X-Amz-Target: Textract.AnalyzeDocument` | 400 `ValidationException` (script one) |
//! | [`Operation::Textract`] | `POST /` with any other `X-Amz-Target: Textract.*` | 400 `ValidationException` (script one) |
//!
//! [`WireStub::serve`] adds static documents (`GET path` → a fixed answer), e.g. a JWKS.
//! [`RecordedRequest::converse_images`] reads the images a Converse request carried back out of
//! its JSON.
//!
//! Response shapes follow the services' API references: restJson1 errors carry the
//! `x-amzn-ErrorType` header and a `{"message"}` body; awsJson1_1 (Textract) errors also carry
//! `__type` in the body. Textract answers carry `Blocks` as the Textract API reference shows them:
//! a `PAGE` block whose `CHILD` relationship lists its `LINE`s in reading order, each `LINE` with
//! its `WORD` children, every block with `Id`, `Page`, `Geometry` (bounding box and polygon) and,
//! for lines and words, `Confidence` and `Text` ([`textract_blocks`]); asynchronous jobs answer
//! `JobStatus` `IN_PROGRESS` / `SUCCEEDED` (with `NextToken` while results continue) / `FAILED`.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Which API a request called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    Converse,
    InvokeModel,
    Retrieve,
    PostToConnection,
    /// Textract's synchronous text detection on document bytes.
    DetectDocumentText,
    /// Textract's asynchronous text detection on an S3 object: the start …
    StartDocumentTextDetection,
    /// … and the results, page by page of blocks.
    GetDocumentTextDetection,
    /// Textract's `AnalyzeDocument` (the credential reader's `QUERIES`).
    AnalyzeDocument,
    /// Any other Textract operation.
    Textract,
    Unknown,
}

/// One request as the stub received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub operation: Operation,
    pub method: String,
    /// The path, percent-decoded (`/model/anthropic.claude-3-haiku-20240307-v1:0/converse`).
    pub path: String,
    /// The path as sent (`…v1%3A0/converse`).
    pub raw_path: String,
    /// Header names lower-cased.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The body as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The path segment after `marker` (`model` → the model id, `knowledgebases` → the KB id,
    /// `@connections` → the connection id).
    pub fn path_param(&self, marker: &str) -> Option<&str> {
        let mut segments = self.path.split('/');
        segments.by_ref().find(|s| *s == marker)?;
        segments.next()
    }

    /// The `image` content blocks of a Converse request's messages, in order, with their bytes
    /// decoded from the base64 string `source.bytes` that Converse's JSON carries them as (a block
    /// whose bytes are not base64 comes back with none).
    pub fn converse_images(&self) -> Vec<ConverseImage> {
        use base64::Engine;
        let body = self.json();
        let blocks = body["messages"].as_array().into_iter().flatten().flat_map(|m| m["content"].as_array().into_iter().flatten());
        blocks
            .filter_map(|block| block.get("image"))
            .map(|image| ConverseImage {
                format: image["format"].as_str().unwrap_or("").to_string(),
                bytes: image["source"]["bytes"]
                    .as_str()
                    .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
                    .unwrap_or_default(),
            })
            .collect()
    }
}

/// An image a Converse request carried (see [`RecordedRequest::converse_images`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConverseImage {
    /// `png`, `jpeg`, `gif` or `webp`, as sent.
    pub format: String,
    pub bytes: Vec<u8>,
}

/// A scripted answer.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Scripted {
    /// Any JSON answer.
    pub fn json(status: u16, body: Value) -> Self {
        Self { status, headers: vec![("content-type".into(), "application/json".into())], body: body.to_string().into_bytes() }
    }

    /// A restJson1 error: `x-amzn-ErrorType` header and `{"message"}` body.
    pub fn error(status: u16, error_type: &str, message: &str) -> Self {
        let mut scripted = Self::json(status, json!({ "message": message }));
        scripted.headers.push(("x-amzn-ErrorType".into(), error_type.into()));
        scripted
    }

    /// 429 `ThrottlingException`, as Bedrock answers when the account's quota is used up.
    pub fn throttling() -> Self {
        Self::error(429, "ThrottlingException", "Too many requests, please wait before trying again.")
    }

    /// 400 `ValidationException`.
    pub fn validation(message: &str) -> Self {
        Self::error(400, "ValidationException", message)
    }

    /// 503 `ServiceUnavailableException`.
    pub fn service_unavailable() -> Self {
        Self::error(503, "ServiceUnavailableException", "Service unavailable.")
    }

    /// 429 `ModelNotReadyException`.
    pub fn model_not_ready() -> Self {
        Self::error(429, "ModelNotReadyException", "Model is not ready.")
    }

    /// 410 `GoneException` from the API Gateway Management API.
    pub fn gone() -> Self {
        Self::error(410, "GoneException", "")
    }

    fn converse(content: Vec<Value>, stop_reason: &str) -> Self {
        Self::json(
            200,
            json!({
                "output": {"message": {"role": "assistant", "content": content}},
                "stopReason": stop_reason,
                "usage": {"inputTokens": 1200, "outputTokens": 350, "totalTokens": 1550},
                "metrics": {"latencyMs": 812}
            }),
        )
    }

    /// A Converse answer that calls `tool_name` with `input` (`stopReason: tool_use`).
    pub fn converse_tool_use(tool_name: &str, input: Value) -> Self {
        Self::converse(vec![json!({"toolUse": {"toolUseId": "tooluse_stub_1", "name": tool_name, "input": input}})], "tool_use")
    }

    /// A Converse answer with one text block (`stopReason: end_turn`).
    pub fn converse_text(text: &str) -> Self {
        Self::converse(vec![json!({"text": text})], "end_turn")
    }

    /// A Converse answer cut off at the token limit (`stopReason: max_tokens`).
    pub fn converse_max_tokens(text: &str) -> Self {
        Self::converse(vec![json!({"text": text})], "max_tokens")
    }

    /// A Converse answer with one text block that stopped for `stop_reason`: what a guardrail
    /// (`guardrail_intervened`) or the model's content filter (`content_filtered`) answers.
    pub fn converse_stopped(text: &str, stop_reason: &str) -> Self {
        Self::converse(vec![json!({"text": text})], stop_reason)
    }

    /// A Titan Text Embeddings answer.
    pub fn titan_embedding(embedding: &[f32], input_tokens: u32) -> Self {
        Self::json(200, json!({"embedding": embedding, "inputTextTokenCount": input_tokens}))
    }

    /// A Retrieve answer with these results (see [`retrieval_result`]).
    pub fn retrieve(results: Vec<Value>) -> Self {
        Self::json(200, json!({"retrievalResults": results}))
    }

    /// An awsJson1_1 answer.
    pub fn json_1_1(body: Value) -> Self {
        Self {
            status: 200,
            headers: vec![("content-type".into(), "application/x-amz-json-1.1".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// A Textract `DetectDocumentText` answer for a one-page document showing `lines` (an empty
    /// slice is a blank page: a `PAGE` block and nothing else).
    pub fn textract_lines(lines: &[&str]) -> Self {
        Self::json_1_1(json!({
            "DocumentMetadata": {"Pages": 1},
            "Blocks": textract_blocks(&[lines]),
            "DetectDocumentTextModelVersion": "1.0"
        }))
    }

    /// An `AnalyzeDocument` (`QUERIES`) answer: the page's `lines` as `LINE` blocks, and per
    /// `(alias, answer, confidence)` a `QUERY` block whose `ANSWER` is a `QUERY_RESULT` block
    /// (an empty answer: the query without an answer, as Textract returns it).
    pub fn textract_query_answers(lines: &[&str], answers: &[(&str, &str, f32)]) -> Self {
        let mut blocks = textract_blocks(&[lines]);
        for (i, (alias, answer, confidence)) in answers.iter().enumerate() {
            let mut query = json!({"BlockType": "QUERY", "Id": format!("query-{i}"), "Query": {"Text": format!("{alias}?"), "Alias": alias}});
            if !answer.is_empty() {
                query["Relationships"] = json!([{"Type": "ANSWER", "Ids": [format!("answer-{i}")]}]);
                blocks.push(query);
                blocks.push(json!({"BlockType": "QUERY_RESULT", "Id": format!("answer-{i}"), "Text": answer, "Confidence": confidence, "Page": 1}));
            } else {
                blocks.push(query);
            }
        }
        Self::json_1_1(json!({"DocumentMetadata": {"Pages": 1}, "Blocks": blocks, "AnalyzeDocumentModelVersion": "1.0"}))
    }

    /// A `StartDocumentTextDetection` answer.
    pub fn textract_job_started(job_id: &str) -> Self {
        Self::json_1_1(json!({"JobId": job_id}))
    }

    /// A `GetDocumentTextDetection` answer while the job runs.
    pub fn textract_job_in_progress() -> Self {
        Self::json_1_1(json!({"JobStatus": "IN_PROGRESS", "DetectDocumentTextModelVersion": "1.0"}))
    }

    /// A `GetDocumentTextDetection` answer of a finished job: `blocks` (one page of results,
    /// e.g. a slice of [`textract_blocks`]) of a document of `pages` pages, and the `NextToken`
    /// of the next page of results, if any.
    pub fn textract_job_succeeded(pages: u32, blocks: &[Value], next_token: Option<&str>) -> Self {
        let mut body = json!({
            "DocumentMetadata": {"Pages": pages},
            "JobStatus": "SUCCEEDED",
            "Blocks": blocks,
            "DetectDocumentTextModelVersion": "1.0"
        });
        if let Some(token) = next_token {
            body["NextToken"] = json!(token);
        }
        Self::json_1_1(body)
    }

    /// A `GetDocumentTextDetection` answer of a failed job.
    pub fn textract_job_failed(status_message: &str) -> Self {
        Self::json_1_1(json!({"JobStatus": "FAILED", "StatusMessage": status_message, "DetectDocumentTextModelVersion": "1.0"}))
    }

    /// An awsJson1_1 (Textract) error.
    pub fn json_1_1_error(status: u16, error_type: &str, message: &str) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/x-amz-json-1.1".into()), ("x-amzn-ErrorType".into(), error_type.into())],
            body: json!({"__type": error_type, "message": message}).to_string().into_bytes(),
        }
    }
}

/// One `retrievalResults` entry as Bedrock Agent Runtime returns it: the chunk text, its S3
/// location, its metadata (the KB's `x-amz-bedrock-kb-*` keys and the sidecar's attributes) and
/// its score.
pub fn retrieval_result(text: &str, s3_uri: &str, score: f64, metadata: Value) -> Value {
    json!({
        "content": {"text": text, "type": "TEXT"},
        "location": {"type": "S3", "s3Location": {"uri": s3_uri}},
        "metadata": metadata,
        "score": score
    })
}

/// Textract blocks for a document whose pages show these lines: per page a `PAGE` block, then
/// its `LINE` blocks, each followed by its `WORD` blocks (words split on whitespace), in reading
/// order, with ids unique in the document, stacked bounding boxes and confidences a little
/// below 100 (words 99.0–99.8, a line the mean of its words).
pub fn textract_blocks(pages: &[&[&str]]) -> Vec<Value> {
    fn geometry(left: f64, top: f64, width: f64, height: f64) -> Value {
        json!({
            "BoundingBox": {"Width": width, "Height": height, "Left": left, "Top": top},
            "Polygon": [
                {"X": left, "Y": top}, {"X": left + width, "Y": top},
                {"X": left + width, "Y": top + height}, {"X": left, "Y": top + height}
            ]
        })
    }
    let mut blocks = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        let page = p as u32 + 1;
        let page_id = format!("p{page}");
        let line_ids: Vec<String> = (0..lines.len()).map(|l| format!("p{page}-l{l}")).collect();
        let mut page_block = json!({"BlockType": "PAGE", "Id": page_id, "Page": page, "Geometry": geometry(0.0, 0.0, 1.0, 1.0)});
        if !line_ids.is_empty() {
            page_block["Relationships"] = json!([{"Type": "CHILD", "Ids": line_ids}]);
        }
        blocks.push(page_block);
        for (l, line) in lines.iter().enumerate() {
            let top = 0.05 + 0.9 * l as f64 / lines.len().max(1) as f64;
            let words: Vec<&str> = line.split_whitespace().collect();
            let word_ids: Vec<String> = (0..words.len()).map(|w| format!("p{page}-l{l}-w{w}")).collect();
            let confidences: Vec<f64> = (0..words.len()).map(|w| 99.0 + ((l + w) % 9) as f64 / 10.0).collect();
            let line_confidence = confidences.iter().sum::<f64>() / confidences.len().max(1) as f64;
            let mut line_block = json!({
                "BlockType": "LINE", "Id": line_ids[l], "Page": page, "Text": words.join(" "),
                "Confidence": line_confidence, "Geometry": geometry(0.08, top, 0.8, 0.012)
            });
            if !word_ids.is_empty() {
                line_block["Relationships"] = json!([{"Type": "CHILD", "Ids": word_ids}]);
            }
            blocks.push(line_block);
            for (w, word) in words.iter().enumerate() {
                let left = 0.08 + 0.8 * w as f64 / words.len() as f64;
                blocks.push(json!({
                    "BlockType": "WORD", "Id": word_ids[w], "Page": page, "Text": word, "TextType": "PRINTED",
                    "Confidence": confidences[w], "Geometry": geometry(left, top, 0.7 / words.len() as f64, 0.012)
                }));
            }
        }
    }
    blocks
}

/// A deterministic unit vector for a text, so embedding tests need no scripting.
pub fn stub_embedding(text: &str, dimensions: usize) -> Vec<f32> {
    let len = dimensions.max(1);
    let mut v = vec![0.0f32; len];
    for (i, b) in text.bytes().enumerate() {
        v[(i * 31 + b as usize) % len] += 1.0 + (b % 7) as f32;
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

#[derive(Default)]
struct StubState {
    requests: Vec<RecordedRequest>,
    scripts: HashMap<Operation, VecDeque<Scripted>>,
    gone: HashSet<String>,
    documents: HashMap<String, Scripted>,
}

/// A running stub server.
pub struct WireStub {
    endpoint: String,
    state: Arc<Mutex<StubState>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for WireStub {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()))
            .flatten();
        if let Some(b) = escaped {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn operation_of(method: &Method, path: &str, headers: &HeaderMap) -> Operation {
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("");
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::POST, _) if target == "Textract.DetectDocumentText" => Operation::DetectDocumentText,
        (&Method::POST, _) if target == "Textract.StartDocumentTextDetection" => Operation::StartDocumentTextDetection,
        (&Method::POST, _) if target == "Textract.GetDocumentTextDetection" => Operation::GetDocumentTextDetection,
        (&Method::POST, _) if target == "Textract.AnalyzeDocument" => Operation::AnalyzeDocument,
        (&Method::POST, _) if target.starts_with("Textract.") => Operation::Textract,
        (&Method::POST, ["model", _, "converse"]) => Operation::Converse,
        (&Method::POST, ["model", _, "invoke"]) => Operation::InvokeModel,
        (&Method::POST, ["knowledgebases", _, "retrieve"]) => Operation::Retrieve,
        (&Method::POST, [.., "@connections", _]) => Operation::PostToConnection,
        _ => Operation::Unknown,
    }
}

fn default_answer(request: &RecordedRequest, gone: &HashSet<String>) -> Scripted {
    match request.operation {
        Operation::Converse => Scripted::validation("the wire stub has no scripted Converse answer"),
        Operation::InvokeModel => {
            let body = request.json();
            let text = body.get("inputText").and_then(Value::as_str).unwrap_or("");
            let dimensions = body.get("dimensions").and_then(Value::as_u64).unwrap_or(1024) as usize;
            Scripted::titan_embedding(&stub_embedding(text, dimensions), text.split_whitespace().count() as u32)
        }
        Operation::Retrieve => Scripted::retrieve(Vec::new()),
        Operation::PostToConnection => match request.path_param("@connections") {
            Some(id) if gone.contains(id) => Scripted::gone(),
            _ => Scripted { status: 200, headers: Vec::new(), body: Vec::new() },
        },
        Operation::DetectDocumentText | Operation::AnalyzeDocument | Operation::Textract => {
            Scripted::json_1_1_error(400, "ValidationException", "the wire stub has no scripted Textract answer")
        }
        Operation::StartDocumentTextDetection => {
            // Textract answers a repeated start (same document, same ClientRequestToken) with the
            // job it started the first time.
            let body = request.json();
            let key = format!("{}|{}", body["DocumentLocation"], body["ClientRequestToken"]);
            let fnv = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            Scripted::textract_job_started(&format!("stub-job-{fnv:016x}"))
        }
        Operation::GetDocumentTextDetection => {
            Scripted::json_1_1_error(400, "InvalidJobIdException", "the wire stub has no scripted result for this job")
        }
        Operation::Unknown => Scripted::error(404, "UnknownOperationException", "the wire stub does not serve this request"),
    }
}

async fn answer(State(state): State<Arc<Mutex<StubState>>>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let raw_path = uri.path().to_string();
    let path = percent_decode(&raw_path);
    let request = RecordedRequest {
        operation: operation_of(&method, &path, &headers),
        method: method.to_string(),
        path,
        raw_path,
        headers: headers.iter().map(|(k, v)| (k.as_str().to_ascii_lowercase(), v.to_str().unwrap_or("").to_string())).collect(),
        body: body.to_vec(),
    };
    let scripted = {
        let mut state = state.lock().expect("stub state");
        let scripted = state
            .scripts
            .get_mut(&request.operation)
            .and_then(VecDeque::pop_front)
            .or_else(|| (method == Method::GET).then(|| state.documents.get(&request.path).cloned()).flatten())
            .unwrap_or_else(|| default_answer(&request, &state.gone));
        state.requests.push(request);
        scripted
    };
    let mut response = (StatusCode::from_u16(scripted.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), scripted.body).into_response();
    for (name, value) in scripted.headers {
        if let (Ok(name), Ok(value)) = (axum::http::HeaderName::try_from(name), axum::http::HeaderValue::try_from(value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response.headers_mut().insert("x-amzn-requestid", axum::http::HeaderValue::from_static("00000000-0000-0000-0000-000000000000"));
    response
}

impl WireStub {
    /// Starts a stub on a free loopback port.
    pub async fn start() -> WireStub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the wire stub");
        let endpoint = format!("http://{}", listener.local_addr().expect("stub address"));
        let state = Arc::new(Mutex::new(StubState::default()));
        let router = axum::Router::new().fallback(answer).with_state(state.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        WireStub { endpoint, state, server }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Queues `response` as the next answer to `operation` (answers are used once, in order).
    pub fn script(&self, operation: Operation, response: Scripted) {
        self.state.lock().expect("stub state").scripts.entry(operation).or_default().push_back(response);
    }

    /// From now on, `PostToConnection` to this connection answers 410 `GoneException`.
    pub fn mark_gone(&self, connection_id: &str) {
        self.state.lock().expect("stub state").gone.insert(connection_id.to_string());
    }

    /// From now on, every `GET path` is answered with `response` — a static document such as a
    /// JWKS key set.
    pub fn serve(&self, path: &str, response: Scripted) {
        self.state.lock().expect("stub state").documents.insert(path.to_string(), response);
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().expect("stub state").requests.clone()
    }

    /// The requests to one operation.
    pub fn requests_for(&self, operation: Operation) -> Vec<RecordedRequest> {
        self.requests().into_iter().filter(|r| r.operation == operation).collect()
    }

    /// An SDK config for clients of this stub: its endpoint, region us-east-1, dummy
    /// credentials, and no SDK retries.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_types::region::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .retry_config(aws_config::retry::RetryConfig::disabled())
            .credentials_provider(aws_types::sdk_config::SharedCredentialsProvider::new(aws_credential_types::Credentials::new(
                "testing",
                "testing",
                None,
                None,
                "mediclear-wire-stub",
            )))
            .load()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_paths_and_finds_operations() {
        assert_eq!(percent_decode("/model/a.b-v1%3A0/converse"), "/model/a.b-v1:0/converse");
        assert_eq!(percent_decode("/bad%zz/%4"), "/bad%zz/%4");
        let h = HeaderMap::new();
        assert_eq!(operation_of(&Method::POST, "/model/m:0/converse", &h), Operation::Converse);
        assert_eq!(operation_of(&Method::POST, "/model/m:0/invoke", &h), Operation::InvokeModel);
        assert_eq!(operation_of(&Method::POST, "/knowledgebases/KB1/retrieve", &h), Operation::Retrieve);
        assert_eq!(operation_of(&Method::POST, "/prod/@connections/abc=", &h), Operation::PostToConnection);
        assert_eq!(operation_of(&Method::GET, "/model/m/converse", &h), Operation::Unknown);
        let textract = |target: &str| {
            let mut h = HeaderMap::new();
            h.insert("x-amz-target", target.parse().unwrap());
            operation_of(&Method::POST, "/", &h)
        };
        assert_eq!(textract("Textract.DetectDocumentText"), Operation::DetectDocumentText);
        assert_eq!(textract("Textract.StartDocumentTextDetection"), Operation::StartDocumentTextDetection);
        assert_eq!(textract("Textract.GetDocumentTextDetection"), Operation::GetDocumentTextDetection);
        assert_eq!(textract("Textract.AnalyzeDocument"), Operation::AnalyzeDocument);
        assert_eq!(textract("Textract.AnalyzeExpense"), Operation::Textract);
    }

    #[test]
    fn textract_blocks_link_pages_lines_and_words() {
        let blocks = textract_blocks(&[&["Glucose, fasting 5.8", "HbA1c 41"], &[]]);
        let kinds: Vec<&str> = blocks.iter().map(|b| b["BlockType"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["PAGE", "LINE", "WORD", "WORD", "WORD", "LINE", "WORD", "WORD", "PAGE"]);
        assert_eq!(blocks[0]["Relationships"][0]["Ids"], json!(["p1-l0", "p1-l1"]));
        assert_eq!(blocks[1]["Text"], "Glucose, fasting 5.8");
        assert_eq!(blocks[1]["Relationships"][0]["Ids"], json!(["p1-l0-w0", "p1-l0-w1", "p1-l0-w2"]));
        assert_eq!(blocks[8]["Page"], 2);
        assert!(blocks[8].get("Relationships").is_none(), "a blank page has no children");
        assert!(blocks.iter().all(|b| b["Geometry"]["BoundingBox"]["Width"].is_number()));
    }

    #[test]
    fn converse_images_are_read_back_from_base64() {
        let body = json!({"messages": [{"role": "user", "content": [
            {"image": {"format": "png", "source": {"bytes": "iVBORw0KGgo="}}},
            {"text": "Describe this image."},
            {"image": {"format": "jpeg", "source": {"bytes": "not base64!"}}}
        ]}]});
        let request = RecordedRequest {
            operation: Operation::Converse,
            method: "POST".into(),
            path: "/model/m/converse".into(),
            raw_path: "/model/m/converse".into(),
            headers: BTreeMap::new(),
            body: body.to_string().into_bytes(),
        };
        let images = request.converse_images();
        assert_eq!(images.len(), 2);
        assert_eq!((images[0].format.as_str(), images[0].bytes.as_slice()), ("png", &b"\x89PNG\r\n\x1a\n"[..]));
        assert_eq!((images[1].format.as_str(), images[1].bytes.len()), ("jpeg", 0));
    }

    #[test]
    fn stub_embeddings_are_unit_vectors() {
        let v = stub_embedding("knee pain", 16);
        assert_eq!(v.len(), 16);
        assert!((v.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(v, stub_embedding("knee pain", 16));
    }
}
