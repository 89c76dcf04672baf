//! Files compiled into the runtime by `build.rs`: the template, the state machines and the demo
//! content. Paths are relative (`statemachines/x.asl.json`, `policies/y.txt`).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// A state machine definition by its template `DefinitionUri`.
pub fn state_machine(definition_uri: &str) -> Option<&'static str> {
    let wanted = definition_uri.trim_start_matches("./");
    STATE_MACHINE_FILES.iter().find(|(path, _)| *path == wanted).map(|(_, text)| *text)
}
