//! Per-account rate limits on every write of the API, in one place: a middleware in front of
//! `/api/v1` that counts each non-GET request against its kind's budget in the database
//! (shared by every server) and answers `429 too_many_requests` with `Retry-After` past it.
//! Signed-in callers are counted per account, anonymous ones per address. Log-in and sign-up
//! have their own throttles (`routes/auth.rs`). A listing's create and edit are counted in
//! their own transaction instead ([`Charge`]): on SQLite every write waits its turn for the one
//! write lock, and a count of its own was a second turn and commit for each.

use crate::db::sql::{Batch, Check, Outcomes, Step};
use crate::db::throttle::{self, Counted, Hit};
use crate::db::{Backend, Db};
use crate::error::AppError;
use crate::extract::{client_ip, session_token, CurrentUser, SessionChecked};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use linli_contract::ErrorCode;

/// `max` requests per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max: i64,
    pub window_secs: i64,
}

const HOUR: i64 = 3600;

impl Budget {
    pub const fn per_hour(max: i64) -> Budget {
        Budget { max, window_secs: HOUR }
    }
}

/// The budgets of each kind of write. The defaults are far above what a resident does (nine
/// photos for each of a dozen listings an hour, a chat message every half minute) and far
/// below what a script flooding the app needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteLimits {
    /// `POST /photos`
    pub uploads: Budget,
    /// `POST /listings`, `PUT /listings/{id}`
    pub listings: Budget,
    /// `POST /listings/{id}/trades`
    pub trade_requests: Budget,
    /// `POST /trades/{id}/messages`
    pub messages: Budget,
    /// `POST /listings/{id}/reports`
    pub reports: Budget,
    /// Every other write (accept, confirm, rate, favourite, moderation…).
    pub other: Budget,
    /// `POST /trades/{id}/disputes`, `POST /users/{id}/reports`
    pub disputes: Budget,
}

impl Default for WriteLimits {
    fn default() -> Self {
        WriteLimits {
            uploads: Budget::per_hour(120),
            listings: Budget::per_hour(30),
            trade_requests: Budget::per_hour(40),
            messages: Budget::per_hour(240),
            reports: Budget::per_hour(20),
            other: Budget::per_hour(600),
            disputes: Budget::per_hour(10),
        }
    }
}

impl WriteLimits {
    /// Every budget times `factor` (the end-to-end tests create many things from one address).
    pub fn scaled(&self, factor: i64) -> WriteLimits {
        let s = |b: Budget| Budget { max: b.max.saturating_mul(factor.max(1)), ..b };
        WriteLimits {
            uploads: s(self.uploads),
            listings: s(self.listings),
            trade_requests: s(self.trade_requests),
            messages: s(self.messages),
            reports: s(self.reports),
            other: s(self.other),
            disputes: s(self.disputes),
        }
    }

    /// The kind of a request and its budget; `None` for reads and for log-in/sign-up/log-out.
    pub fn classify(&self, method: &Method, path: &str) -> Option<(&'static str, Budget)> {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return None;
        }
        let path = path.strip_prefix("/api").unwrap_or(path);
        let path = path.strip_prefix("/v1").unwrap_or(path);
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        Some(match (method.as_str(), segments.as_slice()) {
            (_, ["auth", ..]) => return None,
            ("POST", ["photos"]) => ("upload", self.uploads),
            ("POST", ["listings"]) | ("PUT", ["listings", _]) => (LISTING, self.listings),
            ("POST", ["listings", _, "trades"]) => ("trade", self.trade_requests),
            ("POST", ["trades", _, "messages"]) => ("message", self.messages),
            ("POST", ["listings", _, "reports"]) => ("report", self.reports),
            // Markets: scheduling is counted like posting listings, stall bookings like trade
            // requests (each kind on its own counter).
            ("POST", ["markets"]) | ("PUT", ["markets", _]) => ("market", self.listings),
            ("POST", ["markets", _, "dates", _, "bookings"]) => ("booking", self.trade_requests),
            ("POST", ["trades", _, "disputes"]) => ("dispute", self.disputes),
            ("POST", ["users", _, "reports"]) => ("report", self.reports),
            ("POST", ["disputes", _, "messages" | "answer"]) => ("message", self.messages),
            _ => ("write", self.other),
        })
    }
}

/// A listing's create or edit: a signed-in account's is counted by its handler ([`Charge`]).
const LISTING: &str = "listing";

fn counter_key(kind: &str, who: &str) -> String {
    format!("rate:{kind}:{who}")
}

/// One count of a signed-in account's write against its budget, taken as the write's
/// transaction begins: refused there, nothing of the write happens.
pub struct Charge {
    key: String,
    budget: Budget,
}

impl WriteLimits {
    /// The count of a listing's create or edit by `user_id`.
    pub fn listing_charge(&self, user_id: i64) -> Charge {
        Charge { key: counter_key(LISTING, &format!("user:{user_id}")), budget: self.listings }
    }
}

impl Charge {
    /// Takes the count of the write. On SQLite it is the first statement of the write's
    /// `batch`, followed by a check that refuses the whole write when it is over budget (one
    /// turn and one round trip for both; a refused or failed write counts nothing). On
    /// PostgreSQL it commits on its own first, so an account's simultaneous writes do not
    /// queue on their counter's row lock for their whole transactions (one account's 10 at
    /// once: 800/s in the transaction, 1,100/s before it).
    pub async fn count(&self, db: &Db, batch: &mut Batch) -> Result<Counting, AppError> {
        let (max, window) = (self.budget.max, self.budget.window_secs);
        if db.backend() == Backend::Postgres {
            allowed(throttle::hit(db, &self.key, max, window).await?)?;
            return Ok(Counting(None));
        }
        let counted = Counted::at(crate::db::now(), max, window);
        let step = batch.add(|sql| counted.push(sql, &self.key));
        let check = batch.refuse_if_found(|sql| counted.push_over(sql, &self.key));
        Ok(Counting(Some((step, counted, check))))
    }
}

/// A [`Charge`]'s count inside its write's batch, if it is there.
pub struct Counting(Option<(Step, Counted, Check)>);

impl Counting {
    /// A write nobody's budget counts (the demo seed's).
    pub fn none() -> Self {
        Counting(None)
    }

    /// The write's refusal when `check`, the one that refused the batch, is this count's.
    pub fn refusal(&self, check: Check, outcomes: &Outcomes) -> Option<AppError> {
        let (step, counted, _) = self.0.as_ref().filter(|(_, _, own)| *own == check)?;
        let Some(row) = outcomes[*step].rows.first() else {
            return Some(AppError::internal("the count returned no row"));
        };
        Some(match counted.hit(row).map(allowed) {
            Ok(Err(refused)) => refused,
            Ok(Ok(())) => AppError::internal("the count was refused within its budget"),
            Err(err) => err,
        })
    }
}

fn allowed(hit: Hit) -> Result<(), AppError> {
    match hit {
        Hit::Allowed => Ok(()),
        Hit::Refused { retry_after } => Err(AppError::retry_later(ErrorCode::TooManyRequests, retry_after)),
    }
}

/// The middleware.
pub async fn enforce(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some((kind, budget)) = state.config.write_limits.classify(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let user = match session_token(req.headers()) {
        Some(token) => match CurrentUser::of_session(&state, token).await {
            Ok(user) => user,
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    let who = match &user {
        Some(u) => format!("user:{}", u.id),
        None => format!("ip:{}", client_ip(req.headers(), req.extensions(), &state.config)),
    };
    // A signed-in account's listing write is counted by its handler; an anonymous one here
    // (the handler refuses it before any work).
    let counted_by_handler = kind == LISTING && user.is_some();
    req.extensions_mut().insert(SessionChecked(user));
    if counted_by_handler {
        return next.run(req).await;
    }
    match throttle::hit(&state.db, &counter_key(kind, &who), budget.max, budget.window_secs).await {
        Ok(hit) => match allowed(hit) {
            Ok(()) => next.run(req).await,
            Err(e) => e.into_response(),
        },
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_classified_by_route() {
        let l = WriteLimits::default();
        let kind = |m: Method, p: &str| l.classify(&m, p).map(|(k, _)| k);
        assert_eq!(kind(Method::GET, "/v1/listings"), None);
        assert_eq!(kind(Method::POST, "/v1/auth/login"), None);
        assert_eq!(kind(Method::POST, "/v1/photos"), Some("upload"));
        assert_eq!(kind(Method::POST, "/api/v1/listings"), Some("listing"));
        assert_eq!(kind(Method::PUT, "/v1/listings/7"), Some("listing"));
        assert_eq!(kind(Method::POST, "/v1/listings/7/trades"), Some("trade"));
        assert_eq!(kind(Method::POST, "/v1/trades/3/messages"), Some("message"));
        assert_eq!(kind(Method::POST, "/v1/listings/7/reports"), Some("report"));
        assert_eq!(kind(Method::PUT, "/v1/listings/7/favourite"), Some("write"));
    }
}
