//! For moderators, on a trader's profile: whether the credit rating counts this person as met
//! in person (a trust seed), and the control to verify them or withdraw it, with a reason for
//! the audit log. Trust is recomputed by the server's next sweep.

use crate::api;
use crate::components::field::{FormError, TextField};
use crate::i18n::{tr, use_i18n, Key};
use crate::remote::{boxed, send, show, Pending, Reloadable};
use leptos::prelude::*;
use linli_contract::trust::SeedStatus;
use linli_contract::{ErrorCode, Field};

#[component]
pub fn TrustSeedControl(user_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let status = Reloadable::new(move || boxed(api::trust_seed(user_id)));
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<ErrorCode>);
    let error = RwSignal::new(None::<ErrorCode>);
    let pending = Pending::new();
    let change = move |seed: bool| {
        let why = reason.get_untracked();
        if let Err(code) = linli_contract::trust::reason(&why) {
            reason_error.set(Some(code));
            return;
        }
        reason_error.set(None);
        send(pending, boxed(api::set_trust_seed(user_id, seed, why)), move |r| match r {
            Ok(_) => {
                error.set(None);
                reason.set(String::new());
                status.reload();
            }
            Err(e) if e.field == Some(Field::Reason) => reason_error.set(Some(e.code)),
            Err(e) => error.set(Some(e.code)),
        });
    };
    view! {
        <section class="moderation-panel" aria-labelledby="seed-heading">
            <h2 id="seed-heading">{tr(Key::TrustSeed)}</h2>
            {show(status, move |s: SeedStatus| {
                let state = if s.seed { Key::TrustSeedYes } else if s.revoked { Key::TrustSeedRevoked } else { Key::TrustSeedNo };
                view! {
                    <p>{move || i18n.t(state)}</p>
                    <TextField id="seed-reason" label=Key::TrustSeedReason value=reason error=reason_error/>
                    <FormError error=error/>
                    <div class="button-row">
                        {(!s.seed).then(|| view! {
                            <button type="button" class="button button-small" on:click=move |_| change(true) disabled=move || pending.get()>
                                {tr(Key::TrustSeedVerify)}
                            </button>
                        })}
                        {s.seed.then(|| view! {
                            <button type="button" class="button button-small button-secondary" on:click=move |_| change(false) disabled=move || pending.get()>
                                {tr(Key::TrustSeedWithdraw)}
                            </button>
                        })}
                    </div>
                }.into_any()
            })}
        </section>
    }
}
