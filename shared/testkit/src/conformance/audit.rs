//! The `AuditLog` + `AuditReader` contract (ports::audit).

use chrono::Duration;
use mediclear_domain::audit::{AuditRecord, Outcome};
use mediclear_domain::identity::Role;

use super::fixtures;
use crate::unique;
use mediclear_ports::audit::{AuditLog, AuditReader};

/// Runs every audit-log check.
pub async fn audit_log(log: &dyn AuditLog, reader: &dyn AuditReader) {
    let resource = unique("PA");
    let other_resource = unique("PA");
    let caller = fixtures::caller(Role::Insurer);
    let t = fixtures::base_time();
    let read = AuditRecord::by(&caller, "preauth.case.read", "case", &resource, Outcome::Succeeded, &unique("req"), t + Duration::seconds(2));
    let filed = AuditRecord::by_system("analysis", "preauth.case.analyze", "case", &resource, Outcome::Failed, &unique("req"), t);
    let denied = AuditRecord::by(&caller, "preauth.case.decide", "case", &resource, Outcome::Denied, &unique("req"), t + Duration::milliseconds(1500));
    let elsewhere = AuditRecord::by(&caller, "preauth.case.read", "case", &other_resource, Outcome::NotFound, &unique("req"), t + Duration::seconds(1));

    assert!(reader.for_resource(&resource).await.expect("read an empty history").is_empty(), "a resource without entries has an empty history");
    // Appended out of time order, on purpose.
    for record in [&read, &elsewhere, &filed, &denied] {
        log.append(record).await.expect("append");
    }
    let history = reader.for_resource(&resource).await.expect("read history");
    assert_eq!(history, vec![filed.clone(), denied.clone(), read.clone()], "one resource's entries, exactly as appended, oldest first");
    assert_eq!(reader.for_resource(&other_resource).await.unwrap(), vec![elsewhere], "entries stay with their resource");

    // A retried append of the same entry does not duplicate it.
    log.append(&read).await.expect("re-appending the very same entry succeeds");
    assert_eq!(reader.for_resource(&resource).await.unwrap().len(), 3, "a re-appended entry is stored once");
}
