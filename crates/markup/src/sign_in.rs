//! What a page that needs an account shows to someone who is not signed in: the app's
//! `SignInNeeded` and the server's pre-render of Sell for a visitor write it here.

use crate::escape_into;
use crate::words::{LOG_IN, SIGN_IN_PROMPT, SIGN_UP};
use linli_contract::Lang;

/// The prompt with its log-in and sign-up links, each coming back to `next` afterwards.
pub fn sign_in_needed_html(next: &str, lang: Lang) -> String {
    let pick = |(zh, en): (&'static str, &'static str)| lang.pick(zh, en);
    let mut out = String::with_capacity(400);
    out.push_str("<div class=\"sign-in-needed\"><p>");
    escape_into(&mut out, pick(SIGN_IN_PROMPT));
    out.push_str("</p><div class=\"button-row\"><a class=\"button\" href=\"/login?next=");
    escape_into(&mut out, next);
    out.push_str("\">");
    escape_into(&mut out, pick(LOG_IN));
    out.push_str("</a><a class=\"button button-secondary\" href=\"/register?next=");
    escape_into(&mut out, next);
    out.push_str("\">");
    escape_into(&mut out, pick(SIGN_UP));
    out.push_str("</a></div></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_come_back_to_the_page() {
        let html = sign_in_needed_html("/sell", Lang::En);
        assert!(html.contains("href=\"/login?next=/sell\">Log in</a>"), "{html}");
        assert!(html.contains("href=\"/register?next=/sell\">Sign up</a>"), "{html}");
        assert!(sign_in_needed_html("/sell", Lang::Zh).contains(">登录</a>"));
        assert!(sign_in_needed_html("/a\"b", Lang::Zh).contains("next=/a&quot;b"));
    }
}
