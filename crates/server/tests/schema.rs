//! The SQLite and PostgreSQL schemas must stay the same: tables, columns and their types,
//! nullability, primary keys, indexes (unique, partial), foreign keys and CHECK constraints.
//! Runs when `LINLI_TEST_POSTGRES` names a PostgreSQL server (`cargo xtask test` does).
//!
//! The one intended difference is the keyword index: SQLite's FTS5 table `listings_fts` (and
//! its triggers) against PostgreSQL's stored word vector `listings.search_vector` (generated
//! from the same columns) and its GIN index `listings_search_vector`.

mod common;

use linli_server::db::Db;
use std::collections::BTreeSet;

/// One fact of a schema, comparable across the two databases.
type Facts = BTreeSet<String>;

fn norm_type(t: &str) -> &'static str {
    match t.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "int",
        "text" => "text",
        "real" | "double precision" => "float",
        other => panic!("a column type this test does not know: {other}"),
    }
}

async fn sqlite_facts(db: &Db) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx_%' AND name NOT LIKE 'listings_fts%'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    for (table, sql) in tables {
        facts.insert(format!("table {table}"));
        let columns: Vec<(String, String, i64, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(db.pool())
                .await
                .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (name, ty, notnull, in_pk) in columns {
            let not_null = notnull != 0 || in_pk != 0;
            facts.insert(format!(
                "column {table}.{name} {} {}",
                norm_type(&ty),
                if not_null { "not null" } else { "null" }
            ));
            if in_pk != 0 {
                pk.push((in_pk, name));
            }
        }
        pk.sort();
        let pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
        if !pk.is_empty() {
            facts.insert(format!("primary key {table} ({})", pk.join(", ")));
        }
        let indexes: Vec<(String, i64, String, i64)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&table)
                .fetch_all(db.pool())
                .await
                .unwrap();
        for (name, unique, origin, partial) in indexes {
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&name)
                .fetch_all(db.pool())
                .await
                .unwrap();
            let name = if origin == "c" { name } else { String::from("(constraint)") };
            facts.insert(format!(
                "index {table} {name} ({}){}{}",
                cols.join(", "),
                if unique != 0 { " unique" } else { "" },
                if partial != 0 { " partial" } else { "" }
            ));
        }
        // One row per column: a composite key is the rows of one `id`, in `seq` order.
        let fks: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT id, \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&table)
        .fetch_all(db.pool())
        .await
        .unwrap();
        let mut keys: std::collections::BTreeMap<i64, (Vec<String>, String, Vec<String>, String)> = Default::default();
        for (id, from, to_table, to, on_delete) in fks {
            let key = keys.entry(id).or_insert_with(|| (Vec::new(), to_table, Vec::new(), on_delete));
            key.0.push(from);
            key.2.push(to);
        }
        for (from, to_table, to, on_delete) in keys.into_values() {
            let action = if on_delete == "NO ACTION" { String::new() } else { format!(" ON DELETE {on_delete}") };
            let (from, to) = (from.join(", "), to.join(", "));
            facts.insert(format!("foreign key {table}: FOREIGN KEY ({from}) REFERENCES {to_table}({to}){action}"));
        }
        facts.insert(format!("checks {table}: {}", sql.matches("CHECK (").count()));
    }
    facts
}

async fn postgres_facts(db: &Db) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    for table in tables {
        facts.insert(format!("table {table}"));
        let columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT), CAST(is_nullable AS TEXT) \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&table)
        .fetch_all(db.pool())
        .await
        .unwrap();
        for (name, ty, nullable) in columns {
            if table == "listings" && name == "search_vector" {
                continue; // the keyword index: FTS5 on SQLite
            }
            let null = if nullable == "NO" { "not null" } else { "null" };
            facts.insert(format!("column {table}.{name} {} {null}", norm_type(&ty)));
        }
        let indexes: Vec<(String, bool, bool, bool, bool, String)> = sqlx::query_as(
            "SELECT CAST(i.relname AS TEXT), ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL, \
             EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid), \
             COALESCE(array_to_string(ARRAY(SELECT CAST(a.attname AS TEXT) FROM unnest(ix.indkey) \
               WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
               ORDER BY k.ord), ', '), '') \
             FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname = $1",
        )
        .bind(&table)
        .fetch_all(db.pool())
        .await
        .unwrap();
        for (name, unique, primary, partial, constraint, cols) in indexes {
            if primary {
                facts.insert(format!("primary key {table} ({cols})"));
                continue;
            }
            if name.starts_with("listings_search_") {
                continue; // the keyword index: FTS5 on SQLite
            }
            let name = if constraint { String::from("(constraint)") } else { name };
            facts.insert(format!(
                "index {table} {name} ({cols}){}{}",
                if unique { " unique" } else { "" },
                if partial { " partial" } else { "" }
            ));
        }
        let constraints: Vec<(String, String)> = sqlx::query_as(
            "SELECT CAST(c.contype AS TEXT), pg_get_constraintdef(c.oid) FROM pg_constraint c \
             JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = 'public' AND t.relname = $1",
        )
        .bind(&table)
        .fetch_all(db.pool())
        .await
        .unwrap();
        for (_, def) in constraints.iter().filter(|(kind, _)| kind == "f") {
            facts.insert(format!("foreign key {table}: {def}"));
        }
        facts.insert(format!("checks {table}: {}", constraints.iter().filter(|(kind, _)| kind == "c").count()));
    }
    facts
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_are_the_same() {
    let Some(server) = common::postgres_server() else {
        eprintln!("LINLI_TEST_POSTGRES is not set: schema comparison skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::connect(&format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display())).await.unwrap();
    let postgres = Db::connect(&common::create_postgres_database(&server).await).await.unwrap();
    let (s, p) = (sqlite_facts(&sqlite).await, postgres_facts(&postgres).await);
    assert!(s.len() > 60, "{s:#?}");
    let only_sqlite: Vec<_> = s.difference(&p).collect();
    let only_postgres: Vec<_> = p.difference(&s).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "schemas differ\nonly on SQLite: {only_sqlite:#?}\nonly on PostgreSQL: {only_postgres:#?}"
    );
}
