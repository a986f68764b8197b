//! Moderation (管理): the reports queue, warnings and suspensions, and the append-only audit
//! log of every moderator action.

use crate::auth::Role;
use crate::dispute::Outcome;
use crate::error::ErrorCode;
use crate::field::{Errors, Field, FieldError, Validate};
use crate::listing::ReportReason;
use serde::{Deserialize, Serialize};

/// Reason texts (warn, suspend, lift, dismiss).
pub const REASON_MIN: usize = 2;
pub const REASON_MAX: usize = 500;
/// A suspension for a period lasts 1 to this many days.
pub const SUSPEND_DAYS_MAX: u32 = 365;
/// Audit search text.
pub const AUDIT_QUERY_MAX: usize = 100;
/// Audit log page size.
pub const AUDIT_PAGE: i64 = 100;

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportTarget {
    Listing,
    User,
}

impl ReportTarget {
    pub fn key(self) -> &'static str {
        match self {
            ReportTarget::Listing => "listing",
            ReportTarget::User => "user",
        }
    }

    pub fn parse(key: &str) -> Option<ReportTarget> {
        [ReportTarget::Listing, ReportTarget::User].into_iter().find(|t| t.key() == key)
    }
}

/// How often one reason was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: ReportReason,
    pub count: i64,
}

/// `GET /api/v1/moderation/reports`: open reports grouped per target, most reported first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportGroup {
    pub target: ReportTarget,
    pub target_id: i64,
    /// The listing's title or the account's name.
    pub label: String,
    /// For a listing: its owner.
    pub owner_id: Option<i64>,
    pub count: i64,
    pub reasons: Vec<ReasonCount>,
    /// The reporters' notes (newest first, non-empty ones).
    pub notes: Vec<String>,
    pub first_at: i64,
    pub last_at: i64,
    /// A listing already hidden, or an account already suspended.
    pub actioned: bool,
    /// For a hidden listing: the moderator's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    /// For a hidden listing whose owner asked for a review: the request (then it is in the
    /// queue even without open reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<crate::listing::ReviewStatus>,
}

/// `POST /api/v1/users/{id}/reports`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserReportInput {
    pub reason: ReportReason,
    #[serde(default)]
    pub note: String,
}

/// A moderator's reason (warn, dismiss, lift).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonInput {
    pub reason: String,
}

/// `POST /api/v1/moderation/users/{id}/suspend`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuspendInput {
    pub reason: String,
    /// For this many days; absent: until lifted.
    #[serde(default)]
    pub days: Option<u32>,
}

/// A suspension of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suspension {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub reason: String,
    pub by_name: String,
    pub starts_at: i64,
    /// `None`: until lifted.
    pub ends_at: Option<i64>,
    pub lifted_at: Option<i64>,
    /// In force now.
    pub active: bool,
}

labelled_enum! {
    /// What the audit log records (an entry's `action`).
    AuditAction {
        Warn = "warn", "警告", "Warning";
        Suspend = "suspend", "暂停账号", "Suspension";
        LiftSuspension = "lift_suspension", "解除暂停", "Suspension lifted";
        DismissReports = "dismiss_reports", "驳回举报", "Reports dismissed";
        DecideDispute = "decide_dispute", "裁决纠纷", "Dispute decided";
        GrantRole = "grant_role", "授予身份", "Role granted";
        RevokeRole = "revoke_role", "撤销身份", "Role revoked";
        HideListing = "hide_listing", "隐藏闲置", "Listing hidden";
        UnhideListing = "unhide_listing", "恢复显示", "Listing restored";
        AskReview = "ask_review", "申请复核", "Review requested";
        KeepHidden = "keep_hidden", "维持隐藏", "Kept hidden";
        AssignPointOperator = "assign_point_operator", "指定回收点负责人", "Point operator assigned";
        VerifySeed = "verify_seed", "当面核实", "Verified in person";
        RevokeSeed = "revoke_seed", "撤销当面核实", "In-person verification revoked";
    }
}

labelled_enum! {
    /// What an audit entry is about (its `target_kind`).
    AuditTarget {
        User = "user", "用户", "User";
        Listing = "listing", "闲置", "Listing";
        Dispute = "dispute", "纠纷", "Dispute";
        RecyclingPoint = "recycling_point", "回收点", "Recycling point";
    }
}

/// What an audit entry records beside its reason, kept as data so that each reader's
/// language can name it (stored as JSON in the entry's `fact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditFact {
    #[default]
    None,
    /// A suspension of this many days.
    Days { days: u32 },
    /// A suspension until a moderator lifts it.
    UntilLifted,
    /// A dispute's decision.
    Decided { outcome: Outcome },
    /// The role granted or revoked.
    Role { role: Role },
    /// The first account became a moderator with the server's set-up code.
    SetupCode,
    /// This many open reports were dismissed.
    Dismissed { reports: u32 },
    /// A recycling point handed from one account to another.
    Operator { from: Option<i64>, to: i64 },
}

impl AuditFact {
    /// The facts without a number in them, which a search finds by their names.
    pub fn named() -> impl Iterator<Item = AuditFact> {
        Outcome::ALL
            .iter()
            .map(|&outcome| AuditFact::Decided { outcome })
            .chain(Role::ALL.iter().map(|&role| AuditFact::Role { role }))
            .chain([AuditFact::UntilLifted, AuditFact::SetupCode])
    }

    pub fn label(self, lang: crate::Lang) -> Option<String> {
        let zh = lang == crate::Lang::Zh;
        Some(match self {
            AuditFact::None => return None,
            AuditFact::Days { days } if zh => format!("暂停 {days} 天"),
            AuditFact::Days { days: 1 } => "for 1 day".into(),
            AuditFact::Days { days } => format!("for {days} days"),
            AuditFact::UntilLifted => lang.pick("暂停至解除", "until lifted").into(),
            AuditFact::Decided { outcome } => outcome.label(lang).into(),
            AuditFact::Role { role } => role.label(lang).into(),
            AuditFact::SetupCode => lang.pick("管理员（凭设置码）", "Moderator (set-up code)").into(),
            AuditFact::Dismissed { reports } if zh => format!("{reports} 条举报"),
            AuditFact::Dismissed { reports: 1 } => "1 report".into(),
            AuditFact::Dismissed { reports } => format!("{reports} reports"),
            AuditFact::Operator { from, to } => {
                let user = |id: i64| format!("{}{id}", lang.pick("用户 #", "user #"));
                let from = from.map_or_else(|| lang.pick("无", "none").to_string(), user);
                format!("{from} → {}", user(to))
            }
        })
    }
}

impl From<ReportTarget> for AuditTarget {
    fn from(t: ReportTarget) -> AuditTarget {
        match t {
            ReportTarget::Listing => AuditTarget::Listing,
            ReportTarget::User => AuditTarget::User,
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub actor_id: Option<i64>,
    /// `None` for the server's command line.
    pub actor_name: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<i64>,
    /// The moderator's reason, as they wrote it.
    pub detail: String,
    #[serde(default)]
    pub fact: AuditFact,
    pub at: i64,
}

impl AuditEntry {
    /// What the entry records, in words: its fact and its reason ("暂停 7 天：刷单").
    pub fn detail_text(&self, lang: crate::Lang) -> String {
        match self.fact.label(lang) {
            Some(fact) if self.detail.is_empty() => fact,
            Some(fact) => format!("{fact}{}{}", lang.pick("：", ": "), self.detail),
            None => self.detail.clone(),
        }
    }

    /// The action in words; the stored key for one this version does not know.
    pub fn action_label(&self, lang: crate::Lang) -> String {
        AuditAction::parse(&self.action).map_or_else(|| self.action.clone(), |a| a.label(lang).to_string())
    }

    /// What it is about in words; the stored key for a kind this version does not know.
    pub fn target_label(&self, lang: crate::Lang) -> String {
        AuditTarget::parse(&self.target_kind).map_or_else(|| self.target_kind.clone(), |t| t.label(lang).to_string())
    }
}

/// `GET /api/v1/moderation/audit`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// Words in the action, the detail or the actor's name.
    #[serde(default)]
    pub q: String,
    /// `listing`, `user`, `dispute`…
    #[serde(default)]
    pub target_kind: Option<String>,
    #[serde(default)]
    pub target_id: Option<i64>,
    /// Entries older than this id (the next page).
    #[serde(default)]
    pub before: Option<i64>,
}

/// `GET /api/v1/me/standing`: the viewer's own warnings and suspension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    pub suspension: Option<Suspension>,
    pub warnings: Vec<AuditEntry>,
}

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

pub fn reason(text: &str) -> Result<(), ErrorCode> {
    match chars(text) {
        0 => Err(ErrorCode::Required),
        n if n < REASON_MIN => Err(ErrorCode::ReasonTooShort),
        n if n > REASON_MAX => Err(ErrorCode::NoteTooLong),
        _ if crate::text::check(text, crate::text::TextKind::MultiLine).is_err() => Err(ErrorCode::TextInvalid),
        _ => Ok(()),
    }
}

impl Validate for SuspendInput {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        form.check(Field::Reason, reason(&self.reason));
        if self.days.is_some_and(|d| d == 0 || d > SUSPEND_DAYS_MAX) {
            form.check(Field::Days, Err(ErrorCode::BadRequest));
        }
        form.into_vec()
    }
}

impl Validate for AuditQuery {
    fn errors(&self) -> Vec<FieldError> {
        let mut form = Errors::default();
        if self.q.chars().count() > AUDIT_QUERY_MAX {
            form.check(Field::Q, Err(ErrorCode::QueryTooLong));
        }
        if self.target_kind.as_ref().is_some_and(|k| k.chars().count() > 20) {
            form.check(Field::TargetKind, Err(ErrorCode::QueryTooLong));
        }
        form.into_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_entry_names_what_it_records_in_the_readers_language() {
        let entry = |fact: AuditFact, detail: &str| AuditEntry {
            id: 1,
            actor_id: Some(2),
            actor_name: Some("小周".into()),
            action: AuditAction::Suspend.key().into(),
            target_kind: AuditTarget::User.key().into(),
            target_id: Some(3),
            detail: detail.into(),
            fact,
            at: 0,
        };
        let suspended = entry(AuditFact::Days { days: 7 }, "刷单炒信");
        assert_eq!(suspended.detail_text(crate::Lang::Zh), "暂停 7 天：刷单炒信");
        assert_eq!(suspended.detail_text(crate::Lang::En), "for 7 days: 刷单炒信");
        assert_eq!(entry(AuditFact::Days { days: 1 }, "x").detail_text(crate::Lang::En), "for 1 day: x");
        let decided = entry(AuditFact::Decided { outcome: Outcome::FavourBuyer }, "");
        assert_eq!(decided.detail_text(crate::Lang::En), "For the buyer (trade cancelled)");
        assert_eq!(entry(AuditFact::Role { role: Role::Organiser }, "").detail_text(crate::Lang::Zh), "组织者");
        let handed = entry(AuditFact::Operator { from: None, to: 9 }, "");
        assert_eq!(handed.detail_text(crate::Lang::En), "none → user #9");
        assert_eq!(entry(AuditFact::None, "请如实描述").detail_text(crate::Lang::En), "请如实描述");
        // Stored as tagged JSON; an entry written before facts existed reads as none.
        let json = serde_json::to_string(&AuditFact::Dismissed { reports: 3 }).unwrap();
        assert_eq!(json, r#"{"kind":"dismissed","reports":3}"#);
        let old: AuditEntry = serde_json::from_str(
            r#"{"id":1,"actor_id":null,"actor_name":null,"action":"warn","target_kind":"user","target_id":1,"detail":"d","at":0}"#,
        )
        .unwrap();
        assert_eq!(old.fact, AuditFact::None);
    }

    #[test]
    fn suspensions_need_a_reason_and_a_sane_period() {
        assert!(SuspendInput { reason: "刷单".into(), days: Some(7) }.check().is_ok());
        assert!(SuspendInput { reason: "刷单".into(), days: None }.check().is_ok());
        assert_eq!(
            SuspendInput { reason: "".into(), days: None }.check(),
            Err(FieldError::new(Field::Reason, ErrorCode::Required))
        );
        assert_eq!(
            SuspendInput { reason: "刷单".into(), days: Some(0) }.check(),
            Err(FieldError::new(Field::Days, ErrorCode::BadRequest))
        );
    }
}
