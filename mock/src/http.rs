//! The HTTP face of the mock: AWS JSON 1.1 on `POST /`, the JWKS of each pool, and the test
//! controls under `/_mock/`. Every answer is JSON — errors included — never HTML.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::any;
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::error::{ServiceError, codes};
use crate::mock::Mock;
use crate::random;

/// The largest request body accepted (1 MiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// The router of a mock endpoint.
pub(crate) fn router(mock: Mock) -> Router {
    Router::new()
        .route("/", any(aws))
        .route("/_mock/health", any(health))
        .route("/_mock/messages", any(messages))
        .route("/_mock/clock", any(clock))
        .route("/_mock/reset", any(reset))
        .route("/{pool_id}/.well-known/jwks.json", any(jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            any(openid_configuration),
        )
        .fallback(not_found)
        .with_state(mock)
}

fn request_id() -> String {
    random::uuid().unwrap_or_else(|_| "00000000-0000-4000-8000-000000000000".to_owned())
}

fn respond(
    status: StatusCode,
    content_type: &'static str,
    body: &Value,
    extra: &[(&'static str, String)],
) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date"),
    );
    for (name, value) in extra {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(*name, value);
        }
    }
    response
}

/// An error in the AWS JSON 1.1 envelope.
fn error_response(error: &ServiceError, request_id: &str) -> Response {
    let status = StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    respond(
        status,
        AMZ_JSON,
        &json!({"__type": error.code(), "message": error.message()}),
        &[
            ("x-amzn-requestid", request_id.to_owned()),
            ("x-amzn-errortype", format!("{}:", error.code())),
        ],
    )
}

fn preflight() -> Response {
    let mut response = respond(StatusCode::OK, "application/json", &json!({}), &[]);
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET,POST,DELETE,OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(
            "content-type,x-amz-target,x-amz-user-agent,x-amz-date,x-amz-security-token,authorization,amz-sdk-invocation-id,amz-sdk-request,cache-control",
        ),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    response
}

fn unknown_operation(message: &str) -> ServiceError {
    ServiceError::new(codes::UNKNOWN_OPERATION, message)
}

/// Reads a request body of at most [`MAX_BODY_BYTES`].
async fn read_body(body: Body) -> Result<axum::body::Bytes, ServiceError> {
    to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        ServiceError::serialization(format!(
            "The request body is larger than {MAX_BODY_BYTES} bytes or could not be read."
        ))
    })
}

/// Reads a request body of at most [`MAX_BODY_BYTES`] as JSON (`{}` when empty).
async fn read_json(body: Body) -> Result<Value, ServiceError> {
    parse_json(&read_body(body).await?)
}

/// Parses a request body as JSON (`{}` when empty).
fn parse_json(bytes: &[u8]) -> Result<Value, ServiceError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        ServiceError::serialization(format!(
            "The request body is not valid JSON (line {}, column {}).",
            e.line(),
            e.column()
        ))
    })
}

fn operation_of(headers: &HeaderMap) -> Result<String, ServiceError> {
    let target = headers
        .get("x-amz-target")
        .ok_or_else(|| unknown_operation("Missing X-Amz-Target header."))?
        .to_str()
        .map_err(|_| unknown_operation("The X-Amz-Target header is not valid text."))?;
    let operation = target
        .strip_prefix(TARGET_PREFIX)
        .filter(|op| !op.is_empty())
        .ok_or_else(|| unknown_operation(&format!("Unknown X-Amz-Target {target:?}.")))?;
    if !crate::ops::OPERATIONS.contains(&operation) {
        return Err(unknown_operation(&format!(
            "Operation {operation} is not served by the cognito-mfa mock endpoint."
        )));
    }
    Ok(operation.to_owned())
}

async fn aws(State(mock): State<Mock>, request: Request) -> Response {
    let id = request_id();
    if request.method() == Method::OPTIONS {
        return preflight();
    }
    if request.method() != Method::POST {
        return error_response(
            &unknown_operation("The AWS JSON 1.1 endpoint accepts only POST."),
            &id,
        );
    }
    let (parts, body) = request.into_parts();
    let operation = match operation_of(&parts.headers) {
        Ok(op) => op,
        Err(e) => return error_response(&e, &id),
    };
    let input = match read_body(body).await.and_then(|bytes| {
        let input = parse_json(&bytes)?;
        check_signature(&mock, &operation, &parts, &bytes, &input)?;
        Ok(input)
    }) {
        Ok(v) => v,
        Err(e) => return error_response(&e, &id),
    };
    match mock.call(&operation, input).await {
        Ok(output) => respond(
            StatusCode::OK,
            AMZ_JSON,
            &output,
            &[("x-amzn-requestid", id)],
        ),
        Err(e) => error_response(&e, &id),
    }
}

/// With `settings.sigv4` on, the operations AWS authorizes with IAM must be signed.
fn check_signature(
    mock: &Mock,
    operation: &str,
    parts: &axum::http::request::Parts,
    body: &[u8],
    input: &Value,
) -> Result<(), ServiceError> {
    let settings = mock.settings();
    let Some(sigv4) = &settings.sigv4 else {
        return Ok(());
    };
    if !crate::sigv4::needs_signature(operation) {
        return Ok(());
    }
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", axum::http::uri::PathAndQuery::as_str);
    crate::sigv4::verify(
        sigv4,
        &settings.region,
        mock.now(),
        path,
        &parts.headers,
        body,
        input.get("UserPoolId").and_then(Value::as_str),
    )
}

fn control_error(status: StatusCode, code: &'static str, message: &str) -> Response {
    respond(
        status,
        "application/json",
        &json!({"__type": code, "message": message}),
        &[("x-amzn-errortype", format!("{code}:"))],
    )
}

fn method_not_allowed(allowed: &str) -> Response {
    control_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        &format!("This path accepts {allowed}."),
    )
}

fn ok(body: &Value) -> Response {
    respond(StatusCode::OK, "application/json", body, &[])
}

async fn health(State(mock): State<Mock>, method: Method) -> Response {
    match method {
        Method::GET => ok(&json!({"status": "ok", "now": mock.now()})),
        Method::OPTIONS => preflight(),
        _ => method_not_allowed("GET"),
    }
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

async fn messages(State(mock): State<Mock>, request: Request) -> Response {
    match *request.method() {
        Method::GET => {
            let filters = query_pairs(request.uri().query());
            let list: Vec<Value> = mock
                .messages()
                .into_iter()
                .filter(|m| {
                    filters.iter().all(|(k, v)| match k.as_str() {
                        "username" => &m.username == v,
                        "pool_id" => &m.pool_id == v,
                        "medium" => &m.medium == v,
                        "destination" => &m.destination == v,
                        "purpose" => &m.purpose == v,
                        _ => true,
                    })
                })
                .map(|m| serde_json::to_value(m).unwrap_or(Value::Null))
                .collect();
            ok(&Value::Array(list))
        }
        Method::DELETE => {
            mock.clear_messages();
            ok(&json!({}))
        }
        Method::OPTIONS => preflight(),
        _ => method_not_allowed("GET or DELETE"),
    }
}

async fn clock(State(mock): State<Mock>, request: Request) -> Response {
    let state = |mock: &Mock| json!({"now": mock.now(), "frozen": mock.clock().is_frozen()});
    match *request.method() {
        Method::GET => ok(&state(&mock)),
        Method::POST => {
            let body = match read_json(request.into_body()).await {
                Ok(v) => v,
                Err(e) => return control_error(StatusCode::BAD_REQUEST, e.code(), e.message()),
            };
            if let Err(message) = apply_clock(&mock, &body) {
                return control_error(StatusCode::BAD_REQUEST, codes::INVALID_PARAMETER, &message);
            }
            ok(&state(&mock))
        }
        Method::OPTIONS => preflight(),
        _ => method_not_allowed("GET or POST"),
    }
}

/// Applies `{"advance_seconds": N}`, `{"set": unix}` and/or `{"frozen": bool}`.
fn apply_clock(mock: &Mock, body: &Value) -> Result<(), String> {
    let Some(object) = body.as_object() else {
        return Err("The body must be a JSON object.".into());
    };
    if let Some(key) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "advance_seconds" | "set" | "frozen"))
    {
        return Err(format!(
            "Unknown clock field {key:?} (advance_seconds, set, frozen)."
        ));
    }
    let advance = match object.get("advance_seconds") {
        None => None,
        Some(v) => Some(v.as_i64().ok_or("advance_seconds must be an integer")?),
    };
    let set = match object.get("set") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or("set must be a non-negative integer (Unix seconds)")?,
        ),
    };
    let frozen = match object.get("frozen") {
        None => None,
        Some(v) => Some(v.as_bool().ok_or("frozen must be true or false")?),
    };
    if advance.is_none() && set.is_none() && frozen.is_none() {
        return Err("Give advance_seconds, set and/or frozen.".into());
    }
    if set.is_some_and(|set| set > crate::clock::MAX_UNIX_SECONDS) {
        return Err(format!("set: {}", crate::clock::OUT_OF_RANGE));
    }
    if let Some(seconds) = advance {
        let from = set.unwrap_or_else(|| mock.now());
        if from
            .checked_add_signed(seconds)
            .is_none_or(|t| t > crate::clock::MAX_UNIX_SECONDS)
        {
            return Err(format!("advance_seconds: {}", crate::clock::OUT_OF_RANGE));
        }
    }
    if let Some(frozen) = frozen {
        mock.clock().freeze(frozen);
    }
    if let Some(set) = set {
        mock.clock()
            .set(set)
            .ok_or_else(|| format!("set: {}", crate::clock::OUT_OF_RANGE))?;
    }
    if let Some(seconds) = advance {
        mock.clock()
            .advance(seconds)
            .ok_or_else(|| format!("advance_seconds: {}", crate::clock::OUT_OF_RANGE))?;
    }
    Ok(())
}

async fn reset(State(mock): State<Mock>, method: Method) -> Response {
    match method {
        Method::POST => match mock.reset() {
            Ok(()) => ok(&json!({})),
            Err(e) => control_error(StatusCode::INTERNAL_SERVER_ERROR, e.code(), &e.to_string()),
        },
        Method::OPTIONS => preflight(),
        _ => method_not_allowed("POST"),
    }
}

async fn jwks(State(mock): State<Mock>, Path(pool_id): Path<String>, method: Method) -> Response {
    if method == Method::OPTIONS {
        return preflight();
    }
    if method != Method::GET {
        return method_not_allowed("GET");
    }
    match mock.jwks(&pool_id).await {
        Ok(keys) => ok(&keys),
        Err(e) if e.code() == codes::RESOURCE_NOT_FOUND => {
            control_error(StatusCode::NOT_FOUND, e.code(), e.message())
        }
        Err(e) => control_error(StatusCode::INTERNAL_SERVER_ERROR, e.code(), e.message()),
    }
}

async fn openid_configuration(
    State(mock): State<Mock>,
    Path(pool_id): Path<String>,
    method: Method,
) -> Response {
    if method != Method::GET {
        return method_not_allowed("GET");
    }
    match mock.openid_configuration(&pool_id) {
        Ok(doc) => ok(&doc),
        Err(e) => control_error(StatusCode::NOT_FOUND, e.code(), e.message()),
    }
}

async fn not_found(request: Request) -> Response {
    control_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!(
            "No such path {}: the Cognito API is POST /, the test controls are under /_mock/.",
            request.uri().path()
        ),
    )
}
