//! SQL built at run time (filters, lists of keys), its placeholders numbered as arguments are
//! added, so the same text runs on SQLite and PostgreSQL.

use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, Arguments};

/// A value bound to a placeholder of a query built at run time.
pub enum Arg {
    Int(i64),
    Text(String),
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
