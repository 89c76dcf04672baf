//! `POST /api/v1/patients/onboard`: a new patient — registered by an admin, by a verified doctor
//! (who is then assigned to them), or by the patient themself (then `username` and `password`
//! are required and become their login: Cognito `AdminCreateUser` + the `patient` group on AWS,
//! the local directory offline).
//!
//! The route is public so that self-registration works without an account; a bearer token, when
//! sent, is verified here (the gateway's authorizer does not run on a public route) and decides
//! who is onboarding. Every problem of the body is reported at once, each named. The login is
//! created first and deleted again if storing the patient fails, so no login without a patient
//! (or the reverse) remains. With an `Idempotency-Key`, a retry gets the first answer (the
//! password is not part of the request's fingerprint).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use serde_json::Value;

use mediclear_domain::audit::Outcome;
use mediclear_domain::health::patient::{Onboarding, Patient};
use mediclear_domain::identity::{Bindings, Caller, LoginName, NewUser, Password, Role};
use mediclear_domain::ids::PatientId;
use mediclear_domain::validation::{Fields, ValidationError};
use mediclear_http::body::JsonBody;
use mediclear_http::caller::RequestId;
use mediclear_http::envelope::{pending, success_envelope};
use mediclear_http::router::function_router;
use mediclear_http::{ApiError, ApiResult};
use mediclear_ports::PortError;
use mediclear_ports::identity::{TokenVerifier, UserDirectory};
use mediclear_ports::patients::{Assignment, CareTeam, DoctorRoster, PatientStore};

use crate::api::patients::problems;
use crate::audit::{Auditor, Resource};
use crate::idempotency::{Begin, Idempotency, canonical_json};
use crate::openapi::schemas::{
    BodyTooLarge, ErrorEnvelope, IdempotencyKeyHeader, IdempotencyKeyReused, InternalError, NotJson, OnboardRequest, Success, Throttled,
};

pub const PATH: &str = "/api/v1/patients/onboard";

#[derive(Clone)]
pub struct Deps {
    pub patients: Arc<dyn PatientStore>,
    pub directory: Arc<dyn UserDirectory>,
    pub tokens: Arc<dyn TokenVerifier>,
    pub doctors: Arc<dyn DoctorRoster>,
    pub care_team: Arc<dyn CareTeam>,
    pub audit: Auditor,
    pub idempotency: Idempotency,
}

pub fn router(deps: Deps) -> Router {
    function_router(Router::new().route(PATH, post(onboard)).with_state(deps))
}

/// Who is onboarding: the verified caller of a sent token, or nobody (self-registration).
async fn onboarding_caller(deps: &Deps, headers: &HeaderMap) -> Result<Option<Caller>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let token = value.to_str().map_err(|_| ApiError::unauthorized())?;
    let token = token.strip_prefix("Bearer ").or_else(|| token.strip_prefix("bearer ")).unwrap_or(token).trim();
    match deps.tokens.verify(token).await {
        Ok(caller) => Ok(Some(caller)),
        Err(PortError::Rejected(_)) => Err(ApiError::unauthorized()),
        Err(e) => Err(ApiError::from_port(e, "token")),
    }
}

/// The login requested in the body, if any (both fields or neither).
fn requested_login(body: &Value, patient_id: &PatientId) -> Result<Option<NewUser>, ValidationError> {
    let f = Fields::of(body)?;
    let (username, password) = (f.optional_str("username")?, f.optional_str("password")?);
    match (username, password) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(ValidationError::missing("password")),
        (None, Some(_)) => Err(ValidationError::missing("username")),
        (Some(username), Some(password)) => {
            let bindings = Bindings { patient_id: Some(patient_id.clone()), ..Default::default() };
            NewUser::new(LoginName::parse(username)?, Password::parse(password)?, Role::Patient, bindings).map(Some)
        }
    }
}

/// The patient as the API returns it.
pub fn view(patient: &Patient) -> Value {
    serde_json::to_value(patient).unwrap_or_default()
}

/// Register a patient.
///
/// **Who:** an admin, a verified doctor (then assigned to the patient), or anyone registering
/// themself — then `username` and `password` are required and become the patient's login.
#[utoipa::path(
    post,
    path = PATH,
    tag = "patients",
    security((), ("cognito_id_token" = [])),
    params(IdempotencyKeyHeader),
    request_body = OnboardRequest,
    responses(
        (status = 201, description = "Registered (version 1). With a reused `Idempotency-Key` and the same request (the password aside): \\
                                      the first answer again, header `Idempotent-Replayed: true`.", body = Success<Patient>),
        (status = 400, body = ErrorEnvelope,
            description = "`INVALID_BODY`: not a JSON object. `INVALID_DEMOGRAPHICS` and `INVALID_DEMOGRAPHICS_<FIELD>` (`GIVEN_NAME`, \\
                           `FAMILY_NAME`, `DATE_OF_BIRTH`, `SEX`, `EMAIL`, `PHONE`, `POSTAL_CODE`, `PREFERRED_LANGUAGE`): missing or \\
                           malformed. `INVALID_ANSWERS`: not an object, or an answer to a question that does not exist; \\
                           `INVALID_ANSWERS_<QUESTION_ID>`: an answer that does not fit its question. `INVALID_USERNAME`, \\
                           `INVALID_PASSWORD`: malformed, or one without the other, or both missing when registering oneself. \\
                           `INVALID_IDEMPOTENCY_KEY`. Every problem is listed in `details.problems` when there are several."),
        (status = 401, body = ErrorEnvelope, description = "`UNAUTHORIZED`: a bearer token was sent and is not valid."),
        (status = 403, body = ErrorEnvelope,
            description = "`FORBIDDEN`: the token's role may not onboard patients (patients, providers, insurers), or the doctor is \\
                           not verified."),
        (status = 409, body = ErrorEnvelope, description = "`USERNAME_TAKEN`: the requested username exists."),
        (status = 413, response = BodyTooLarge),
        (status = 415, response = NotJson),
        (status = 422, response = IdempotencyKeyReused),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
        (status = 503, body = ErrorEnvelope, description = "`SERVICE_UNAVAILABLE`: the patient store or the user directory is unavailable; retry."),
    ),
)]
#[tracing::instrument(skip_all, fields(request_id = %request_id.0))]
async fn onboard(State(deps): State<Deps>, request_id: RequestId, headers: HeaderMap, JsonBody(body): JsonBody) -> ApiResult {
    let caller = onboarding_caller(&deps, &headers).await?;
    let doctor = match &caller {
        None => None,
        Some(c) if c.role == Role::Admin => None,
        Some(c) if c.role == Role::Doctor => {
            let doctor_id = c.bindings.doctor_id.clone().ok_or_else(ApiError::forbidden)?;
            if !deps.doctors.is_verified(&doctor_id).await.map_err(|e| ApiError::from_port(e, "doctor"))? {
                return Err(ApiError::new(StatusCode::FORBIDDEN, "FORBIDDEN", "a doctor may onboard patients once verified"));
            }
            Some(doctor_id)
        }
        Some(_) => return Err(ApiError::forbidden()),
    };
    let now = Utc::now();
    let patient_id = PatientId::generate();
    let onboarding = Onboarding::from_json(&body, now.date_naive());
    let login = requested_login(&body, &patient_id);
    let (onboarding, login) = match (onboarding, login) {
        (Ok(o), Ok(l)) => (o, l),
        (o, l) => {
            let mut all = o.err().unwrap_or_default();
            all.extend(l.err());
            return Err(problems(all));
        }
    };
    if caller.is_none() && login.is_none() {
        return Err(ValidationError::invalid("username", "registering yourself needs a username and a password").into());
    }

    // Keys are the caller's; someone registering themself is known by the username they chose.
    let subject = match (&caller, &login) {
        (Some(c), _) => c.subject.clone(),
        (None, Some(user)) => format!("self-registration:{}", user.username.as_str()),
        (None, None) => unreachable!("checked above"),
    };
    let mut fingerprinted = body.clone();
    if let Some(fields) = fingerprinted.as_object_mut() {
        fields.remove("password");
    }
    let claim = match deps.idempotency.begin(&headers, &subject, "POST /api/v1/patients/onboard", &[&canonical_json(&fingerprinted)]).await? {
        Begin::Replay(first_answer) => return Ok(first_answer),
        Begin::Fresh(claim) => claim,
    };

    let created_login = match &login {
        Some(user) => match deps.directory.create_user(user).await {
            Ok(created) => Some(created),
            Err(PortError::Conflict(_)) => return Err(ApiError::conflict("USERNAME_TAKEN", "a user with this username already exists")),
            Err(e) => return Err(ApiError::from_port(e, "user")),
        },
        None => None,
    };
    let patient = Patient::onboard(patient_id, onboarding, login.as_ref().map(|u| u.username.as_str().to_string()), now);
    if let Err(e) = deps.patients.create(&patient).await {
        if let Some(user) = &login {
            // No login without its patient.
            let _ = deps.directory.delete_user(&user.username).await;
        }
        return Err(ApiError::from_port(e, "patient"));
    }
    if let Some(doctor_id) = doctor {
        let assignment = Assignment { doctor_id, patient_id: patient.patient_id.clone(), assigned_by: subject.clone(), assigned_at: now };
        deps.care_team.assign(&assignment).await.map_err(|e| ApiError::from_port(e, "patient"))?;
    }
    let actor = caller.or(created_login).ok_or_else(|| ApiError::internal(&"onboarding without an actor"))?;
    let resource = Resource { kind: "patient", id: patient.patient_id.as_str() };
    deps.audit.action(&actor, "patient.onboard", resource, Outcome::Succeeded, &request_id.0).await;
    tracing::info!(patient_id = %patient.patient_id, "patient onboarded");

    let envelope = success_envelope(view(&patient))?;
    if let Some(claim) = &claim
        && let Some(winner) = deps.idempotency.save(claim, &claim.answer(StatusCode::CREATED, &envelope)).await?
    {
        return Ok(winner);
    }
    Ok(pending(StatusCode::CREATED, envelope))
}
