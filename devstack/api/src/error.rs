//! The one error type of the stand-in's HTTP boundary: every failure is a status plus the
//! `{"msg": string, "code": integer}` body the real Wallaroo API sends (spec §4).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A refused or failed request, rendered as `{msg, code}` with `code` equal to the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {msg}")]
pub struct ApiError {
    pub status: StatusCode,
    pub msg: String,
}

impl ApiError {
    pub fn new(status: StatusCode, msg: impl Into<String>) -> Self {
        Self { status, msg: msg.into() }
    }
    /// 400: malformed body, wrong types, unknown email, invalid or duplicate email, refused rule.
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, msg)
    }
    /// 401: missing, malformed, expired or wrongly signed token, or a wrong issuer.
    pub fn unauthorized(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, msg)
    }
    /// 403: a missing `master-realm` role, or the licence's user limit.
    pub fn forbidden(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, msg)
    }
    /// 500: the user store failed.
    pub fn internal(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, msg)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "user store failed");
        ApiError::internal("the user store failed; the change was not made")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "msg": self.msg, "code": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}
