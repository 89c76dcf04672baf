//! `Workflow`: named executions. A start returns an id that names the execution; starting the
//! same name with other input is a `Conflict`; a name Step Functions would refuse is `Rejected`.

use mediclear_ports::PortError;
use mediclear_ports::workflow::Workflow;
use serde_json::json;

use crate::unique;

pub async fn workflow(workflow: &dyn Workflow) {
    let case_id = unique("PA");
    let name = format!("{case_id}-v1");
    let input = json!({"case_id": case_id});
    let id = workflow.start(&name, &input).await.expect("a named start succeeds");
    assert!(id.ends_with(&name), "the execution id names the execution: {id}");

    let other = workflow.start(&name, &json!({"case_id": unique("PA")})).await;
    assert!(matches!(other, Err(PortError::Conflict(_))), "the same name with other input is a Conflict: {other:?}");

    for bad in ["not a valid name!", "", &"x".repeat(81)] {
        let refused = workflow.start(bad, &input).await;
        assert!(matches!(refused, Err(PortError::Rejected(_))), "name {bad:?} is refused before any call: {refused:?}");
    }
}
