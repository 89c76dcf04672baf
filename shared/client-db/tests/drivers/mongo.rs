//! MongoDB through the nx-27017 peer (no SCRAM there: these tests connect without credentials).

use chrono::NaiveDate;
use mediclear_client_db::Drivers;
use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::pipeline_safety::ReadOnlyPipeline;
use mediclear_domain::reports::planner::document::plan;
use mediclear_domain::reports::request::understand;
use mediclear_domain::reports::schema::{DatabaseType, is_temporal_type};
use mediclear_ports::client_databases::{ClientDatabases, Limits, RunnableQuery, Target};
use mediclear_testkit::client_dbs::{MONGO_DATABASE, mongo};
use serde_json::Value;

fn target(port: u16) -> Target {
    Target { database_type: DatabaseType::MongoDB, host: "127.0.0.1".into(), port, database_name: MONGO_DATABASE.into(), username: String::new(), password: String::new(), tls: false }
}

/// The fixture documents, read here to count what a report should return.
fn documents(collection: &str) -> Vec<Value> {
    let dbs = mediclear_testkit::client_dbs::require().unwrap();
    serde_json::from_str(&std::fs::read_to_string(dbs.mongo_data().join(format!("{collection}.json"))).unwrap()).unwrap()
}

#[tokio::test]
async fn the_peer_is_checked_described_and_listed() {
    let Some(peer) = mongo() else { return };
    let target = target(peer.port);
    let check = Drivers.check(&target, Limits::default()).await;
    assert!(check.reachable && check.authenticated && check.read_only_possible, "{check:?}");
    assert!(check.server_version.unwrap().starts_with("MongoDB "));
    assert!(Drivers.databases(&target, Limits::default()).await.unwrap().contains(&MONGO_DATABASE.to_string()));

    let schema = Drivers.schema(&target, Limits::default()).await.unwrap();
    let observations = schema.table("observations").unwrap();
    assert_eq!(observations.row_count, Some(documents("observations").len() as u64));
    let date = observations.field("effectiveDateTime").unwrap();
    assert!(is_temporal_type(&date.data_type), "{}", date.data_type);
    assert!(observations.field("code.coding.code").is_some(), "paths go through arrays");
    assert!(observations.field("patient_id").unwrap().presence == Some(100.0));
    let key = discover(&schema, None).unwrap();
    assert_eq!(key.column, "patient_id");
    let stored = serde_json::to_string(&schema).unwrap();
    assert!(!stored.contains("Sodium"), "no value of the data is in the schema");
}

#[tokio::test]
async fn report_pipelines_return_the_patients_documents() {
    let Some(peer) = mongo() else { return };
    let target = target(peer.port);
    let schema = Drivers.schema(&target, Limits::default()).await.unwrap();
    let key = discover(&schema, None).unwrap();
    let patient = documents("patients")[0]["patient_id"].as_str().unwrap().to_string();
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let expected = |collection: &str, date: &str, from: &str| {
        documents(collection).iter().filter(|d| d["patient_id"] == patient.as_str() && d.pointer(date).and_then(Value::as_str).is_some_and(|v| v >= from)).count()
    };
    for (request, count) in [
        (format!("encounters of patient {patient} since 2024"), expected("encounters", "/period/start", "2024-01-01")),
        (format!("labs for patient {patient} since 2024"), expected("observations", "/effectiveDateTime", "2024-01-01")),
        (format!("summary for patient {patient}"), ["encounters", "conditions", "observations", "medications", "procedures"].iter().map(|c| documents(c).iter().filter(|d| d["patient_id"] == patient.as_str()).count()).sum()),
    ] {
        let understood = understand(&request, as_of).unwrap();
        let planned = plan(&understood, &schema, &key).unwrap();
        let pipeline = ReadOnlyPipeline::parse(&planned.collection, &Value::Array(planned.stages.clone()), &schema, Some(&key)).unwrap();
        assert!(pipeline.patient_scoped);
        let limits = Limits::default();
        let runnable = RunnableQuery::Pipeline { collection: pipeline.collection.clone(), stages: pipeline.capped(limits.row_cap + 1), parameters: planned.parameters };
        let rows = Drivers.run(&target, &runnable, limits).await.unwrap();
        assert!(count > 0, "{request}: the fixture should have documents");
        assert_eq!(rows.rows.len(), count, "{request}");
    }
}
