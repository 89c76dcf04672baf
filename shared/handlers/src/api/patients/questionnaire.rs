//! `GET /api/v1/patients/questionnaire` (public): the onboarding questions — what a registration
//! form shows before anyone has an account. Each says its answer type, its accepted values or
//! range, and which health-score component or risk marker it feeds.

use axum::Router;
use axum::routing::get;
use serde::Serialize;

use mediclear_domain::health::questionnaire::{AnswerType, Question, questions};
use mediclear_http::ApiResult;
use mediclear_http::envelope::success;
use mediclear_http::router::function_router;

use crate::openapi::schemas::{InternalError, Success, Throttled};

pub const PATH: &str = "/api/v1/patients/questionnaire";

pub fn router() -> Router {
    function_router(Router::new().route(PATH, get(questionnaire)))
}

/// A question as the API shows it: `options` are the accepted values, `labels` what a form
/// shows for each.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuestionView {
    pub id: &'static str,
    pub text: &'static str,
    #[serde(rename = "type")]
    pub answer_type: AnswerType,
    /// `choice`: the accepted values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<&'static str>>,
    /// `choice`: what a form shows for each value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub labels: Option<std::collections::BTreeMap<&'static str, &'static str>>,
    /// `number`: the accepted range and the unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    /// Score components (`score:<component>`) and risk markers (`risk:<marker>`) the answer feeds.
    pub feeds: Vec<&'static str>,
    /// Answers are optional; one that is given must fit.
    pub required: bool,
}

impl From<Question> for QuestionView {
    fn from(q: Question) -> Self {
        QuestionView {
            id: q.id,
            text: q.text,
            answer_type: q.answer_type,
            options: q.options.as_ref().map(|o| o.iter().map(|c| c.value).collect()),
            labels: q.options.as_ref().map(|o| o.iter().map(|c| (c.value, c.label)).collect()),
            min: q.min,
            max: q.max,
            unit: q.unit,
            feeds: q.feeds,
            required: false,
        }
    }
}

/// The onboarding questions.
///
/// **Who:** anyone (public: a registration form needs them before an account exists).
#[utoipa::path(
    get,
    path = PATH,
    tag = "patients",
    responses(
        (status = 200, description = "The questions, in the order a form shows them.", body = Success<Vec<QuestionView>>),
        (status = 429, response = Throttled),
        (status = 500, response = InternalError),
    ),
)]
async fn questionnaire() -> ApiResult {
    Ok(success(questions().into_iter().map(QuestionView::from).collect::<Vec<_>>()))
}
