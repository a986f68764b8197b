//! Storage: one interface over SQLite (default, a file, zero set-up) and PostgreSQL (by
//! `DATABASE_URL`, for scale).
//!
//! Handlers never write SQL; they call the functions of the submodules. The SQL there is
//! portable (`$1` placeholders, which sqlx's SQLite driver binds by number too; `RETURNING`;
//! `ON CONFLICT`); where the dialects must differ, the function asks [`Db::backend`].

pub mod audit;
pub mod communities;
pub mod credit;
pub mod disputes;
pub mod impact;
pub mod listings;
pub mod locks;
pub mod markets;
pub mod moderation;
pub mod photos;
pub mod ratings;
pub mod recycling;
pub mod search_index;
pub mod sessions;
pub mod sql;
pub mod throttle;
pub mod trades;
pub mod trust;
pub mod users;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The connection pool, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// The trust walk this server keeps between sweeps, so new trades are taken in locally.
    pub(crate) trust: std::sync::Arc<tokio::sync::Mutex<Option<trust::Cache>>>,
    /// SQLite's one write lock, taken in turn by this process's writers (see [`WriteTx`]), with
    /// the connection every write transaction runs on (opened on first use).
    writers: std::sync::Arc<tokio::sync::Mutex<Option<sqlx::AnyConnection>>>,
    options: AnyConnectOptions,
}

/// This process's turn to write on SQLite ([`Db::write_turn`]).
pub type Turn = tokio::sync::OwnedMutexGuard<Option<sqlx::AnyConnection>>;

/// A transaction that may write; it derefs to its connection (`&mut *tx`).
///
/// On SQLite the writers of this process queue here for the database's single write lock,
/// first come first served, instead of in SQLite's busy handler, which sleeps 1, 2, 5 … 100 ms
/// between tries: with ten writers at once that sleeping, not the writing, made most of a
/// write's time (p99 over 100 ms). There it runs on the connection kept for writes (see
/// [`Db::write`]), its `BEGIN IMMEDIATE`, `COMMIT` and `ROLLBACK` sent as statements.
pub struct WriteTx(Open);

enum Open {
    /// PostgreSQL: the pool's transaction.
    Pool(sqlx::Transaction<'static, sqlx::Any>),
    /// SQLite: the turn with the kept connection inside the transaction, until it ends.
    Kept(Option<Turn>),
}

impl WriteTx {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.end("COMMIT").await
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        self.end("ROLLBACK").await
    }

    async fn end(&mut self, statement: &'static str) -> Result<(), sqlx::Error> {
        match &mut self.0 {
            Open::Pool(_) => {
                let Open::Pool(tx) = std::mem::replace(&mut self.0, Open::Kept(None)) else { unreachable!() };
                if statement == "COMMIT" {
                    tx.commit().await
                } else {
                    tx.rollback().await
                }
            }
            Open::Kept(turn) => {
                let mut turn = turn.take().expect("an open transaction has its turn");
                let mut open = OpenWrite(&mut turn, false);
                let conn = open.0.as_mut().expect("the turn of an open transaction has its connection");
                let ended = sqlx::query(statement).execute(&mut *conn).await.map(|_| ());
                if ended.is_err() && sqlx::query("ROLLBACK").execute(&mut *conn).await.is_err() {
                    return ended; // closes the connection
                }
                open.1 = true;
                ended
            }
        }
    }
}

/// A transaction dropped without its end (an error returned early, the request dropped) is
/// rolled back before the turn passes on; without a runtime to do so, its connection is closed.
impl Drop for WriteTx {
    fn drop(&mut self) {
        let Open::Kept(Some(mut turn)) = std::mem::replace(&mut self.0, Open::Kept(None)) else { return };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Some(conn) = turn.as_mut() {
                        if sqlx::query("ROLLBACK").execute(conn).await.is_err() {
                            turn.take();
                        }
                    }
                });
            }
            Err(_) => {
                turn.take();
            }
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        match &self.0 {
            Open::Pool(tx) => tx,
            Open::Kept(turn) => turn.as_ref().and_then(|t| t.as_ref()).expect("an open transaction has its connection"),
        }
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        match &mut self.0 {
            Open::Pool(tx) => tx,
            Open::Kept(turn) => turn.as_mut().and_then(|t| t.as_mut()).expect("an open transaction has its connection"),
        }
    }
}

/// SQLite's settings for every connection. WAL lets readers work while one writer commits;
/// waits instead of failing when another connection holds the write lock. Pages are read
/// through a memory map shared by every connection (not copied into each connection's small
/// page cache): a search that checks thousands of rows took half the time.
async fn prepare_sqlite(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
         PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
         PRAGMA mmap_size = 1073741824;",
    )
    .await?;
    conn.execute(sql::SQLITE_REFUSALS).await?;
    Ok(())
}

/// The kept write connection while a statement that begins, runs or ends its transaction is
/// under way: if that stops half-way (the request was dropped, the rollback failed), the
/// connection is dropped, which closes it and rolls the transaction back, and the next write
/// opens a new one.
struct OpenWrite<'a>(&'a mut Option<sqlx::AnyConnection>, bool);

impl Drop for OpenWrite<'_> {
    fn drop(&mut self) {
        if !self.1 {
            self.0.take();
        }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Db, crate::error::AppError> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);

        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(crate::error::AppError::internal(format!(
                "DATABASE_URL must start with sqlite: or postgres:, got {url:?}"
            )));
        };
        if backend == Backend::Sqlite {
            ensure_sqlite_dir(url)?;
        }
        let options = AnyConnectOptions::from_str(url)?;
        if backend == Backend::Postgres {
            // One connection first, so an unreachable server or a wrong password is reported as
            // such (the pool would only say it timed out).
            use sqlx::ConnectOptions;
            let conn = tokio::time::timeout(Duration::from_secs(10), options.connect())
                .await
                .map_err(|_| crate::error::AppError::internal("no answer from the database server in 10 s"))??;
            sqlx::Connection::close(conn).await?;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            // A connection to a local file cannot go stale: no ping (a round trip to its worker
            // thread) before every query. A server's connections can: they are checked.
            .test_before_acquire(backend != Backend::Sqlite)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        prepare_sqlite(conn).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await?;
        let db = Db { pool, backend, trust: Default::default(), writers: Default::default(), options };
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&db.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&db.pool).await?,
        }
        search_index::reindex_if_needed(&db).await?;
        Ok(db)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction that may write. On SQLite it takes the write lock at `BEGIN IMMEDIATE`,
    /// after its turn among this process's writers: a deferred transaction that read first and
    /// writes second fails at once with "database is locked" when another writer went ahead,
    /// which concurrent requests turned into 500s. Waiting for the turn is bounded like the
    /// busy timeout, so a transaction begun inside another fails instead of hanging.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        let Some(mut turn) = self.write_turn().await? else {
            return Ok(WriteTx(Open::Pool(self.pool.begin().await?)));
        };
        self.kept(&mut turn).await?;
        // Cut off before its answer, the connection may be inside the transaction already.
        let mut open = OpenWrite(&mut turn, false);
        let conn = open.0.as_mut().expect("opened above");
        sqlx::query("BEGIN IMMEDIATE").execute(conn).await?;
        open.1 = true;
        drop(open);
        Ok(WriteTx(Open::Kept(Some(turn))))
    }

    /// The connection kept for writes, opened when there is none.
    async fn kept<'t>(&self, turn: &'t mut Turn) -> Result<&'t mut sqlx::AnyConnection, sqlx::Error> {
        if turn.is_none() {
            use sqlx::ConnectOptions;
            let mut conn = self.options.connect().await?;
            prepare_sqlite(&mut conn).await?;
            **turn = Some(conn);
        }
        Ok(turn.as_mut().expect("opened above"))
    }

    /// Runs `batch` as a transaction of its own, refused as a whole when one of its checks
    /// fails. On SQLite it runs on the connection kept for writes, in this process's turn, and
    /// its `BEGIN IMMEDIATE`, the batch and its `COMMIT` are one round trip to that connection's
    /// worker thread, where a [`WriteTx`] takes three (each 0.5 ms on a busy 2-core VM). Writes
    /// keep one connection because a pool's connection had seen other connections' commits
    /// since its last use, so SQLite dropped its page cache and memory map and read them anew;
    /// the kept connection sees only its own commits in a run of writes.
    pub async fn write(&self, batch: sql::Batch) -> Result<sql::Ran, sqlx::Error> {
        let Some(mut turn) = self.write_turn().await? else {
            let mut tx = self.begin().await?;
            let ran = batch.run_checked(&mut tx, false).await?;
            match ran {
                sql::Ran::Done(_) => tx.commit().await?,
                sql::Ran::Refused(..) => tx.rollback().await?,
            }
            return Ok(ran);
        };
        self.kept(&mut turn).await?;
        let mut open = OpenWrite(&mut turn, false);
        let conn = open.0.as_mut().expect("opened above");
        let ran = batch.run_checked(conn, true).await;
        if !matches!(ran, Ok(sql::Ran::Done(_))) && sqlx::query("ROLLBACK").execute(&mut *conn).await.is_err() {
            return ran; // closes the connection
        }
        open.1 = true;
        ran
    }

    /// This process's turn to write on SQLite (PostgreSQL needs none), held by a transaction or
    /// around a single statement that writes on its own.
    pub async fn write_turn(&self) -> Result<Option<Turn>, sqlx::Error> {
        if self.backend == Backend::Postgres {
            return Ok(None);
        }
        let turn = tokio::time::timeout(Duration::from_secs(10), self.writers.clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?;
        Ok(Some(turn))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        if let Some(conn) = self.writers.lock().await.take() {
            let _ = sqlx::Connection::close(conn).await;
        }
        self.pool.close().await;
    }
}

/// SQLite creates the file but not its directory (`sqlite://data/linli.db`).
fn ensure_sqlite_dir(url: &str) -> Result<(), crate::error::AppError> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with(":memory:") {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(crate::error::AppError::internal)?;
    }
    Ok(())
}

/// Unix seconds now: the one clock of the server, stored as BIGINT everywhere.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// `'a', 'b'`: the states a move of a transition table starts from, for `state IN (…)`. The
/// keys are the contract's own constants, never input, so they are written into the SQL.
pub fn quoted_keys(keys: impl IntoIterator<Item = &'static str>) -> String {
    keys.into_iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ")
}

/// True when the error is a violation of the named unique constraint/index, so a race lost
/// to another request becomes a typed conflict instead of a 500.
pub fn is_unique_violation(err: &sqlx::Error, constraint_hint: &str) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                && (db.constraint().is_some_and(|c| c.contains(constraint_hint))
                    || db.message().contains(constraint_hint))
        }
        _ => false,
    }
}
