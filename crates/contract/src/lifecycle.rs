//! How a lifecycle is written: one transition table per object that moves through states.
//!
//! A row says: from these states, this action, by an actor in one of these roles (their role in
//! *this* object: the buyer of this trade, the owner of this listing), leads to this state,
//! if the guard — a pure function of the object's facts and `now` — agrees. Everything else is
//! derived from the table, never written again:
//!
//! - [`decide`]: the next state, or the typed refusal (403 when the role may never do it, the
//!   machine's conflict code when the state does not allow it, the guard's own code otherwise);
//! - [`allowed`]: the actions the viewer may take now (sent with every object; the web app shows
//!   buttons from this list only);
//! - [`from_states`]: the states an action may start from, for the database's guarded update
//!   (`UPDATE … SET state = $next WHERE id = $1 AND state IN (…)`), so concurrent conflicting
//!   moves fail in the database, whichever database it is.

use crate::error::ErrorCode;

/// A state machine over an object's facts.
pub trait Machine: Sized + 'static {
    type State: Copy + Eq + core::fmt::Debug + 'static;
    type Action: Copy + Eq + core::fmt::Debug + 'static;
    type Role: Copy + Eq + core::fmt::Debug + 'static;

    /// The table.
    const RULES: &'static [Rule<Self>];
    /// The refusal when the object's state does not allow the action.
    fn conflict(action: Self::Action) -> ErrorCode;

    /// Whether an account under a moderator's suspension may still take `action`: stepping
    /// back from what it started (so nobody waits on it) and defending itself, never starting
    /// or advancing anything.
    fn open_while_suspended(_action: Self::Action) -> bool {
        false
    }

    /// The state as of `now`: time-derived states (expired, lapsed) are computed here at read
    /// time; only the background sweep persists them.
    fn state(&self, now: i64) -> Self::State;
}

/// One row of a transition table.
pub struct Rule<M: Machine> {
    pub from: &'static [M::State],
    pub action: M::Action,
    pub by: &'static [M::Role],
    /// The next state; `None` when the action leaves the state as it is (a message, a rating).
    pub to: Option<M::State>,
    pub guard: fn(&M, M::Role, i64) -> Result<(), ErrorCode>,
}

/// The guard of a rule that needs none.
pub fn ok<M: Machine>(_: &M, _: M::Role, _: i64) -> Result<(), ErrorCode> {
    Ok(())
}

/// What an allowed action does to the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move<S> {
    pub from: S,
    pub to: S,
}

/// Whether `action` by someone holding `roles` is allowed now, and where it leads.
pub fn decide<M: Machine>(
    object: &M,
    roles: &[M::Role],
    action: M::Action,
    now: i64,
) -> Result<Move<M::State>, ErrorCode> {
    let state = object.state(now);
    let mut by_role = false;
    let mut refusal = None;
    for rule in M::RULES.iter().filter(|r| r.action == action) {
        for role in roles.iter().filter(|role| rule.by.contains(role)) {
            by_role = true;
            if !rule.from.contains(&state) {
                continue;
            }
            match (rule.guard)(object, *role, now) {
                Ok(()) => return Ok(Move { from: state, to: rule.to.unwrap_or(state) }),
                Err(code) => refusal = refusal.or(Some(code)),
            }
        }
    }
    Err(match (by_role, refusal) {
        (false, _) => ErrorCode::Forbidden,
        (true, Some(code)) => code,
        (true, None) => M::conflict(action),
    })
}

/// Every action the holder of `roles` may take now, in table order, without repeats.
pub fn allowed<M: Machine>(object: &M, roles: &[M::Role], now: i64) -> Vec<M::Action> {
    let mut out = Vec::new();
    for rule in M::RULES {
        if !out.contains(&rule.action) && decide(object, roles, rule.action, now).is_ok() {
            out.push(rule.action);
        }
    }
    out
}

/// The states something can still happen from (a rule leaves them for another state): the
/// object is still open.
pub fn open_states<M: Machine>() -> Vec<M::State> {
    let mut out = Vec::new();
    for rule in M::RULES.iter().filter(|r| r.to.is_some()) {
        for s in rule.from {
            if !out.contains(s) {
                out.push(*s);
            }
        }
    }
    out
}

/// Every state `action` may start from (by anyone), for a guarded database update.
pub fn from_states<M: Machine>(action: M::Action) -> Vec<M::State> {
    let mut out = Vec::new();
    for rule in M::RULES.iter().filter(|r| r.action == action) {
        for s in rule.from {
            if !out.contains(s) {
                out.push(*s);
            }
        }
    }
    out
}
