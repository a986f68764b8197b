//! Disputes (纠纷): filed by a party of a trade (accepted, or completed within the last
//! [`DISPUTE_WINDOW_SECS`](crate::trade::limits::DISPUTE_WINDOW_SECS)), answered by the other
//! party within [`ANSWER_SECS`], decided by a moderator with a written reason.
//!
//! ```text
//! awaiting_answer ──answer (other party, in time)──▶ answered ──decide (moderator)──▶ decided
//!      │ 3 days pass without an answer (derived at read)                 ▲
//!      ▼                                                                 │
//!   overdue ─────────────────────decide (moderator)──────────────────────┘
//! ```
//!
//! While a dispute is open its trade is frozen (`TradeState::Disputed`: messages only). The
//! rules are the table [`DisputeFacts::RULES`]; see [`crate::lifecycle`].

use crate::error::ErrorCode;
use crate::field::{Errors, Field, FieldError, Validate};
use crate::lifecycle::{self, Machine, Rule};
use crate::listing::Photo;
use crate::trade::{Party, Side, TradeState};
use serde::{Deserialize, Serialize};

/// The other party has this long to answer.
pub const ANSWER_SECS: i64 = 3 * 24 * 3600;
/// Evidence photos per post.
pub const PHOTOS_MAX: usize = 6;
/// Description, answer and message length.
pub const BODY_MAX: usize = 1000;
/// A decision's written reason.
pub const DECISION_MIN: usize = 5;
pub const DECISION_MAX: usize = 1000;

labelled_enum! {
    /// Why a party files a dispute.
    DisputeReason {
        NotAsDescribed = "not_as_described", "与描述不符", "Not as described";
        NoShow = "no_show", "对方爽约", "Did not show up";
        Defective = "defective", "物品有缺陷", "Item defective";
        Fraud = "fraud", "疑似诈骗", "Fraud suspected";
        Other = "other", "其他", "Other";
    }
}

labelled_enum! {
    /// Where a dispute stands. `Overdue` is never stored: it is `AwaitingAnswer` past the
    /// answer deadline, derived at read time.
    DisputeState {
        AwaitingAnswer = "awaiting_answer", "等待对方回应", "Awaiting answer";
        Answered = "answered", "已回应，等待管理员处理", "Answered, awaiting a moderator";
        Overdue = "overdue", "对方逾期未回应", "Answer overdue";
        Decided = "decided", "已裁决", "Decided";
    }
}

labelled_enum! {
    /// A moderator's decision.
    Outcome {
        FavourBuyer = "favour_buyer", "支持买方（交易取消）", "For the buyer (trade cancelled)";
        FavourSeller = "favour_seller", "支持卖方（交易成立）", "For the seller (trade stands)";
        MutualCancel = "mutual_cancel", "双方协商取消", "Mutual cancellation";
        Dismissed = "dismissed", "驳回", "Dismissed";
    }
}

labelled_enum! {
    /// What kind of post in the dispute's thread.
    PostKind {
        Filing = "filing", "纠纷说明", "Dispute filed";
        Answer = "answer", "对方回应", "Answer";
        Message = "message", "留言", "Message";
    }
}

impl Outcome {
    /// The side whose credit takes the dispute penalty; `None` penalises nobody.
    pub fn loser(self) -> Option<Side> {
        match self {
            Outcome::FavourBuyer => Some(Side::Seller),
            Outcome::FavourSeller => Some(Side::Buyer),
            Outcome::MutualCancel | Outcome::Dismissed => None,
        }
    }

    /// Where the trade goes when the dispute is decided, from the state it was in when the
    /// dispute was filed (`Accepted` or `Completed`). Cancelling returns the listing to its owner.
    pub fn trade_state(self, before: TradeState) -> TradeState {
        match self {
            Outcome::FavourBuyer | Outcome::MutualCancel => TradeState::Cancelled,
            Outcome::FavourSeller => TradeState::Completed,
            Outcome::Dismissed => before,
        }
    }
}

/// Who the viewer is in this dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisputeRole {
    /// The party who filed it.
    Filer,
    /// The other party of the trade.
    Respondent,
    /// A moderator who is not a party.
    Moderator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisputeAction {
    Answer,
    Message,
    Decide,
}

/// The facts a dispute's rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisputeFacts {
    /// As stored (never `Overdue`).
    pub stored: DisputeState,
    pub answer_due_at: i64,
}

impl DisputeFacts {
    pub fn actions(&self, roles: &[DisputeRole], now: i64) -> Vec<DisputeAction> {
        lifecycle::allowed(self, roles, now)
    }

    /// Whether the dispute is still open (the trade frozen).
    pub fn is_open(&self) -> bool {
        self.stored != DisputeState::Decided
    }
}

const ANYONE: &[DisputeRole] = &[DisputeRole::Filer, DisputeRole::Respondent, DisputeRole::Moderator];

impl Machine for DisputeFacts {
    type State = DisputeState;
    type Action = DisputeAction;
    type Role = DisputeRole;

    const RULES: &'static [Rule<Self>] = {
        use DisputeAction::*;
        use DisputeState::*;
        &[
            // Only within the deadline: past it the dispute is overdue and can be decided without it.
            Rule {
                from: &[AwaitingAnswer],
                action: Answer,
                by: &[DisputeRole::Respondent],
                to: Some(Answered),
                guard: lifecycle::ok,
            },
            Rule {
                from: &[AwaitingAnswer, Answered, Overdue],
                action: Message,
                by: ANYONE,
                to: None,
                guard: lifecycle::ok,
            },
            // Not before the other side answered or its deadline passed.
            Rule {
                from: &[Answered, Overdue],
                action: Decide,
                by: &[DisputeRole::Moderator],
                to: Some(Decided),
                guard: lifecycle::ok,
            },
        ]
    };

    fn conflict(_: DisputeAction) -> ErrorCode {
        ErrorCode::DisputeStateInvalid
    }

    /// Both parties keep their say in a dispute already open; deciding is a moderator's.
    fn open_while_suspended(action: DisputeAction) -> bool {
        matches!(action, DisputeAction::Answer | DisputeAction::Message)
    }

    fn state(&self, now: i64) -> DisputeState {
        match self.stored {
            DisputeState::AwaitingAnswer if now >= self.answer_due_at => DisputeState::Overdue,
            s => s,
        }
    }
}

/// `POST /api/v1/trades/{id}/disputes`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDispute {
    pub reason: DisputeReason,
    pub description: String,
    /// Keys of photos uploaded with `POST /photos` (at most [`PHOTOS_MAX`]).
    #[serde(default)]
    pub photos: Vec<String>,
}

/// `POST /api/v1/disputes/{id}/answer` and `…/messages`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputePostInput {
    pub body: String,
    #[serde(default)]
    pub photos: Vec<String>,
}

/// `POST /api/v1/moderation/disputes/{id}/decide`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecideInput {
    pub outcome: Outcome,
    /// Shown to both parties.
    pub reason: String,
}

/// One post of a dispute's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputePost {
    pub id: i64,
    pub kind: PostKind,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub photos: Vec<Photo>,
    pub created_at: i64,
}

/// The moderator's decision, shown to both parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub outcome: Outcome,
    pub reason: String,
    pub decided_at: i64,
}

/// `GET /api/v1/disputes/{id}`: what the parties and moderators see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeView {
    pub id: i64,
    pub trade_id: i64,
    pub listing_id: i64,
    pub title: String,
    pub reason: DisputeReason,
    /// As of now (overdue is derived).
    pub state: DisputeState,
    pub filer_side: Side,
    pub seller: Party,
    pub buyer: Party,
    /// The viewer's role in it.
    pub my_role: DisputeRole,
    pub filed_at: i64,
    pub answer_due_at: i64,
    pub answered_at: Option<i64>,
    pub decision: Option<Decision>,
    pub posts: Vec<DisputePost>,
    /// What the viewer may do now.
    pub actions: Vec<DisputeAction>,
}

/// A line of the moderators' dispute queue (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeQueueItem {
    pub id: i64,
    pub trade_id: i64,
    pub title: String,
    pub reason: DisputeReason,
    pub state: DisputeState,
    pub filer_name: String,
    pub respondent_name: String,
    pub filed_at: i64,
    pub answer_due_at: i64,
    /// The other side answered.
    pub answered: bool,
    /// A moderator may decide it now.
    pub decidable: bool,
}

// --- validation ---

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

fn body(text: &str, required: bool) -> Result<(), ErrorCode> {
    match chars(text) {
        0 if required => Err(ErrorCode::Required),
        n if n > BODY_MAX => Err(ErrorCode::DescriptionTooLong),
        _ if crate::text::check(text, crate::text::TextKind::MultiLine).is_err() => Err(ErrorCode::TextInvalid),
        _ => Ok(()),
    }
}

fn photos(keys: &[String]) -> Result<(), FieldError> {
    if keys.len() > PHOTOS_MAX {
        return Err(FieldError::new(Field::Photos, ErrorCode::TooManyEvidencePhotos));
    }
    let mut seen: Vec<&String> = Vec::new();
    for k in keys {
        if k.is_empty() || k.len() > 64 || seen.contains(&k) {
            return Err(FieldError::new(Field::Photos, ErrorCode::PhotoUnknown));
        }
        seen.push(k);
    }
    Ok(())
}

impl Validate for NewDispute {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        form.check(Field::Description, body(&self.description, true));
        form.keep(photos(&self.photos));
        form.into_vec()
    }
}

/// An answer or a message: text required, photos optional.
impl Validate for DisputePostInput {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        form.check(Field::Body, body(&self.body, true));
        form.keep(photos(&self.photos));
        form.into_vec()
    }
}

impl Validate for DecideInput {
    fn errors(&self) -> Vec<FieldError> {
        decision(self).err().into_iter().collect()
    }
}

fn decision(input: &DecideInput) -> Result<(), FieldError> {
    match chars(&input.reason) {
        0 => Err(FieldError::new(Field::Reason, ErrorCode::Required)),
        n if n < DECISION_MIN => Err(FieldError::new(Field::Reason, ErrorCode::ReasonTooShort)),
        n if n > DECISION_MAX => Err(FieldError::new(Field::Reason, ErrorCode::NoteTooLong)),
        _ if crate::text::check(&input.reason, crate::text::TextKind::MultiLine).is_err() => {
            Err(FieldError::new(Field::Reason, ErrorCode::TextInvalid))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lifecycle::decide;
    use DisputeAction::*;
    use DisputeRole::*;

    const T0: i64 = 1_800_000_000;

    fn open() -> DisputeFacts {
        DisputeFacts { stored: DisputeState::AwaitingAnswer, answer_due_at: T0 + ANSWER_SECS }
    }

    #[test]
    fn keys_round_trip() {
        for s in DisputeState::ALL {
            assert_eq!(DisputeState::parse(s.key()), Some(*s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.key()), Some(*o));
        }
    }

    #[test]
    fn the_other_party_answers_in_time_and_only_then_a_moderator_decides() {
        let d = open();
        assert_eq!(d.actions(&[Respondent], T0), [Answer, Message]);
        assert_eq!(d.actions(&[Filer], T0), [Message]);
        assert_eq!(d.actions(&[Moderator], T0), [Message], "not decidable before the answer or its deadline");
        assert_eq!(decide(&d, &[Filer], Answer, T0), Err(ErrorCode::Forbidden));
        assert_eq!(decide(&d, &[Filer], Decide, T0), Err(ErrorCode::Forbidden));
        assert_eq!(decide(&d, &[Moderator], Decide, T0), Err(ErrorCode::DisputeStateInvalid));
        let late = T0 + ANSWER_SECS;
        assert_eq!(d.state(late), DisputeState::Overdue);
        assert_eq!(decide(&d, &[Respondent], Answer, late), Err(ErrorCode::DisputeStateInvalid));
        assert_eq!(d.actions(&[Moderator], late), [Message, Decide]);
        let answered = DisputeFacts { stored: DisputeState::Answered, ..d };
        assert_eq!(answered.actions(&[Moderator], T0), [Message, Decide]);
        assert_eq!(answered.actions(&[Respondent], T0), [Message]);
        let decided = DisputeFacts { stored: DisputeState::Decided, ..d };
        for role in [Filer, Respondent, Moderator] {
            assert!(decided.actions(&[role], late).is_empty());
        }
        assert_eq!(decide(&decided, &[Moderator], Decide, late), Err(ErrorCode::DisputeStateInvalid));
    }

    #[test]
    fn outcomes_move_the_trade_and_name_the_loser() {
        assert_eq!(Outcome::FavourBuyer.loser(), Some(Side::Seller));
        assert_eq!(Outcome::FavourSeller.loser(), Some(Side::Buyer));
        assert_eq!(Outcome::Dismissed.loser(), None);
        assert_eq!(Outcome::MutualCancel.loser(), None);
        assert_eq!(Outcome::FavourSeller.trade_state(TradeState::Accepted), TradeState::Completed);
        assert_eq!(Outcome::FavourBuyer.trade_state(TradeState::Completed), TradeState::Cancelled);
        assert_eq!(Outcome::Dismissed.trade_state(TradeState::Accepted), TradeState::Accepted);
    }

    #[test]
    fn inputs_are_checked() {
        let ok = NewDispute { reason: DisputeReason::Defective, description: "坏了".into(), photos: vec![] };
        assert_eq!(ok.check(), Ok(()));
        let empty = NewDispute { description: " ".into(), ..ok.clone() };
        assert_eq!(empty.check(), Err(FieldError::new(Field::Description, ErrorCode::Required)));
        let many = NewDispute { photos: (0..7).map(|i| format!("k{i}")).collect(), ..ok };
        assert_eq!(many.check(), Err(FieldError::new(Field::Photos, ErrorCode::TooManyEvidencePhotos)));
        let short = DecideInput { outcome: Outcome::Dismissed, reason: "no".into() };
        assert_eq!(short.check(), Err(FieldError::new(Field::Reason, ErrorCode::ReasonTooShort)));
    }
}
