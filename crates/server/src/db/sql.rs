//! SQL built at run time (filters, lists of keys), its placeholders numbered as arguments are
//! added, so the same text runs on SQLite and PostgreSQL.

use super::Backend;
use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, Arguments};

/// A value bound to a placeholder of a query built at run time.
pub enum Arg {
    Int(i64),
    Text(String),
    MaybeInt(Option<i64>),
    MaybeText(Option<String>),
}

/// SQL text and its arguments, numbering placeholders as they are added.
#[derive(Default)]
pub struct Sql {
    pub text: String,
    args: Vec<Arg>,
    /// Planned with its values each time, not kept as a prepared statement: PostgreSQL's
    /// generic plan for a keyword condition cannot see how common the words are (it walked
    /// the whole word index for a common word) and parses the query text again for every row.
    pub planned_per_query: bool,
}

impl Sql {
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder for `arg`.
    pub fn arg(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }

    /// Adds `arg` and returns its placeholder, for SQL that uses it more than once.
    pub fn param(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    /// `(ph, ph, …)`: a placeholder for each of `args`, for `IN` lists.
    pub fn list(&mut self, args: impl IntoIterator<Item = Arg>) -> &mut Self {
        self.push("(");
        for (i, arg) in args.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.arg(arg);
        }
        self.push(")")
    }

    fn arguments(&self) -> AnyArguments<'_> {
        let mut args = AnyArguments::default();
        for a in &self.args {
            // Encoding into AnyArguments only fails for unsupported types; these are supported.
            let _ = match a {
                Arg::Int(v) => args.add(*v),
                Arg::Text(v) => args.add(v.clone()),
                Arg::MaybeInt(v) => args.add(*v),
                Arg::MaybeText(v) => args.add(v.clone()),
            };
        }
        args
    }

    pub fn query_as<'q, T>(&'q self) -> QueryAs<'q, Any, T, AnyArguments<'q>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as_with(&self.text, self.arguments()).persistent(!self.planned_per_query)
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.text, self.arguments()).persistent(!self.planned_per_query)
    }
}

/// Which statement of a [`Batch`] an outcome belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Step(usize);

/// A row a statement of a [`Batch`] refers to.
pub enum RowRef {
    Id(i64),
    /// One an earlier statement of the batch inserted ([`Batch::inserted`]).
    Inserted(String),
}

impl RowRef {
    /// The row's id in the statement being written.
    pub fn in_sql(&self, sql: &mut Sql) -> String {
        match self {
            RowRef::Id(id) => sql.param(Arg::Int(*id)),
            RowRef::Inserted(expr) => expr.clone(),
        }
    }
}

/// What one statement of a [`Batch`] returned.
#[derive(Default)]
pub struct Outcome {
    pub rows: Vec<sqlx::any::AnyRow>,
    pub affected: u64,
}

/// Statements that run in order on one connection, inside the caller's transaction. On SQLite
/// they are one text with one argument list (placeholders numbered across them), sent to the
/// connection's worker thread at once: each statement is otherwise a round trip to that thread
/// made while holding the one write lock, and the thread hand-offs were most of a listing
/// write's time. On PostgreSQL, whose prepared statements are single, one by one.
pub struct Batch {
    backend: Backend,
    statements: Vec<Sql>,
    steps: usize,
}

impl Batch {
    pub fn new(backend: Backend) -> Self {
        Batch { backend, statements: Vec::new(), steps: 0 }
    }

    /// Adds a statement, written by `build`.
    pub fn add(&mut self, build: impl FnOnce(&mut Sql)) -> Step {
        match (self.backend, self.statements.last_mut()) {
            (Backend::Sqlite, Some(joined)) => {
                joined.push(";\n");
                build(joined);
            }
            _ => {
                let mut sql = Sql::default();
                build(&mut sql);
                self.statements.push(sql);
            }
        }
        self.steps += 1;
        Step(self.steps - 1)
    }

    /// The row the batch's latest `INSERT` before the statement wrote (into `table`).
    pub fn inserted(&self, table: &str) -> RowRef {
        RowRef::Inserted(match self.backend {
            Backend::Sqlite => "last_insert_rowid()".into(),
            Backend::Postgres => format!("currval(pg_get_serial_sequence('{table}', 'id'))"),
        })
    }

    pub async fn run(self, conn: &mut sqlx::AnyConnection) -> Result<Outcomes, sqlx::Error> {
        use futures_util::TryStreamExt;
        use sqlx::{Either, Executor};
        let mut outcomes = Vec::with_capacity(self.steps);
        for sql in &self.statements {
            let mut results = (&mut *conn).fetch_many(sql.query());
            let mut current = Outcome::default();
            // Each statement's rows, then its count of changed rows.
            while let Some(result) = results.try_next().await? {
                match result {
                    Either::Right(row) => current.rows.push(row),
                    Either::Left(done) => {
                        current.affected = done.rows_affected();
                        outcomes.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if outcomes.len() != self.steps {
            return Err(sqlx::Error::Protocol(format!("{} statements answered {} times", self.steps, outcomes.len())));
        }
        Ok(Outcomes(outcomes))
    }
}

/// Every statement's [`Outcome`], by [`Step`].
pub struct Outcomes(Vec<Outcome>);

impl std::ops::Index<Step> for Outcomes {
    type Output = Outcome;
    fn index(&self, step: Step) -> &Outcome {
        &self.0[step.0]
    }
}
