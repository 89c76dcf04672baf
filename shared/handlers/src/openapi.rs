//! MediClear's OpenAPI document, generated from the handlers. API.md is the contract; this is
//! the same contract in the form tools read (client generators, API consoles, contract tests),
//! and it cannot drift from the code because it is built from it:
//!
//! - each REST handler in [`crate::api`] carries `#[utoipa::path]`: its method and path (the
//!   module's `PATH` constant, as `template.yaml` declares it), parameters, body, the roles it
//!   allows, and every status and error code it answers with;
//! - the bodies are the real serde types (`Case`, `Analysis`, `Job`, `IssuedToken`,
//!   `ComponentStatus`, `CaseRequest`, `DecisionRequest`, …) deriving `ToSchema`; what the
//!   handlers write ad hoc (the envelope, upload answers) is described in [`schemas`];
//! - the committed `openapi.json` at the repository root is [`to_json`]'s output.
//!
//! The tests hold it to the code: the document's routes and their security are exactly
//! `template.yaml`'s, every `$ref` resolves, real values serialise to exactly the properties
//! their schemas list, every answer of the real routers (success and error, through the envelope
//! layer) fits the schema documented for its status and names a documented error code, every
//! error code a handler's source names is documented on its route, and `openapi.json` is current.
//! After a change, regenerate the file with
//! `MEDICLEAR_WRITE_OPENAPI=1 cargo test -p mediclear-handlers --lib openapi`.

pub mod schemas;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api;
use schemas::{BodyTooLarge, IdempotencyKeyReused, InternalError, NotJson, SignInThrottled, Throttled, Unauthorized};

/// The security scheme's name: API Gateway's Cognito authorizer (offline: the runtime's gateway).
pub const BEARER: &str = "cognito_id_token";

/// Adds the bearer security scheme. Operations that need a token name it themselves; the public
/// ones (`/auth/token`, the health routes) name none.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The Cognito ID token from `POST /api/v1/auth/token`, as `Authorization: Bearer <token>`. Its claims carry \
                         the role (`cognito:groups`) and the ids it binds to (`custom:patient_id`, `custom:doctor_id`, \
                         `custom:provider_id`, `custom:org_id`).",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "MediClear API",
        description = "MediClear's REST API: prior authorization (cases, AI criteria analysis, insurer decisions, \
                       records and policies), health insights (patients), PHI reports, jobs, identity and health. Generated from the handlers; the contract in \
                       prose is API.md. Every answer is a JSON envelope (`success`, `accepted` or `error`) with \
                       `metadata.request_id`, also sent as the `x-request-id` header.",
    ),
    servers(
        (url = "http://127.0.0.1:3000", description = "The offline runtime (`mediclear-local`, default `--listen`)."),
        (
            url = "https://{rest_api_id}.execute-api.{region}.amazonaws.com/{stage}",
            description = "A deployed stack (its `RestApiUrl` output, less the `/api/v1` the paths carry).",
            variables(
                ("rest_api_id" = (default = "abcdef1234", description = "The REST API's id.")),
                ("region" = (default = "us-east-1", description = "The stack's region.")),
                ("stage" = (default = "v1", description = "The template's `StageName`.")),
            ),
        ),
    ),
    paths(
        api::auth_token::issue_token,
        api::admin_users::create_user,
        api::admin_user_list::list_users,
        api::preauth::file_case::file_case,
        api::preauth::list_cases::list_cases,
        api::preauth::get_case::get_case,
        api::preauth::evidence::get_evidence,
        api::fhir::claim::claim_operation,
        api::fhir::metadata::metadata,
        api::preauth::decide::decide,
        api::preauth::match_criteria::match_criteria,
        api::preauth::upload::upload_record,
        api::preauth::upload::upload_policy,
        api::jobs::get_job,
        api::patients::questionnaire::questionnaire,
        api::patients::onboard::onboard,
        api::patients::get::get_patient,
        api::patients::update::update_patient,
        api::patients::purge::purge_patient,
        api::doctors::onboard::onboard_doctor,
        api::doctors::get::get_doctor,
        api::doctors::list::list_doctors,
        api::connections::create::create_connection,
        api::connections::list::list_connections,
        api::connections::get::get_connection,
        api::connections::update::update_connection,
        api::connections::delete::delete_connection,
        api::connections::test::test_connection,
        api::connections::test_saved::test_saved_connection,
        api::connections::schema::connection_schema,
        api::connections::databases::list_databases,
        api::queries::generate::generate_query,
        api::queries::validate::validate_query,
        api::reports::create::create_report,
        api::reports::get::get_report,
        api::doctors::verify::verify_doctor,
        api::doctors::assign::assign,
        api::doctors::revoke::revoke,
        api::documents::upload::upload_document,
        api::documents::upload_url::upload_url,
        api::documents::list::list_documents,
        api::documents::get::get_document,
        api::documents::review::review_queue,
        api::documents::transcription::transcribe,
        api::refreshes::request::request_refresh,
        api::refreshes::list::list_refreshes,
        api::insights::health_score::get_health_score,
        api::insights::risk_assessment::get_risk_assessment,
        api::chat::patient::patient_chat,
        api::chat::conversation::get_conversation,
        api::chat::doctor::doctor_chat,
        api::health::alive,
        api::health::ready,
    ),
    components(responses(Unauthorized, Throttled, SignInThrottled, InternalError, BodyTooLarge, NotJson, IdempotencyKeyReused)),
    modifiers(&BearerScheme),
    tags(
        (name = "identity", description = "Tokens and users."),
        (name = "preauth", description = "Prior authorization: cases, analysis, decisions, records and policies."),
        (name = "fhir", description = "Prior authorization over FHIR R4 (Da Vinci PAS): `$submit` and `$inquire` Bundles, the CapabilityStatement."),
        (name = "jobs", description = "Long-running work started by a 202."),
        (name = "patients", description = "Health insights: the onboarding questionnaire, patients' profiles and answers, purging."),
        (name = "doctors", description = "Health insights: doctors' sign-up and credentials, verification, care teams."),
        (name = "documents", description = "Health insights: patients' documents, the three-tier pipeline, the manual review queue."),
        (name = "insights", description = "Health insights: a patient's health & wellness score and breast-cancer risk assessment, every version kept."),
        (name = "chat", description = "Health insights: patient chat about their own records, doctor chat with one thread per doctor and patient."),
        (name = "reports", description = "PHI reports: hospitals' databases (connections, schemas, checks), plain English to one safe \
                                            read-only query, and reports as PDF or CSV through short-lived links."),
        (name = "health", description = "Liveness and readiness (public)."),
    ),
)]
struct MediClearApi;

/// The OpenAPI document of every REST route.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut document = MediClearApi::openapi();
    // `GET /health/live` is served by the same handler as `GET /health` (its own function in
    // template.yaml); one handler carries one `#[utoipa::path]`, so the second route is copied.
    let health = document.paths.paths.get(api::health::HEALTH_PATH).cloned();
    if let Some(mut live) = health {
        if let Some(operation) = live.get.as_mut() {
            operation.operation_id = Some("health_live".into());
            operation.summary = Some("Liveness, for probes that expect `/live`: the function runs.".into());
            operation.description = Some("**Who:** anyone (public). The same handler as `GET /health`.".into());
        }
        document.paths.paths.insert(api::health::LIVE_PATH.to_string(), live);
    }
    name_envelope_data(&mut document);
    document
}

/// utoipa inlines a generic envelope's `data` (`Success<Case>` gets a copy of `Case`); point it
/// at the named schema instead, so a client sees one `Case` type rather than one per envelope.
fn name_envelope_data(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{Ref, RefOr, schema::Schema};
    let Some(components) = document.components.as_mut() else { return };
    let as_json = |schema: &RefOr<Schema>| serde_json::to_value(schema).unwrap_or_default();
    let named: Vec<(String, serde_json::Value)> = components.schemas.iter().map(|(name, schema)| (name.clone(), as_json(schema))).collect();
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::Object(object)) = schema else { continue };
        let Some(data) = object.properties.get_mut("data") else { continue };
        let inlined = as_json(data);
        if let Some((name, _)) = named.iter().find(|(_, schema)| *schema == inlined) {
            *data = Ref::from_schema_name(name.as_str()).into();
        }
    }
}

/// The document as committed in `openapi.json`: pretty-printed, with a final newline.
pub fn to_json() -> String {
    let mut json = document().to_pretty_json().expect("an OpenAPI document always serialises");
    json.push('\n');
    json
}

#[cfg(test)]
mod tests;
