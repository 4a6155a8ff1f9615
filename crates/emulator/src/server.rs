//! The HTTP side: the route table, the secret-key check, Clerk's 404 for everything the
//! emulator does not model, and a server that stops when asked.

use super::reply::ApiError;
use super::{
    allowlist_identifiers, clients, email_addresses::EmailAddress, frontend, identifiers,
    invitations, jwks, memberships, organization_invitations, organizations,
    phone_numbers::PhoneNumber, redirect_urls, sessions, sign_in_tokens, users, State,
};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A listening server.
pub struct Running {
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Running {
    /// Stops accepting at once; open requests get a second to finish.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let mut task = self.task;
        if tokio::time::timeout(Duration::from_secs(1), &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
}

/// Every modeled route, under `/v1`.
pub fn router(state: State) -> Router {
    let v1 = Router::new()
        .merge(users::routes())
        .merge(identifiers::routes::<EmailAddress>())
        .merge(identifiers::routes::<PhoneNumber>())
        .merge(sessions::routes())
        .merge(clients::routes())
        .merge(organizations::routes())
        .merge(memberships::routes())
        .merge(organization_invitations::routes())
        .merge(invitations::routes())
        .merge(allowlist_identifiers::routes())
        .merge(redirect_urls::routes())
        .merge(sign_in_tokens::routes())
        .merge(jwks::routes())
        .merge(frontend::api_routes());
    let api = Router::new()
        .nest("/v1", v1)
        .fallback(not_modeled)
        .method_not_allowed_fallback(not_modeled)
        .layer(middleware::from_fn_with_state(state.clone(), count_changes))
        .layer(middleware::from_fn_with_state(state.clone(), authenticate));
    // The browser's side (sign-in page, Frontend API, clerk-js) takes no secret key.
    Router::new()
        .merge(frontend::public_routes())
        .merge(api)
        .layer(middleware::from_fn(trace))
        .layer(DefaultBodyLimit::max(10 * 1024 * 1024))
        .with_state(state)
}

/// Every answer carries a trace id, as Clerk's do (`cf-ray`, which v4 reads as
/// `clerkTraceId` and `CLERK_LOGGING` prints, and `x-clerk-trace-id`).
async fn trace(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Ok(id) = axum::http::HeaderValue::from_str(&super::reply::trace_id()) {
        let headers = response.headers_mut();
        headers.insert("x-clerk-trace-id", id.clone());
        headers.insert("cf-ray", id);
    }
    response
}

/// Clerk answers an unknown route with its 404 body, as the emulator does for every
/// endpoint it does not model.
async fn not_modeled() -> Response {
    ApiError::not_found().into_response()
}

/// `Authorization: Bearer <secret key>` on every call, compared in constant time.
async fn authenticate(
    axum::extract::State(state): axum::extract::State<State>,
    request: Request,
    next: Next,
) -> Response {
    let given = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let expected = state.secret_key.as_bytes();
    if aws_lc_rs::constant_time::verify_slices_are_equal(given.as_bytes(), expected).is_err() {
        return ApiError::unauthorized().into_response();
    }
    next.run(request).await
}

/// A successful write request counts as a change of the records (`Shared::changed`).
async fn count_changes(
    axum::extract::State(state): axum::extract::State<State>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(request.method(), &Method::GET | &Method::HEAD);
    let response = next.run(request).await;
    if writes && response.status().is_success() {
        state.changed();
    }
    response
}

/// Binds `host:port` and serves until `Running::stop`.
pub async fn start(state: State, host: &str, port: u16) -> Result<Running, String> {
    let listener = tokio::net::TcpListener::bind((host, port))
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                format!("startEmulator: port {port} is in use on {host}; pass another port (0 picks a free one)")
            }
            _ => format!("startEmulator: cannot listen on {host}:{port} ({e})"),
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("startEmulator: {e}"))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(state);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok(Running { addr, stop, task })
}
