//! The `RefreshStore` contract (ports::refreshes): versions per patient, newest first.

use chrono::Duration;
use mediclear_domain::health::refresh::{Refresh, RefreshStatus, RefreshTrigger};
use mediclear_domain::ids::PatientId;
use mediclear_ports::PortError;
use mediclear_ports::refreshes::RefreshStore;

use super::fixtures;
use crate::unique;

pub async fn refresh_store(store: &dyn RefreshStore) {
    let patient = PatientId::parse(&unique("PAT")).unwrap();
    let other = PatientId::parse(&unique("PAT")).unwrap();
    assert_eq!(store.list(&patient, 10, None).await.unwrap().refreshes, Vec::new(), "no refreshes yet");
    let at = fixtures::base_time();
    for version in 1..=3 {
        let refresh = Refresh::queued(patient.clone(), version, RefreshTrigger::NewReport, "doctor-sub".into(), at + Duration::minutes(version as i64));
        store.create(&refresh).await.expect("create");
    }
    store.create(&Refresh::queued(other.clone(), 1, RefreshTrigger::ManualTrigger, "admin-sub".into(), at)).await.unwrap();
    let taken = Refresh::queued(patient.clone(), 2, RefreshTrigger::ManualTrigger, "other".into(), at);
    assert!(matches!(store.create(&taken).await, Err(PortError::Conflict(_))), "a version is taken once");

    let page = store.list(&patient, 2, None).await.unwrap();
    assert_eq!(page.refreshes.iter().map(|r| r.version).collect::<Vec<_>>(), vec![3, 2], "newest first");
    let rest = store.list(&patient, 2, page.next_token.as_deref()).await.unwrap();
    assert_eq!(rest.refreshes.iter().map(|r| r.version).collect::<Vec<_>>(), vec![1]);
    assert_eq!(rest.next_token, None);

    let mut done = store.get(&patient, 2).await.unwrap().expect("get");
    assert_eq!(done.trigger, RefreshTrigger::NewReport);
    done.status = RefreshStatus::Completed;
    done.documents_changed = 2;
    done.documents_unchanged = 5;
    done.chunks_deleted = 7;
    done.insights = Some("not computed".into());
    done.started_at = Some(at);
    done.finished_at = Some(at + Duration::seconds(4));
    store.update(&done).await.expect("update");
    assert_eq!(store.get(&patient, 2).await.unwrap().as_ref(), Some(&done), "reads back exactly");
    assert_eq!(store.get(&patient, 9).await.unwrap(), None);

    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 3);
    assert_eq!(store.list(&patient, 10, None).await.unwrap().refreshes, Vec::new());
    assert!(matches!(store.update(&done).await, Err(PortError::NotFound)), "a purged refresh is not brought back");
    assert_eq!(store.delete_for_patient(&patient).await.unwrap(), 0);
    assert_eq!(store.list(&other, 10, None).await.unwrap().refreshes.len(), 1, "another patient's refreshes stay");
}
