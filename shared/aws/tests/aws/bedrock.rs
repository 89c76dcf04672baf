//! Bedrock Runtime (Converse, InvokeModel) and Bedrock Agent Runtime (Retrieve) on the wire stub:
//! what the adapters send, how they read answers, and how failures map.

use mediclear_aws::{BedrockAnalyzer, BedrockKbRetriever, TitanEmbedder};
use mediclear_domain::codes::{DiagnosisCode, ProcedureCode};
use mediclear_domain::ids::{PatientId, ProviderId};
use mediclear_domain::knowledge::Passage;
use mediclear_domain::preauth::analysis::{AnalysisRequest, CriterionKind, Verdict};
use mediclear_ports::PortError;
use mediclear_ports::analysis::Analyzer;
use mediclear_ports::knowledge::{Embedder, NotesScope, Retriever};
use mediclear_testkit::wire::{Operation, Scripted, WireStub, retrieval_result, stub_embedding};
use serde_json::{Value, json};

const MODEL: &str = "anthropic.claude-3-haiku-20240307-v1:0";

fn passage(chunk_id: &str, document_id: &str, text: &str) -> Passage {
    Passage { chunk_id: chunk_id.into(), document_id: document_id.into(), title: Some("Knee policy".into()), text: text.into(), score: 1.0, ordinal: None, span: None }
}

fn request() -> AnalysisRequest {
    AnalysisRequest {
        procedure_code: ProcedureCode::parse("27447").unwrap(),
        diagnosis_codes: vec![DiagnosisCode::parse("M17.11").unwrap()],
        policy_passages: vec![
            passage("POL-1#0000", "POL-1", "1. Radiographic osteoarthritis. 2. Six months of conservative therapy. E1. Active infection."),
        ],
        note_passages: vec![
            passage("REC-1#0000", "REC-1", "X-ray: Kellgren-Lawrence grade 4 osteoarthritis of the right knee."),
            passage("REC-1#0001", "REC-1", "Physical therapy since January."),
        ],
    }
}

fn answer() -> Value {
    json!({
        "status": "MISSING_INFORMATION",
        "criteria": [
            {"id": "1", "text": "Radiographic osteoarthritis", "kind": "requirement", "met": true,
             "evidence": "\"Kellgren-Lawrence grade 4 osteoarthritis\"", "policy_reference": "Knee policy §1", "source_chunk_ids": ["REC-1#0000"]},
            {"id": "2", "text": "Six months of conservative therapy", "kind": "requirement", "met": null,
             "evidence": "Therapy start is documented, its duration is not.", "policy_reference": "Knee policy §2", "source_chunk_ids": ["REC-1#0001"]},
            {"id": "E1", "text": "Active infection", "kind": "exclusion", "met": false,
             "evidence": "No infection is mentioned.", "policy_reference": "Knee policy §E1", "source_chunk_ids": []}
        ],
        "summary": "Duration of conservative therapy is not documented."
    })
}

async fn analyzer(stub: &WireStub) -> BedrockAnalyzer {
    BedrockAnalyzer::new(&stub.sdk_config().await, MODEL)
}

#[tokio::test]
async fn converse_request_forces_the_analysis_tool() {
    let stub = WireStub::start().await;
    stub.script(Operation::Converse, Scripted::converse_tool_use("record_analysis", answer()));
    let analysis = analyzer(&stub).await.analyze(&request()).await.expect("a valid answer");
    assert_eq!((analysis.status, analysis.criteria.len()), (Verdict::MissingInformation, 3));
    assert_eq!((analysis.engine.as_str(), analysis.model.as_str()), ("bedrock-converse", MODEL));
    assert_eq!(analysis.criteria[2].kind, CriterionKind::Exclusion);
    assert_eq!(analysis.criteria[1].met, None);
    assert_eq!(analysis.policy_ids, vec!["POL-1".to_string()]);
    assert_eq!(analysis.procedure_analyzed, "27447");
    assert_eq!(analysis.disposition, "RECOMMENDATION");

    let sent = stub.requests_for(Operation::Converse);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path_param("model"), Some(MODEL), "the model id is in the path");
    let body = sent[0].json();
    assert_eq!(body["toolConfig"]["toolChoice"], json!({"tool": {"name": "record_analysis"}}), "the tool is forced");
    let tool = &body["toolConfig"]["tools"][0]["toolSpec"];
    assert_eq!(tool["name"], "record_analysis");
    let schema = &tool["inputSchema"]["json"];
    assert_eq!(schema["properties"]["status"]["enum"], json!(["APPROVED_READY", "MISSING_INFORMATION", "AI_DENIED"]));
    assert_eq!(schema["properties"]["criteria"]["items"]["properties"]["kind"]["enum"], json!(["requirement", "exclusion"]));
    assert_eq!(body["inferenceConfig"]["temperature"], json!(0.0));
    let system = body["system"][0]["text"].as_str().unwrap();
    assert!(system.contains("recommendation") && system.contains("verbatim") && system.contains("never invent"), "{system}");
    let user = body["messages"][0]["content"][0]["text"].as_str().unwrap();
    assert_eq!(body["messages"][0]["role"], "user");
    for p in request().policy_passages.iter().chain(&request().note_passages) {
        assert!(user.contains(&format!("id=\"{}\"", p.chunk_id)) && user.contains(&p.text), "every passage is listed with its id");
    }
    assert!(user.contains("27447") && user.contains("M17.11"));
}

#[tokio::test]
async fn a_json_answer_in_text_is_accepted() {
    let stub = WireStub::start().await;
    stub.script(Operation::Converse, Scripted::converse_text(&format!("Here is the analysis:\n{}", answer())));
    let analysis = analyzer(&stub).await.analyze(&request()).await.expect("JSON in a text block");
    assert_eq!(analysis.criteria.len(), 3);
}

#[tokio::test]
async fn invalid_model_output_is_invalid_output() {
    let mut missing_criteria = answer();
    missing_criteria.as_object_mut().unwrap().remove("criteria");
    let mut unknown_chunk = answer();
    unknown_chunk["criteria"][0]["source_chunk_ids"] = json!(["REC-9#0042"]);
    let mut uncited = answer();
    uncited["criteria"][0]["source_chunk_ids"] = json!([]);
    let mut bad_status = answer();
    bad_status["status"] = json!("APPROVED");
    let mut inconsistent = answer();
    inconsistent["criteria"][2]["met"] = json!(true);
    inconsistent["criteria"][2]["evidence"] = json!("\"Physical therapy since January.\"");
    inconsistent["criteria"][2]["source_chunk_ids"] = json!(["REC-1#0001"]);
    let cases = [
        ("missing criteria", Scripted::converse_tool_use("record_analysis", missing_criteria), "criteria is missing"),
        ("a cited chunk it was not given", Scripted::converse_tool_use("record_analysis", unknown_chunk), "REC-9#0042"),
        ("a met criterion without a citation", Scripted::converse_tool_use("record_analysis", uncited), "without cited evidence"),
        ("an unknown status", Scripted::converse_tool_use("record_analysis", bad_status), "status must be"),
        ("an exclusion met but no AI_DENIED", Scripted::converse_tool_use("record_analysis", inconsistent), "AI_DENIED"),
        ("prose instead of JSON", Scripted::converse_text("The patient seems to qualify."), "no record_analysis call"),
        ("broken JSON", Scripted::converse_text("{\"status\": \"AI_DENIED\", \"criteria\": ["), "no record_analysis call"),
        ("a cut-off answer", Scripted::converse_max_tokens("{\"status\""), "cut off"),
    ];
    let stub = WireStub::start().await;
    let analyzer = analyzer(&stub).await;
    for (what, scripted, reason) in cases {
        stub.script(Operation::Converse, scripted);
        match analyzer.analyze(&request()).await {
            Err(PortError::InvalidOutput(r)) => assert!(r.contains(reason), "{what}: reason {r:?} should mention {reason:?}"),
            other => panic!("{what}: expected InvalidOutput, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn converse_failures_map_to_port_errors() {
    let stub = WireStub::start().await;
    let analyzer = analyzer(&stub).await;
    for (scripted, transient) in [
        (Scripted::throttling(), true),
        (Scripted::model_not_ready(), true),
        (Scripted::service_unavailable(), true),
        (Scripted::error(500, "InternalServerException", "boom"), true),
        (Scripted::validation("Input is too long for requested model."), false),
        (Scripted::error(403, "AccessDeniedException", "You don't have access to the model."), false),
    ] {
        let code = scripted.headers.iter().find(|(k, _)| k == "x-amzn-ErrorType").unwrap().1.clone();
        stub.script(Operation::Converse, scripted);
        let err = analyzer.analyze(&request()).await.unwrap_err();
        assert_eq!(err.is_transient(), transient, "{code}: {err:?}");
        assert!(!matches!(err, PortError::InvalidOutput(_)), "{code} is not the model's output");
        assert!(!err.to_string().contains("too long for requested"), "service messages are not copied into errors");
    }
}

#[tokio::test]
async fn titan_embeddings_keep_order_and_shape() {
    let stub = WireStub::start().await;
    let embedder = TitanEmbedder::new(&stub.sdk_config().await, "amazon.titan-embed-text-v2:0").with_concurrency(4);
    assert_eq!(embedder.model_id(), "amazon.titan-embed-text-v2:0");
    let texts: Vec<String> = (0..20).map(|i| format!("note passage number {i}")).collect();
    let vectors = embedder.embed(&texts).await.expect("embed");
    assert_eq!(vectors.len(), 20);
    for (text, vector) in texts.iter().zip(&vectors) {
        assert_eq!(vector, &stub_embedding(text, 512), "results come back in the order of the texts");
    }
    let sent = stub.requests_for(Operation::InvokeModel);
    assert_eq!(sent.len(), 20);
    assert_eq!(sent[0].path_param("model"), Some("amazon.titan-embed-text-v2:0"));
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    let body = sent[0].json();
    assert_eq!((body["dimensions"].clone(), body["normalize"].clone()), (json!(512), json!(true)));
    assert!(body["inputText"].as_str().unwrap().starts_with("note passage number"));

    let blank = embedder.embed(&["   ".to_string()]).await.unwrap();
    assert_eq!(blank, vec![vec![0.0; 512]], "a blank text is the zero vector");
    assert_eq!(stub.requests_for(Operation::InvokeModel).len(), 20, "without a call");

    stub.script(Operation::InvokeModel, Scripted::throttling());
    assert!(matches!(embedder.embed(&texts[..1]).await, Err(PortError::Unavailable(_))));
    stub.script(Operation::InvokeModel, Scripted::titan_embedding(&[0.5; 3], 2));
    assert!(matches!(embedder.embed(&texts[..1]).await, Err(PortError::Internal(_))), "a wrong dimension count is a fault");
}

fn kb_result(text: &str, uri: &str, chunk_id: &str, score: f64, extra: Value) -> Value {
    let mut metadata = json!({"x-amz-bedrock-kb-chunk-id": chunk_id, "x-amz-bedrock-kb-source-uri": uri, "x-amz-bedrock-kb-data-source-id": "DS1"});
    if let (Some(m), Some(e)) = (metadata.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    retrieval_result(text, uri, score, metadata)
}

#[tokio::test]
async fn patient_notes_are_filtered_by_the_scope() {
    let stub = WireStub::start().await;
    let retriever = BedrockKbRetriever::new(&stub.sdk_config().await, "INSURERKB1", "PROVIDERKB");
    let patient = PatientId::parse("PAT-001").unwrap();
    stub.script(
        Operation::Retrieve,
        Scripted::retrieve(vec![
            kb_result("Knee pain for 8 months.", "s3://docs/records/PAT-001/REC-1.txt", "c-1", 0.81, json!({"patient_id": "PAT-001", "title": "REC-1.txt"})),
            kb_result("Physical therapy.", "s3://docs/records/PAT-001/REC-2.txt", "c-2", 0.64, json!({"patient_id": "PAT-001"})),
        ]),
    );
    let scope = NotesScope { patient_id: patient.clone(), provider_id: None };
    let passages = retriever.patient_notes(&scope, "conservative therapy duration").await.expect("retrieve");
    assert_eq!(passages.iter().map(|p| p.chunk_id.as_str()).collect::<Vec<_>>(), ["c-1", "c-2"]);
    assert_eq!(passages[0].document_id, "s3://docs/records/PAT-001/REC-1.txt");
    assert_eq!(passages[0].title.as_deref(), Some("REC-1.txt"));
    assert!((passages[0].score - 0.81).abs() < 1e-6);

    let sent = stub.requests_for(Operation::Retrieve);
    assert_eq!(sent[0].path_param("knowledgebases"), Some("PROVIDERKB"), "notes come from the provider KB");
    let body = sent[0].json();
    assert_eq!(body["retrievalQuery"]["text"], "conservative therapy duration");
    let search = &body["retrievalConfiguration"]["vectorSearchConfiguration"];
    assert_eq!(search["numberOfResults"], 40);
    assert_eq!(search["filter"], json!({"equals": {"key": "patient_id", "value": "PAT-001"}}), "the filter carries the scope's patient");

    let scoped = NotesScope { patient_id: patient, provider_id: Some(ProviderId::parse("PRV-001").unwrap()) };
    retriever.patient_notes(&scoped, "pain").await.unwrap();
    let body = stub.requests_for(Operation::Retrieve)[1].json();
    assert_eq!(
        body["retrievalConfiguration"]["vectorSearchConfiguration"]["filter"],
        json!({"andAll": [{"equals": {"key": "patient_id", "value": "PAT-001"}}, {"equals": {"key": "provider_id", "value": "PRV-001"}}]}),
        "a provider scope adds its provider"
    );

    stub.script(Operation::Retrieve, Scripted::throttling());
    assert!(matches!(retriever.patient_notes(&scoped, "pain").await, Err(PortError::Unavailable(_))));
}

#[tokio::test]
async fn policy_criteria_come_from_the_insurer_kb_by_procedure_code() {
    let stub = WireStub::start().await;
    let retriever = BedrockKbRetriever::new(&stub.sdk_config().await, "INSURERKB1", "PROVIDERKB");
    stub.script(
        Operation::Retrieve,
        Scripted::retrieve(vec![
            kb_result("2. Six months of therapy.", "s3://docs/policies/POL-1.pdf", "p-2", 0.7, json!({"x-amz-bedrock-kb-document-page-number": 2, "document_id": "POL-1"})),
            kb_result("1. Osteoarthritis on imaging.", "s3://docs/policies/POL-1.pdf", "p-1", 0.5, json!({"x-amz-bedrock-kb-document-page-number": 1, "document_id": "POL-1"})),
            retrieval_result("No chunk id here.", "s3://docs/policies/POL-2.pdf", 0.4, json!({})),
        ]),
    );
    let passages = retriever.policy_criteria(&ProcedureCode::parse("27447").unwrap()).await.expect("retrieve");
    assert_eq!(passages.iter().map(|p| p.text.as_str()).collect::<Vec<_>>()[..2], ["1. Osteoarthritis on imaging.", "2. Six months of therapy."], "document order by page");
    assert_eq!(passages[0].document_id, "POL-1", "the sidecar's document_id names the document");
    assert!(passages[2].chunk_id.starts_with("kb-"), "a stable id when the KB gives none");

    let sent = stub.requests_for(Operation::Retrieve);
    assert_eq!(sent[0].path_param("knowledgebases"), Some("INSURERKB1"));
    let body = sent[0].json();
    let search = &body["retrievalConfiguration"]["vectorSearchConfiguration"];
    assert_eq!(search["numberOfResults"], 25);
    assert_eq!(search["filter"], json!({"listContains": {"key": "procedure_codes", "value": "27447"}}));
    assert!(body["retrievalQuery"]["text"].as_str().unwrap().contains("27447"));
}

mod planner {
    use chrono::NaiveDate;
    use mediclear_aws::planner::BedrockPlanner;
    use mediclear_domain::reports::request::Unplannable;
    use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Field, Table, TableKind};
    use mediclear_ports::PortError;
    use mediclear_ports::reports::{PlanRefusal, PlannedQuery, QueryPlanner};
    use mediclear_testkit::wire::{Operation, Scripted, WireStub};
    use serde_json::json;

    fn schema() -> DatabaseSchema {
        let field = |name: &str, t: &str, pk: bool| Field { name: name.into(), data_type: t.into(), nullable: !pk, default: None, presence: None, primary_key: pk };
        DatabaseSchema {
            database_type: DatabaseType::PostgreSQL,
            database_name: "ehr".into(),
            tables: vec![Table {
                name: "visit_occurrence".into(),
                kind: TableKind::Table,
                fields: vec![field("visit_occurrence_id", "bigint", true), field("person_id", "bigint", false), field("visit_start_date", "date", false)],
                row_count: Some(1037),
                row_count_exact: true,
                foreign_keys: vec![],
            }],
            extracted_at: None,
        }
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
    }

    fn good() -> serde_json::Value {
        json!({"kind": "visits", "patient_id": "1234", "sql": "SELECT * FROM visit_occurrence WHERE person_id = $1 ORDER BY visit_start_date DESC",
               "parameters": [{"name": "patient_id", "value": 1234}], "explanation": "The visits of patient 1234."})
    }

    #[tokio::test]
    async fn the_model_is_asked_with_the_schema_and_its_query_is_read() {
        let stub = WireStub::start().await;
        stub.script(Operation::Converse, Scripted::converse_tool_use("record_query", good()));
        let planner = BedrockPlanner::new(&stub.sdk_config().await, super::MODEL);
        let planned = planner.plan("visits of patient 1234", &schema(), None, as_of()).await.expect("a query");
        let PlannedQuery::Sql { text, parameters, patient_id, kind, .. } = planned else { panic!("SQL for PostgreSQL") };
        assert!(text.contains("$1") && parameters.len() == 1 && patient_id.as_deref() == Some("1234") && kind == "visits");
        let sent = stub.requests_for(Operation::Converse);
        let body = sent[0].json();
        assert_eq!(body["toolConfig"]["toolChoice"]["tool"]["name"], "record_query");
        let prompt = body["messages"][0]["content"][0]["text"].as_str().unwrap();
        assert!(prompt.contains("visit_occurrence (visit_occurrence_id bigint PK, person_id bigint, visit_start_date date)") && prompt.contains("As of: 2025-06-30"), "{prompt}");
    }

    #[tokio::test]
    async fn a_large_schema_is_narrowed_to_the_tables_the_request_needs() {
        let mut schema = mediclear_testkit::conformance::reports::large_schema(3_000, 25);
        let field = |name: &str, t: &str, pk: bool| Field { name: name.into(), data_type: t.into(), nullable: !pk, default: None, presence: None, primary_key: pk };
        for (name, fields) in [
            ("clinical.person", vec![field("person_id", "bigint", true), field("birth_datetime", "timestamp", false)]),
            ("clinical.visit_occurrence", vec![field("visit_occurrence_id", "bigint", true), field("person_id", "bigint", false), field("visit_start_date", "date", false)]),
        ] {
            schema.tables.push(Table { name: name.into(), kind: TableKind::Table, fields, row_count: None, row_count_exact: true, foreign_keys: vec![] });
        }
        let stub = WireStub::start().await;
        stub.script(Operation::Converse, Scripted::converse_tool_use("record_query", good()));
        let planner = BedrockPlanner::new(&stub.sdk_config().await, super::MODEL);
        planner.plan("visits of patient 1234 in the last 6 months", &schema, None, as_of()).await.expect("a query");
        let prompt = stub.requests_for(Operation::Converse)[0].json()["messages"][0]["content"][0]["text"].as_str().unwrap().to_string();
        assert!(prompt.len() < mediclear_aws::planner::MAX_SCHEMA_CHARS + 1_000, "bounded: {} chars", prompt.len());
        assert!(prompt.contains("tables are listed: those this request can need") && prompt.contains("of the schema's 3002 tables"), "the model is told");
        assert!(prompt.contains("- clinical.person (person_id bigint PK") && prompt.contains("- clinical.visit_occurrence (visit_occurrence_id bigint PK"), "the patient and visit tables come first");
    }

    #[tokio::test]
    async fn a_misfit_answer_is_asked_for_once_more_then_refused() {
        let stub = WireStub::start().await;
        stub.script(Operation::Converse, Scripted::converse_tool_use("record_query", json!({"kind": "visits", "patient_id": "1234"})));
        stub.script(Operation::Converse, Scripted::converse_tool_use("record_query", good()));
        let planner = BedrockPlanner::new(&stub.sdk_config().await, super::MODEL);
        assert!(planner.plan("visits of patient 1234", &schema(), None, as_of()).await.is_ok(), "the second answer fits");
        let retry = stub.requests_for(Operation::Converse)[1].json();
        assert!(retry["messages"][0]["content"][0]["text"].as_str().unwrap().contains("sql is missing"), "the retry says what was wrong");

        stub.script(Operation::Converse, Scripted::converse_text("SELECT 1"));
        stub.script(Operation::Converse, Scripted::converse_tool_use("record_query", json!({"kind": "everything"})));
        let refused = planner.plan("visits of patient 1234", &schema(), None, as_of()).await;
        assert!(matches!(refused, Err(PlanRefusal::Failed(PortError::InvalidOutput(_)))), "{refused:?}");
    }

    #[tokio::test]
    async fn the_model_may_say_a_request_cannot_be_planned() {
        let stub = WireStub::start().await;
        stub.script(Operation::Converse, Scripted::converse_tool_use("record_query", json!({"unplannable": "not_patient_scoped"})));
        let planner = BedrockPlanner::new(&stub.sdk_config().await, super::MODEL);
        let refused = planner.plan("how many patients have diabetes", &schema(), None, as_of()).await;
        assert!(matches!(refused, Err(PlanRefusal::NotUnderstood(n)) if n.reason == Unplannable::NotPatientScoped));
        stub.script(Operation::Converse, Scripted::throttling());
        let unavailable = planner.plan("visits of patient 1", &schema(), None, as_of()).await;
        assert!(matches!(unavailable, Err(PlanRefusal::Failed(ref e)) if e.is_transient()), "{unavailable:?}");
    }
}

mod summarizer {
    use chrono::NaiveDate;
    use mediclear_aws::summarizer::{BedrockSummarizer, MAX_ROWS};
    use mediclear_domain::reports::rows::{Cell, ResultSet};
    use mediclear_ports::PortError;
    use mediclear_ports::reports::{ReportSummarizer, SummaryInput};
    use mediclear_testkit::wire::{Operation, Scripted, WireStub};

    fn result(rows: usize) -> ResultSet {
        let day = |i: usize| Cell::Date(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(i as i64 * 7));
        ResultSet {
            columns: vec!["measurement_date".into(), "measurement_concept_name".into(), "value_as_number".into()],
            rows: (0..rows).map(|i| vec![day(i), Cell::Text("Hemoglobin A1c".into()), Cell::Number(7.0 + (i % 4) as f64 * 0.2)]).collect(),
            truncated: false,
        }
    }

    fn facts() -> Vec<String> {
        vec!["3 rows from 2024-01-01 to 2024-01-15.".into(), "Latest Hemoglobin A1c: 7.4 on 2024-01-15.".into()]
    }

    fn input<'a>(result: &'a ResultSet, facts: &'a [String]) -> SummaryInput<'a> {
        SummaryInput { kind: "labs", request: "HbA1c of patient 3950 since 2024", result, facts }
    }

    #[tokio::test]
    async fn the_model_writes_from_the_rows_and_its_figures_are_checked() {
        let stub = WireStub::start().await;
        stub.script(Operation::Converse, Scripted::converse_text("Patient 3950 had three HbA1c results between 2024-01-01 and 2024-01-15.\n\nThe value rose from 7.0 to 7.4."));
        let writer = BedrockSummarizer::new(&stub.sdk_config().await, super::MODEL);
        let (result, facts) = (result(3), facts());
        let written = writer.summarize(&input(&result, &facts)).await.expect("a grounded summary");
        assert_eq!(written.paragraphs.len(), 2);
        assert!(written.paragraphs[1] == "The value rose from 7.0 to 7.4." && written.by.contains(super::MODEL) && written.by.contains("checked"), "{written:?}");
        let body = stub.requests_for(Operation::Converse)[0].json();
        assert!(body.get("toolConfig").is_none() && body["inferenceConfig"]["temperature"] == 0.0);
        let prompt = body["messages"][0]["content"][0]["text"].as_str().unwrap();
        assert!(prompt.contains("Report kind: labs.") && prompt.contains("Latest Hemoglobin A1c: 7.4 on 2024-01-15."), "{prompt}");
        assert!(prompt.contains("measurement_date\tmeasurement_concept_name\tvalue_as_number\n2024-01-01\tHemoglobin A1c\t7"), "{prompt}");
    }

    #[tokio::test]
    async fn a_figure_the_rows_do_not_hold_is_asked_for_again_then_refused() {
        let stub = WireStub::start().await;
        stub.script(Operation::Converse, Scripted::converse_text("HbA1c peaked at 9.8 on 2024-02-30."));
        stub.script(Operation::Converse, Scripted::converse_text("HbA1c rose to 7.4 by 2024-01-15."));
        let writer = BedrockSummarizer::new(&stub.sdk_config().await, super::MODEL);
        let (result, facts) = (result(3), facts());
        let written = writer.summarize(&input(&result, &facts)).await.expect("the second answer is grounded");
        assert_eq!(written.paragraphs, vec!["HbA1c rose to 7.4 by 2024-01-15."]);
        let retry = stub.requests_for(Operation::Converse)[1].json();
        assert!(retry["messages"][0]["content"][0]["text"].as_str().unwrap().contains("neither the rows nor the computed summary: 9.8, 2024-02-30"));

        stub.script(Operation::Converse, Scripted::converse_text("HbA1c was 12.5."));
        stub.script(Operation::Converse, Scripted::converse_text("HbA1c was 11.0 on 2023-12-01."));
        let refused = writer.summarize(&input(&result, &facts)).await;
        assert!(matches!(&refused, Err(PortError::InvalidOutput(m)) if !m.contains("12.5") && !m.contains("11.0")), "no value in the error: {refused:?}");
    }

    #[tokio::test]
    async fn cut_off_answers_and_failures_are_errors_and_big_results_are_bounded() {
        let stub = WireStub::start().await;
        let writer = BedrockSummarizer::new(&stub.sdk_config().await, super::MODEL);
        let (big, facts) = (result(MAX_ROWS + 200), facts());
        stub.script(Operation::Converse, Scripted::converse_max_tokens("Patient 3950 had"));
        assert!(matches!(writer.summarize(&input(&big, &facts)).await, Err(PortError::InvalidOutput(_))));
        let prompt = stub.requests_for(Operation::Converse)[0].json()["messages"][0]["content"][0]["text"].as_str().unwrap().to_string();
        assert!(prompt.contains(&format!("Only the first {MAX_ROWS} of the {} rows are shown", MAX_ROWS + 200)), "the model is told it sees part");
        stub.script(Operation::Converse, Scripted::throttling());
        assert!(writer.summarize(&input(&big, &facts)).await.is_err_and(|e| e.is_transient()));
    }
}
