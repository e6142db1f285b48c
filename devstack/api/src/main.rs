//! `wallaroo-standin`: serves the users API on one port and the IdP's internal account API on
//! another, both on loopback by default.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use tokio::net::TcpListener;
use wallaroo_standin::auth::Verifier;
use wallaroo_standin::routes::{internal_router, public_router, AppState};
use wallaroo_standin::seed::{ensure_synthetic, ensure_synthetic_workspaces, seed_from_file};
use wallaroo_standin::store::Store;

#[derive(Debug, Parser)]
#[command(version, about = "Stand-in for the Wallaroo MLOps users API")]
struct Args {
    /// Address of the public API (what the ingress proxies /v1/api/ to).
    #[arg(long, env = "STANDIN_LISTEN", default_value = "127.0.0.1:8091")]
    listen: SocketAddr,
    /// Address of the internal account API the IdP uses; keep it on loopback.
    #[arg(long, env = "STANDIN_INTERNAL_LISTEN", default_value = "127.0.0.1:8092")]
    internal_listen: SocketAddr,
    /// SQLite file holding the users.
    #[arg(long, env = "STANDIN_DB", default_value = ".devstack/users.sqlite")]
    db: PathBuf,
    /// The only token issuer accepted, e.g. http://127.0.0.1:8080/auth/realms/master.
    #[arg(long, env = "STANDIN_ISSUER")]
    issuer: String,
    /// Where the IdP's signing keys are, e.g. http://127.0.0.1:8093/auth/realms/master/protocol/openid-connect/certs.
    #[arg(long, env = "STANDIN_JWKS_URL")]
    jwks_url: String,
    /// Seed file read on first start (when the store is empty).
    #[arg(long, env = "STANDIN_SEED", default_value = "devstack/seed/users.json")]
    seed: PathBuf,
    /// Ensure at least this many synthetic users exist (for benchmarks; up to 100,000 or more).
    #[arg(long, env = "STANDIN_SYNTHETIC", default_value_t = 0)]
    synthetic: u32,
    /// Active users the licence allows (Community: 5); 0 means unlimited (Enterprise).
    #[arg(long, env = "STANDIN_SEAT_LIMIT", default_value_t = 0)]
    seat_limit: u32,
    /// The one browser origin allowed to call the API across origins (the panel's, when it is
    /// served from another host); unset: same origin only, no CORS headers at all.
    #[arg(long, env = "STANDIN_CORS_ORIGIN")]
    cors_origin: Option<String>,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = Args::parse();
    if let Err(message) = run(args).await {
        eprintln!("wallaroo-standin: {message}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let started = Instant::now();
    if let Some(dir) = args.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let store = Store::open(&args.db).map_err(|e| format!("{}: {e}", args.db.display()))?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    if store.count().map_err(|e| e.msg)? == 0 {
        let added = seed_from_file(&store, &args.seed, now)?;
        tracing::info!(added, seed = %args.seed.display(), "seeded the demo realm");
    }
    if args.synthetic > 0 {
        let added = ensure_synthetic(&store, args.synthetic, now).map_err(|e| e.msg)?;
        let workspaces = ensure_synthetic_workspaces(&store, args.synthetic, now).map_err(|e| e.msg)?;
        tracing::info!(added, total = args.synthetic, workspaces, "synthetic users and workspaces ready");
    }
    let state = Arc::new(AppState {
        store,
        verifier: Verifier::new(args.issuer, args.jwks_url),
        seat_limit: (args.seat_limit > 0).then_some(args.seat_limit),
        list_cache: Default::default(),
    });
    let public = TcpListener::bind(args.listen).await.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let internal = TcpListener::bind(args.internal_listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.internal_listen))?;
    tracing::info!(public = %args.listen, internal = %args.internal_listen, ready_ms = started.elapsed().as_millis() as u64, "listening");
    let router = match args.cors_origin.as_deref().filter(|o| !o.is_empty()) {
        Some(origin) => with_cors(public_router(state.clone()), origin)?,
        None => public_router(state.clone()),
    };
    let public = axum::serve(public, router).with_graceful_shutdown(shutdown());
    let internal = axum::serve(internal, internal_router(state)).with_graceful_shutdown(shutdown());
    tokio::try_join!(async { public.await }, async { internal.await }).map_err(|e| e.to_string())?;
    Ok(())
}

/// CORS as a browser needs it for the panel's JSON POSTs with a bearer token: the one origin
/// given (never a wildcard), POST, the `Authorization` and `Content-Type` headers, and no
/// credentials (the token travels in a header, never in a cookie).
fn with_cors(router: axum::Router, origin: &str) -> Result<axum::Router, String> {
    use axum::http::{header, HeaderValue, Method};
    let origin: HeaderValue =
        origin.parse().map_err(|_| format!("STANDIN_CORS_ORIGIN {origin:?} is not a valid origin"))?;
    // Answered only to that origin: any other gets no CORS header at all.
    let allowed = tower_http::cors::AllowOrigin::predicate(move |asking: &HeaderValue, _| *asking == origin);
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(allowed)
        .allow_methods([Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600));
    Ok(router.layer(cors))
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
}
