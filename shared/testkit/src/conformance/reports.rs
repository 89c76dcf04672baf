//! PHI reports' stores: [`connection_catalog`] (create once, version-conditioned replace,
//! NotFound vs Conflict, listing by organisation, delete), [`secret_box`] (a sealed secret opens
//! under its own connection id only, and never shows the secret) and [`report_log`].

use chrono::{Duration, Utc};

use mediclear_domain::ids::{ConnectionId, OrgId, ReportId};
use mediclear_domain::reports::connection::{Connection, ConnectionOptions, ConnectionSpec};
use mediclear_domain::reports::schema::DatabaseType;
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
