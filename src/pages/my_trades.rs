//! Me → my trades: every trade, most recent first, with unread messages and what needs doing.

use crate::api;
use crate::components::header::PageHeader;
use crate::components::sign_in_needed::SignInNeeded;
use crate::i18n::{time_ago, tr, use_i18n, Key};
use crate::remote::{boxed, show, Reloadable};
use crate::session::use_session;
use leptos::prelude::*;
use linli_contract::trade::{Side, TradeSummary};

#[component]
pub fn MyTrades() -> impl IntoView {
    let session = use_session();
    view! {
        <PageHeader title=Key::MyTrades back="/me"/>
        <section class="page">
            <Show when=move || session.me().is_some() fallback=move || view! { <SignInNeeded next="/me/trades"/> }>
                {
                    show(Reloadable::new(|| boxed(api::my_trades())), |trades| {
                        if trades.is_empty() {
                            view! {
                                <div class="empty-state">
                                    <p>{tr(Key::NoTradesYet)}</p>
                                    <a class="button" href="/">{tr(Key::TabBrowse)}</a>
                                </div>
                            }.into_any()
                        } else {
                            view! { <ul class="trade-list">{trades.into_iter().map(row).collect_view()}</ul> }.into_any()
                        }
                    })
                }
            </Show>
        </section>
    }
}

fn row(t: TradeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let side = if t.my_side == Side::Seller { Key::YouSell } else { Key::YouBuy };
    // A decided dispute's outcome, under the state.
    let outcome = t.dispute.as_ref().filter(|d| d.decided).and_then(|d| d.outcome);
    view! {
        <li>
            <a class="trade-row" href=format!("/trades/{}", t.id)>
                <img src=t.item.thumb_url alt="" width="64" height="48"/>
                <span class="trade-row-text">
                    <strong>{t.item.title}</strong>
                    <span class="small muted">{move || format!("{} · {}", i18n.t(side), t.counterpart.display_name)}</span>
                    <span class="small">{move || t.state.label(i18n.lang())} " · " <span class="trade-row-time">{move || time_ago(t.updated_at, i18n.lang())}</span></span>
                    {outcome.map(|o| view! { <span class="small muted">{move || o.label(i18n.lang())}</span> })}
                </span>
                {(t.unread > 0).then(|| view! {
                    <span class="count-badge" aria-label=move || format!("{} {}", t.unread, i18n.t(Key::UnreadMessages))>{t.unread}</span>
                })}
                {t.needs_action.then(|| view! { <span class="badge badge-action">{tr(Key::YourTurn)}</span> })}
                {t.dispute.map(|d| {
                    if d.decided {
                        view! { <span class="badge badge-plain badge-dispute-decided">{tr(Key::DisputeDecidedBadge)}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge-dispute">{tr(Key::InDisputeBadge)}</span> }.into_any()
                    }
                })}
            </a>
        </li>
    }
}
