//! PHI reports' stores: [`connection_catalog`] (create once, version-conditioned replace,
//! NotFound vs Conflict, listing by organisation, delete), [`secret_box`] (a sealed secret opens
//! under its own connection id only, and never shows the secret) and [`report_log`].

use chrono::{Duration, Utc};

use mediclear_domain::ids::{ConnectionId, OrgId, ReportId};
use mediclear_domain::reports::connection::{Connection, ConnectionOptions, ConnectionSpec};
use mediclear_domain::reports::schema::{DatabaseSchema, DatabaseType, Field, ForeignKey, Table, TableKind};
use mediclear_ports::PortError;
use mediclear_ports::reports::{ConnectionCatalog, ReportLog, ReportRecord, SecretBox};

use crate::unique;

/// A connection of `org` named `name`.
pub fn connection(org: &OrgId, name: &str) -> Connection {
    let now = Utc::now();
    Connection {
        connection_id: ConnectionId::generate(),
        spec: ConnectionSpec {
            connection_name: name.into(),
            org_id: org.clone(),
            database_type: DatabaseType::PostgreSQL,
            host: "db.hospital.example".into(),
            port: 5432,
            database_name: "ehr".into(),
            username: "reader".into(),
            options: ConnectionOptions { tls: true, patient_key: Some("person.person_id".into()) },
        },
        sealed_password: "c2VhbGVk".into(),
        schema: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

pub async fn connection_catalog(catalog: &dyn ConnectionCatalog) {
    let org = OrgId::parse(&unique("ORG")).unwrap();
    let other_org = OrgId::parse(&unique("ORG")).unwrap();
    let b = connection(&org, "b-registry");
    let a = connection(&org, "A main EHR");
    let elsewhere = connection(&other_org, "theirs");
    for c in [&b, &a, &elsewhere] {
        catalog.create(c).await.expect("create");
    }
    assert!(matches!(catalog.create(&a).await, Err(PortError::Conflict(_))), "a second create of the same id conflicts");
    assert_eq!(catalog.get(&a.connection_id).await.unwrap().as_ref(), Some(&a), "a connection round-trips exactly");
    assert_eq!(catalog.get(&ConnectionId::generate()).await.unwrap(), None, "a missing connection reads as None");

    let listed: Vec<ConnectionId> = catalog.list(Some(&org)).await.unwrap().into_iter().map(|c| c.connection_id).collect();
    assert_eq!(listed, vec![a.connection_id.clone(), b.connection_id.clone()], "an organisation's connections, by name, case-insensitively, and only those");
    let all = catalog.list(None).await.unwrap();
    assert!(all.iter().any(|c| c.connection_id == elsewhere.connection_id) && all.iter().any(|c| c.connection_id == a.connection_id), "all organisations' without a filter");

    let mut renamed = a.clone();
    renamed.spec.connection_name = "Renamed".into();
    renamed.version = 2;
    catalog.replace(&renamed, 1).await.expect("replace at the stored version");
    assert!(matches!(catalog.replace(&renamed, 1).await, Err(PortError::Conflict(_))), "a stale version conflicts");
    let mut ghost = connection(&org, "ghost");
    ghost.version = 2;
    assert!(matches!(catalog.replace(&ghost, 1).await, Err(PortError::NotFound)), "replacing a missing connection is NotFound");
    assert_eq!(catalog.get(&a.connection_id).await.unwrap().unwrap().spec.connection_name, "Renamed");

    // A hospital's schema can be large: 1,500 tables of 25 columns is over 2 MB of JSON, five
    // times what a DynamoDB item holds, and is stored and read back whole.
    let mut big = connection(&org, "a large EHR");
    big.schema = Some(large_schema(1_500, 25));
    catalog.create(&big).await.expect("a connection with a large schema is stored");
    assert_eq!(catalog.get(&big.connection_id).await.unwrap().as_ref(), Some(&big), "a large schema round-trips exactly");
    assert!(catalog.list(Some(&org)).await.unwrap().iter().any(|c| c == &big), "and is listed whole");
    let mut bigger = big.clone();
    bigger.schema = Some(large_schema(1_600, 25));
    bigger.version = 2;
    catalog.replace(&bigger, 1).await.expect("a schema refresh replaces it");
    assert_eq!(catalog.get(&big.connection_id).await.unwrap().unwrap().schema.unwrap().tables.len(), 1_600);

    assert!(catalog.delete(&a.connection_id).await.unwrap(), "delete says there was one");
    assert!(!catalog.delete(&a.connection_id).await.unwrap(), "a second delete finds none");
    assert_eq!(catalog.get(&a.connection_id).await.unwrap(), None);
}

pub async fn secret_box(secrets: &dyn SecretBox) {
    let id = ConnectionId::generate();
    let other = ConnectionId::generate();
    let secret = "pässword with spaces & symbols $1";
    let sealed = secrets.seal(&id, secret).await.expect("seal");
    assert!(!sealed.contains("password") && !sealed.contains(secret), "the sealed form does not show the secret");
    assert_eq!(secrets.open(&id, &sealed).await.expect("open"), secret, "a secret opens under its own connection id");
    assert!(matches!(secrets.open(&other, &sealed).await, Err(PortError::Rejected(_))), "it does not open under another connection's id");
    assert!(matches!(secrets.open(&id, "bm90IHNlYWxlZA==").await, Err(PortError::Rejected(_))), "garbage does not open");
    assert_ne!(secrets.seal(&id, secret).await.unwrap(), sealed, "sealing twice gives two ciphertexts");
}

pub async fn report_log(log: &dyn ReportLog) {
    let now = Utc::now();
    let record = ReportRecord {
        report_id: ReportId::generate(),
        owner: unique("sub"),
        org_id: OrgId::parse("ORG-001").unwrap(),
        connection_id: ConnectionId::generate(),
        format: "pdf".into(),
        kind: "labs".into(),
        row_count: 12,
        truncated: false,
        bytes: 4096,
        generated_at: now,
        file_expires_at: now + Duration::hours(24),
        object_key: "reports/x.pdf".into(),
    };
    log.put(&record).await.expect("put");
    let read = log.get(&record.report_id).await.unwrap().expect("the record just written");
    assert_eq!((read.owner.as_str(), read.row_count, read.object_key.as_str()), (record.owner.as_str(), 12, "reports/x.pdf"), "a record round-trips");
    assert_eq!(log.get(&ReportId::generate()).await.unwrap(), None);
}

/// A schema of `tables` tables of `columns` columns each, named as an EHR's are.
pub fn large_schema(tables: usize, columns: usize) -> DatabaseSchema {
    let field = |name: String, data_type: &str, primary_key: bool| Field { name, data_type: data_type.into(), nullable: !primary_key, default: None, presence: None, primary_key };
    DatabaseSchema {
        database_type: DatabaseType::PostgreSQL,
        database_name: "clarity".into(),
        tables: (0..tables)
            .map(|t| Table {
                name: format!("clinical.encounter_detail_{t:05}"),
                kind: TableKind::Table,
                fields: std::iter::once(field(format!("encounter_detail_{t:05}_id"), "bigint", true))
                    .chain((1..columns).map(|c| field(format!("observation_attribute_{c:03}_value"), if c % 3 == 0 { "timestamp without time zone" } else { "character varying(255)" }, false)))
                    .collect(),
                row_count: Some(t as u64 * 1_000),
                row_count_exact: false,
                foreign_keys: vec![ForeignKey { columns: vec!["person_id".into()], references_table: "clinical.person".into(), references_columns: vec!["person_id".into()] }],
            })
            .collect(),
        extracted_at: None,
    }
}
