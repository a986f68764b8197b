//! `linli-server`: serve the app, or administer it from the command line.

use clap::{Parser, Subcommand};
use linli_contract::auth::Role;
use linli_contract::moderation::{AuditAction, AuditFact, AuditTarget};
use linli_server::db::{audit, users, Db};
use linli_server::media::Media;
use linli_server::{app, seed, AppState, Config};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "linli-server", version, about = "Linli (邻里) community reuse marketplace: the backend")]
struct Cli {
    /// `sqlite://path/to/file.db` (default) or `postgres://user:pass@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/linli.db?mode=rwc", global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (the default command).
    Serve(ServeArgs),
    /// Create or update the database schema, then exit.
    Migrate,
    /// Add the demo data to an empty database, then exit.
    Seed {
        #[command(flatten)]
        media: MediaArgs,
    },
    /// Give a role (organiser or moderator) to a user, by phone, e-mail or display name.
    GrantRole { user: String, role: String },
    /// Take a role away from a user.
    RevokeRole { user: String, role: String },
    /// Import recycling points from an OpenStreetMap extract (GeoJSON or OSM XML); running it
    /// again with the same file changes nothing.
    ImportOsm { file: PathBuf },
}

/// Where photos are kept.
#[derive(clap::Args)]
struct MediaArgs {
    /// Directory of uploaded photos (when no object store is configured).
    #[arg(long = "media", env = "LINLI_MEDIA_DIR", default_value = "data/media")]
    dir: PathBuf,
    /// S3-compatible object storage for photos, `s3://bucket/prefix`, shared by every server;
    /// endpoint, region and keys from `AWS_ENDPOINT`, `AWS_DEFAULT_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_ALLOW_HTTP=true` for plain HTTP).
    #[arg(long = "media-url", env = "LINLI_MEDIA_URL")]
    url: Option<String>,
}

impl MediaArgs {
    /// The photo store, checked: a store that cannot be written is one clear line at start.
    async fn open(&self) -> Result<Media, String> {
        let media = match self.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Media::from_url(url)?,
            None => Media::new(&self.dir)
                .map_err(|e| format!("cannot use the photo directory {}: {e}", self.dir.display()))?,
        };
        media.check().await?;
        Ok(media)
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    #[arg(long, env = "LINLI_ADDR", default_value = "127.0.0.1:8080")]
    addr: Option<SocketAddr>,
    /// Directory of the built web app.
    #[arg(long, env = "LINLI_DIST", default_value = "dist")]
    dist: PathBuf,
    #[command(flatten)]
    media: MediaArgs,
    /// Seed demo data when the database has no accounts yet.
    #[arg(long)]
    seed: bool,
    /// Mark the session cookie Secure (serve behind HTTPS).
    #[arg(long, env = "LINLI_SECURE_COOKIES")]
    secure_cookies: bool,
    /// How many reverse proxies of yours stand in front of the server (0: none). The client
    /// address is then the right-most X-Forwarded-For hop they did not write.
    #[arg(long, env = "LINLI_TRUST_PROXY", default_value_t = 0)]
    trust_proxy: usize,
    /// Accounts one client address may open per 15 minutes.
    #[arg(long, env = "LINLI_SIGNUPS_PER_IP", default_value_t = linli_server::SIGNUPS_PER_IP)]
    signups_per_ip: i64,
    /// Multiplies every per-account write budget (tests that create much from one account).
    #[arg(long, env = "LINLI_WRITE_LIMIT_FACTOR", default_value_t = 1)]
    write_limit_factor: i64,
    /// URL template of map tiles, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`;
    /// without it maps show their markers on a plain background.
    #[arg(long, env = "LINLI_MAP_TILES")]
    map_tiles: Option<String>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "linli_server=info,tower_http=warn,sqlx=warn".into()),
        )
        .init();
    let mut cli = Cli::parse();
    if cli.command.is_none() {
        // `serve` is the default command.
        cli = Cli::parse_from(std::env::args().chain(["serve".to_string()]));
    }
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    // One clear line and a non-zero exit when the database is wrong or unreachable.
    let db = Db::connect(&cli.database_url)
        .await
        .map_err(|e| format!("cannot use the database {}: {e}", redact(&cli.database_url)))?;
    users::backfill_skeletons(&db).await?;
    match cli.command.expect("main() defaults to serve") {
        Command::Serve(args) => serve(db, args).await?,
        Command::Migrate => println!("database is up to date"),
        Command::Seed { media } => {
            let seeded = seed::seed_if_empty(&db, &media.open().await?).await?;
            println!(
                "{}",
                if seeded { seed::demo_accounts_text() } else { "database already has data; not seeded".into() }
            );
        }
        Command::GrantRole { user, role } => change_role(&db, &user, &role, true).await?,
        Command::RevokeRole { user, role } => change_role(&db, &user, &role, false).await?,
        Command::ImportOsm { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let report = linli_server::osm_import::import(&db, linli_server::db::now(), &text).await??;
            print!("{report}");
        }
    }
    Ok(())
}

async fn serve(db: Db, args: ServeArgs) -> Result<(), Box<dyn std::error::Error>> {
    let media = args.media.open().await?;
    if args.seed && seed::seed_if_empty(&db, &media).await? {
        println!("Seeded demo data.\n{}", seed::demo_accounts_text());
    }
    let addr = args.addr.unwrap_or_else(|| "127.0.0.1:8080".parse().expect("valid default"));
    let config = Config {
        dist_dir: args.dist,
        secure_cookies: args.secure_cookies,
        trusted_proxies: args.trust_proxy,
        signups_per_ip: args.signups_per_ip,
        write_limits: linli_server::limits::WriteLimits::default().scaled(args.write_limit_factor),
        map_tiles: args.map_tiles.filter(|t| !t.trim().is_empty()),
    };
    if let Some(code) = linli_server::setup::issue_if_needed(&db).await? {
        println!(
            "No moderator yet. One-time set-up code (valid {} hours): {code}\n\
             Sign up with it on the register page to become the first moderator \
             (or run `linli-server grant-role <user> moderator`).",
            linli_server::setup::CODE_TTL_SECS / 3600
        );
    }
    let state = AppState::new(db.clone(), config, media);
    // What time decides (expiry, lapsed hand-overs, ratings revealed) is persisted here, not by
    // reads. Every server runs this; one sweeps at a time and each due item moves once.
    let sweeper = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(linli_server::sweep::EVERY_SECS));
        loop {
            tick.tick().await;
            if let Err(e) = linli_server::sweep::run_once(&sweeper.db, sweeper.now()).await {
                tracing::warn!(error = %e, "sweep failed");
            }
        }
    });
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("Linli is running at http://{}/", listener.local_addr()?);
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    db.close().await;
    Ok(())
}

async fn change_role(db: &Db, who: &str, role: &str, grant: bool) -> Result<(), Box<dyn std::error::Error>> {
    let role = Role::parse(role)
        .filter(|r| r.is_grantable())
        .ok_or_else(|| format!("unknown role {role:?}: use organiser or moderator"))?;
    let user = match who.parse::<i64>() {
        Ok(id) if !who.starts_with('1') || who.len() != 11 => users::find(db, id).await?,
        _ => users::find_by_login(db, who).await?,
    }
    .ok_or_else(|| format!("no user {who:?} (give a phone, e-mail, display name or id)"))?;
    if grant {
        users::grant_role(db, user.id, role, None).await?;
    } else {
        users::revoke_role(db, user.id, role).await?;
    }
    let action = if grant { AuditAction::GrantRole } else { AuditAction::RevokeRole };
    audit::record(
        db,
        audit::Entry {
            actor_id: None,
            action,
            target_kind: AuditTarget::User,
            target_id: Some(user.id),
            detail: "",
            fact: AuditFact::Role { role },
        },
    )
    .await?;
    let roles: Vec<_> = users::roles(db, user.id).await?.iter().map(|r| r.as_str()).collect();
    println!("{} (id {}) now has roles: {}", user.display_name, user.id, roles.join(", "));
    Ok(())
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
