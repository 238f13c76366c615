//! `.env` files: URLs in values, `PGSSLMODE`, `PGHOST`, and secret values to redact.

use super::super::connections::{self, is_secret_key};
use super::super::parsed::Parsed;
use super::super::{connstr, Cx, EnvKey, Host, Lit, SslModeSetting};
use crate::source::Span;

pub fn extract(cx: &mut Cx, _: &Parsed) {
    let entries = connections::env_entries(cx.text);
    for e in &entries {
        // The key is a slice of the text: its offset is where it starts.
        let start = e.key.as_ptr() as usize - cx.text.as_ptr() as usize;
        cx.facts.env_keys.push(EnvKey {
            at: cx.loc(Span::new(start, start + e.key.len())),
            name: e.key.to_string(),
            shape: (!e.value.is_empty()).then(|| crate::facts::value_shape(e.value)),
            secret: is_secret_key(e.key)
                || !crate::redact::find(e.value).is_empty()
                || !crate::redact::url_credentials(e.value).is_empty(),
        });
        if is_secret_key(e.key) && !e.value.is_empty() {
            cx.facts.secrets.push(e.value_span);
        }
    }
    if cx.hits.has(Lit::Postgres) || cx.hits.has(Lit::HostEq) {
        for e in &entries {
            connections::scan(cx, e.value_span, None);
        }
    }
    let pghost: Vec<Host> = entries
        .iter()
        .filter(|e| e.key == "PGHOST")
        .map(|e| connstr::classify_host(e.value, None, &[]))
        .collect();
    for e in entries.iter().filter(|e| e.key == "PGSSLMODE") {
        let local = connections::local_context(cx, &pghost);
        cx.facts.sslmode_settings.push(SslModeSetting {
            at: cx.loc(e.value_span),
            value: e.value.to_string(),
            local_context: local,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};

    #[test]
    fn urls_sslmode_and_secret_values() {
        let text = "PGHOST=db.example.com\nPGSSLMODE=prefer\nDATABASE_URL=postgres://app@db.example.com/app\nSTRIPE_SECRET_KEY=sk_live_abc123def456\n";
        let f = facts(".env.production", text);
        assert_eq!(f.connections.len(), 1);
        let modes: Vec<_> = f
            .sslmode_settings
            .iter()
            .map(|s| (at(text, s.at), s.local_context))
            .collect();
        assert_eq!(modes, [("prefer", false)]);
        assert!(f
            .secrets
            .iter()
            .any(|s| &text[s.start..s.end] == "sk_live_abc123def456"));
        // A PGSSLMODE beside a local PGHOST is development's business.
        let local = facts(".env", "PGHOST=localhost\nPGSSLMODE=disable\n");
        assert!(local.sslmode_settings[0].local_context);
    }
}
