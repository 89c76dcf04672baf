//! Who is calling, and under which request id.
//!
//! On AWS, API Gateway's Cognito authorizer has already verified the token and passes its claims
//! in the request context (`requestContext.authorizer.claims`); the offline runtime's gateway
//! does the same after verifying the token with the local issuer. Handlers therefore read
//! identity one way only — from the request context — and never parse tokens themselves. No
//! context claims means the request did not pass an authorizer: 401.

use axum::extract::FromRequestParts;
use http::request::Parts;
use lambda_http::request::RequestContext;
use serde_json::{Map, Value};

use mediclear_domain::identity::{Caller, IdentityError};

use crate::ApiError;

/// The verified caller of this request.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Caller);

/// The client's address as the gateway saw it (`requestContext.identity.sourceIp`; API Gateway
/// sets it from the TCP peer, so a client cannot choose it with a header). `None` when the
/// request did not come through a gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for SourceAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let address = match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV1(context)) => context.identity.source_ip.as_deref().and_then(|ip| ip.parse().ok()),
            _ => None,
        };
        Ok(SourceAddress(address))
    }
}

/// The id of this request (assigned by [`crate::envelope::layer`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The authorizer claims in a request context, if any.
pub fn claims_of(context: &RequestContext) -> Option<Map<String, Value>> {
    let fields = &context.authorizer()?.fields;
    match fields.get("claims") {
        Some(Value::Object(claims)) => Some(claims.clone()),
        // A claims map that arrived serialised as a string (seen with some proxies).
        Some(Value::String(s)) => serde_json::from_str(s).ok(),
        _ => None,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let claims = parts.extensions.get::<RequestContext>().and_then(claims_of).ok_or_else(ApiError::unauthorized)?;
        match Caller::from_claims(&claims) {
            Ok(caller) => Ok(Authenticated(caller)),
            Err(IdentityError::NoSubject) => Err(ApiError::unauthorized()),
            Err(e) => Err(ApiError::new(http::StatusCode::FORBIDDEN, "FORBIDDEN", e.to_string())),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<RequestId>().cloned().unwrap_or_else(|| RequestId(uuid::Uuid::new_v4().to_string())))
    }
}
