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
///
/// A batch may carry [`Check`]s that refuse the whole write; [`crate::db::Db::write`] runs it
/// as a transaction of its own.
pub struct Batch {
    backend: Backend,
    statements: Vec<Sql>,
    steps: usize,
    checks: Vec<Guard>,
}

/// A condition of a [`Batch`] which, when it fails, stops the batch and refuses the write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check(usize);

/// Where a [`Check`] is decided. On SQLite by a statement of the batch that inserts a row into
/// `refusals` when the condition fails, which the table's constraint refuses, stopping the
/// batch inside SQLite (so the batch and its transaction stay one round trip). On PostgreSQL,
/// whose statements go one by one anyway, from the outcome of the statement at `step`.
struct Guard {
    step: usize,
    rule: Rule,
}

enum Rule {
    /// SQLite: the step is the check's own statement.
    Refused,
    /// The step changed exactly this many rows.
    Changed(u64),
    /// The step's query found nothing.
    NoRows,
}

/// The table SQLite's checks insert into (one per connection, made as it connects): any row
/// is refused by its constraint, whose name [`is_refusal`] looks for.
pub const SQLITE_REFUSALS: &str =
    "CREATE TEMP TABLE IF NOT EXISTS refusals (refused INTEGER CONSTRAINT write_refused CHECK (refused IS NULL))";

/// How a checked batch ended.
pub enum Ran {
    Done(Outcomes),
    /// A check failed: nothing of the batch stays. The outcomes are those of the statements
    /// before it.
    Refused(Check, Outcomes),
}

impl Batch {
    pub fn new(backend: Backend) -> Self {
        Batch { backend, statements: Vec::new(), steps: 0, checks: Vec::new() }
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

    /// Refuses the write unless `step`, the latest statement, changed exactly `rows` rows.
    pub fn expect_changed(&mut self, step: Step, rows: u64) -> Check {
        debug_assert_eq!(step.0 + 1, self.steps, "changes() reads the latest statement");
        match self.backend {
            Backend::Sqlite => {
                let own = self.add(|sql| {
                    sql.push(&format!("INSERT INTO temp.refusals (refused) SELECT 1 WHERE changes() <> {rows}"));
                });
                self.guard(own.0, Rule::Refused)
            }
            Backend::Postgres => self.guard(step.0, Rule::Changed(rows)),
        }
    }

    /// Refuses the write when the query written by `build` finds a row.
    pub fn refuse_if_found(&mut self, build: impl FnOnce(&mut Sql)) -> Check {
        match self.backend {
            Backend::Sqlite => {
                let own = self.add(|sql| {
                    sql.push("INSERT INTO temp.refusals (refused) SELECT 1 WHERE EXISTS (");
                    build(sql);
                    sql.push(")");
                });
                self.guard(own.0, Rule::Refused)
            }
            Backend::Postgres => {
                let own = self.add(build);
                self.guard(own.0, Rule::NoRows)
            }
        }
    }

    fn guard(&mut self, step: usize, rule: Rule) -> Check {
        self.checks.push(Guard { step, rule });
        Check(self.checks.len() - 1)
    }

    /// The row the batch's latest `INSERT` before the statement wrote (into `table`).
    pub fn inserted(&self, table: &str) -> RowRef {
        RowRef::Inserted(match self.backend {
            Backend::Sqlite => "last_insert_rowid()".into(),
            Backend::Postgres => format!("currval(pg_get_serial_sequence('{table}', 'id'))"),
        })
    }

    /// Runs the statements inside the caller's transaction; a failed check is an error.
    pub async fn run(self, conn: &mut sqlx::AnyConnection) -> Result<Outcomes, sqlx::Error> {
        match self.run_checked(conn, false).await? {
            Ran::Done(outcomes) => Ok(outcomes),
            Ran::Refused(..) => Err(sqlx::Error::Protocol("a check of the batch refused it".into())),
        }
    }

    /// Runs the statements and their checks; `own_transaction` (SQLite) sends `BEGIN
    /// IMMEDIATE` before them and `COMMIT` after them in the same text. On an error or a
    /// refusal the caller's connection is left inside the transaction, to be rolled back.
    pub(super) async fn run_checked(
        mut self,
        conn: &mut sqlx::AnyConnection,
        own_transaction: bool,
    ) -> Result<Ran, sqlx::Error> {
        use futures_util::TryStreamExt;
        use sqlx::{Either, Executor};
        let wrapped = own_transaction && self.backend == Backend::Sqlite;
        if wrapped {
            if self.statements.is_empty() {
                self.statements.push(Sql::default());
            }
            let text = &mut self.statements[0].text;
            *text = if text.is_empty() { "BEGIN IMMEDIATE".into() } else { format!("BEGIN IMMEDIATE;\n{text}") };
            self.statements[0].push(";\nCOMMIT");
        }
        // The outcomes of BEGIN and COMMIT are not the batch's.
        let skipped = usize::from(wrapped);
        let mut all = Vec::with_capacity(self.steps + 2 * skipped);
        for sql in &self.statements {
            let mut results = (&mut *conn).fetch_many(sql.query());
            let mut current = Outcome::default();
            // Each statement's rows, then its count of changed rows.
            loop {
                match results.try_next().await {
                    Ok(Some(Either::Right(row))) => current.rows.push(row),
                    Ok(Some(Either::Left(done))) => {
                        current.affected = done.rows_affected();
                        all.push(std::mem::take(&mut current));
                        let Some(step) = (all.len() - 1).checked_sub(skipped) else { continue };
                        if let Some(check) = self.failed(step, &all[step + skipped]) {
                            return Ok(Ran::Refused(check, Outcomes(all.split_off(skipped))));
                        }
                    }
                    Ok(None) => break,
                    Err(err) if is_refusal(&err) => {
                        // The statement that failed is the one after the last that answered.
                        let step = all.len().saturating_sub(skipped);
                        let check = self.checks.iter().position(|g| g.step == step && matches!(g.rule, Rule::Refused));
                        let Some(check) = check else { return Err(err) };
                        return Ok(Ran::Refused(Check(check), Outcomes(all.split_off(skipped.min(all.len())))));
                    }
                    Err(err) => return Err(err),
                }
            }
        }
        if all.len() != self.steps + 2 * skipped {
            return Err(sqlx::Error::Protocol(format!("{} statements answered {} times", self.steps, all.len())));
        }
        all.truncate(self.steps + skipped);
        Ok(Ran::Done(Outcomes(all.split_off(skipped))))
    }

    /// The check that the outcome of the statement at `step` fails, if any (PostgreSQL's rules).
    fn failed(&self, step: usize, outcome: &Outcome) -> Option<Check> {
        self.checks.iter().enumerate().find_map(|(i, g)| {
            let fails = g.step == step
                && match g.rule {
                    Rule::Refused => false,
                    Rule::Changed(rows) => outcome.affected != rows,
                    Rule::NoRows => !outcome.rows.is_empty(),
                };
            fails.then_some(Check(i))
        })
    }
}

/// True when the error is SQLite refusing a check's row ([`SQLITE_REFUSALS`]).
fn is_refusal(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.message().contains("write_refused"))
}

/// Every statement's [`Outcome`], by [`Step`].
pub struct Outcomes(Vec<Outcome>);

impl std::ops::Index<Step> for Outcomes {
    type Output = Outcome;
    fn index(&self, step: Step) -> &Outcome {
        &self.0[step.0]
    }
}
