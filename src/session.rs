//! Who is signed in, shared by every page.

use crate::api;
use crate::remote::{boxed, Requests};
use leptos::prelude::*;
use linli_contract::auth::{Me, Role};
use linli_contract::trade::Unread;

#[derive(Clone, Copy)]
pub struct Session {
    me: RwSignal<Option<Me>>,
    /// False until the first `/me` answer: pages wait instead of flashing "log in".
    known: RwSignal<bool>,
    /// Unread messages and trades waiting for the user, for the Me tab's badge.
    unread: RwSignal<Unread>,
    requests: Requests,
}

impl Session {
    /// Starts asking the server who we are.
    pub fn new() -> Session {
        let session = Session {
            me: RwSignal::new(None),
            known: RwSignal::new(false),
            unread: RwSignal::new(Unread::default()),
            requests: Requests::new(),
        };
        if signed_out_for_sure() {
            // The server saw a navigation without a session cookie (crates/server/src/web.rs):
            // nobody to ask about, and no 401 in the console.
            crate::draft::set_owner(None);
            session.known.set(true);
            return session;
        }
        session.requests.spawn(boxed(api::me()), move |me| {
            // A network failure counts as signed out; the pages that need an account say so.
            let me = me.ok().flatten();
            crate::draft::set_owner(me.as_ref().map(|m| m.id));
            session.me.set(me);
            session.known.set(true);
        });
        session
    }

    pub fn me(self) -> Option<Me> {
        self.me.get()
    }

    pub fn known(self) -> bool {
        self.known.get()
    }

    pub fn has_role(self, role: Role) -> bool {
        self.me.with(|me| me.as_ref().is_some_and(|m| m.has_role(role)))
    }

    pub fn signed_in(self, me: Me) {
        crate::draft::set_owner(Some(me.id));
        self.me.set(Some(me));
        self.known.set(true);
    }

    pub fn signed_out(self) {
        // What was typed on this device stays with the account, not with the next user.
        crate::draft::clear_all();
        crate::draft::set_owner(None);
        self.me.set(None);
        self.unread.set(Unread::default());
    }

    pub fn unread(self) -> Unread {
        self.unread.get()
    }

    /// Asks the server again (after reading a thread, on a timer).
    pub fn refresh_unread(self) {
        if self.me.get_untracked().is_none() {
            return;
        }
        self.requests.spawn(boxed(api::unread()), move |unread| {
            if let Ok(unread) = unread {
                self.unread.set(unread);
            }
        });
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// The page says nobody is signed in (`<meta name="linli-signed-out">`, written by the server
/// only when that is certain); a server that does not write it leaves the app asking `/me`.
fn signed_out_for_sure() -> bool {
    document().query_selector("meta[name=linli-signed-out]").ok().flatten().is_some()
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
