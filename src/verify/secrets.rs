//! The secrets of a verify run, learned from the manifest and the environment before any probe
//! runs, so every text verify prints can be cleaned of them: the central [`Redactor`] masks them
//! in messages and evidence, and the manifest's own text (the source of report snippets) has them
//! overwritten in place.
//!
//! What is secret:
//! - whatever `redact` finds in a resolved database URL or connection string, target URL, health
//!   endpoint or webhook URL (a URL's password however spelled, libpq `password=`, `token=` and
//!   other secret-named query parameters, key-shaped tokens), in the form written and
//!   percent-decoded, plus the password the PostgreSQL driver itself will send;
//! - a webhook `secret`, whole and each of its substitutions;
//! - the value and the default of every `${VAR}` whose name is secret-looking (`${DB_PASSWORD}`,
//!   `${HOOK_TOKEN}`), wherever it is used;
//! - the provider API keys (`STRIPE_API_KEY`, `GITHUB_TOKEN`, `SENDGRID_API_KEY`).
//!
//! Each setting is looked at twice: as the environment resolves it, and with every
//! `${VAR:-default}` taking its default, because a default written in the manifest is a secret
//! where it stands even when the variable is set.

use std::collections::HashSet;

use super::expand::{env_var, expand_with};
use super::probe::postgres::Target;
use crate::manifest::{Manifest, Setting};
use crate::redact::{self, Redactor};

/// The provider API keys the webhooks phase reads from the environment.
pub const API_KEY_VARS: [&str; 3] = ["STRIPE_API_KEY", "GITHUB_TOKEN", "SENDGRID_API_KEY"];

/// Stands for an unset variable while a setting is looked at; never part of a secret.
const UNSET: char = '\u{1}';

/// Secrets shorter than this are not masked by value (the `Redactor`'s own threshold): masking
/// every `a` or `12` would garble every message. They are still masked by place and name.
const MIN_LEN: usize = 3;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `db_url`: a `postgres://` URL or a libpq `key=value` string.
    Connection,
    /// An http(s) URL or a path of one.
    Url,
    /// A value that is secret as a whole (a webhook signing secret).
    Secret,
}

/// Deliberately not `Debug`: it holds the secrets.
#[derive(Default, Clone)]
pub struct Secrets {
    redactor: Redactor,
    /// The same values, to overwrite in the manifest's text.
    values: Vec<String>,
}

impl Secrets {
    /// Every secret the manifest's settings and the environment hold.
    pub fn learn(manifest: &Manifest) -> Secrets {
        let mut s = Secrets::default();
        for db in [&manifest.source_db, &manifest.target_db]
            .into_iter()
            .flatten()
        {
            s.learn_setting(db, Kind::Connection);
        }
        for url in [&manifest.target_url, &manifest.health_endpoint]
            .into_iter()
            .flatten()
        {
            s.learn_setting(url, Kind::Url);
        }
        for w in &manifest.webhooks {
            for url in [&w.new_url, &w.current_url].into_iter().flatten() {
                s.learn_setting(url, Kind::Url);
            }
            if let Some(secret) = &w.secret {
                s.learn_setting(secret, Kind::Secret);
            }
        }
        for var in API_KEY_VARS {
            if let Some(key) = env_var(var) {
                s.add(&key);
            }
        }
        s
    }

    /// Learn one secret (and nothing shorter than [`MIN_LEN`], nor a placeholder).
    pub fn add(&mut self, secret: &str) {
        for piece in secret.split(UNSET) {
            if piece.len() >= MIN_LEN && !self.values.iter().any(|v| v == piece) {
                self.redactor.add(piece);
                self.values.push(piece.to_string());
            }
        }
    }

    /// `s` with every learned secret and everything `redact` finds masked.
    pub fn clean(&self, s: &str) -> String {
        self.redactor.clean(s)
    }

    /// The manifest's text with every learned secret overwritten byte for byte by `*` (line
    /// breaks kept), so spans and line numbers stay valid and a report snippet never shows a
    /// `${VAR:-default}` secret, which `redact` alone leaves in place (`${` starts a reference).
    pub fn mask_manifest(&self, text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        let mut values: Vec<&String> = self.values.iter().collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        for v in values {
            let found: Vec<usize> =
                memchr::memmem::find_iter(text.as_bytes(), v.as_bytes()).collect();
            for start in found {
                for b in &mut bytes[start..start + v.len()] {
                    if !matches!(*b, b'\n' | b'\r') {
                        *b = b'*';
                    }
                }
            }
        }
        // Whole characters were replaced by ASCII, so the text is still UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    fn learn_setting(&mut self, setting: &Setting, kind: Kind) {
        let (_, subs) = expand_with(&setting.value, &env_var);
        let defaulted: HashSet<&str> = subs
            .iter()
            .filter(|s| s.default.is_some())
            .map(|s| s.var.as_str())
            .collect();
        let unset = |var: &str| (!defaulted.contains(var)).then(|| UNSET.to_string());
        let resolved = expand_with(&setting.value, &|var| {
            env_var(var)
                .filter(|v| !v.is_empty())
                .or_else(|| unset(var))
        });
        let defaults = expand_with(&setting.value, &unset);
        for (text, subs) in [resolved, defaults] {
            let hidden = match kind {
                Kind::Url => hidden_parts(&text),
                Kind::Connection | Kind::Secret => Vec::new(),
            };
            for sub in &subs {
                let in_hidden = hidden
                    .iter()
                    .any(|h| sub.at.start < h.end && h.start < sub.at.end);
                if kind == Kind::Secret || in_hidden || secret_name(&sub.var) {
                    for v in [&sub.value, &sub.default].into_iter().flatten() {
                        self.add(v);
                    }
                }
            }
            match kind {
                Kind::Secret => self.add(&text),
                Kind::Connection | Kind::Url => self.learn_text(&text, kind),
            }
        }
    }

    /// What `redact` masks in a resolved setting, as written and percent-decoded; for a
    /// connection, also the password the driver sends (a quoted or escaped libpq value).
    fn learn_text(&mut self, text: &str, kind: Kind) {
        for span in redact::secret_spans(text) {
            let found = &text[span.start..span.end];
            self.add(found);
            if let Some(decoded) = percent_decoded(found) {
                self.add(&decoded);
            }
        }
        if kind == Kind::Connection {
            if let Some(pw) = Target::parse(text).ok().and_then(|t| t.password()) {
                self.add(&pw);
            }
        }
    }
}

/// The parts of an http(s) URL (or of a path with a query) that egress never shows: the
/// userinfo and the query string with the fragment. A `${VAR}` expanded there is a secret (an
/// API key in `?key=`); one in the host or the path stays readable in the evidence.
fn hidden_parts(url: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let start = url.find("://").map_or(0, |i| i + 3);
    let auth_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    if let Some(at) = url[start..auth_end].rfind('@') {
        out.push(start..start + at);
    }
    if let Some(q) = url[start..].find(['?', '#']) {
        out.push(start + q..url.len());
    }
    out
}

/// A variable whose name says it holds a secret (`DB_PASSWORD`, `HOOK_TOKEN`, `API_KEY`), by the
/// same names `redact` masks the values of.
fn secret_name(var: &str) -> bool {
    !redact::secret_spans(&format!("{var}=value")).is_empty()
}

/// `%XX` sequences decoded, when there are any and the result is UTF-8.
fn percent_decoded(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().filter(|d| d != s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml;

    fn learned(manifest: &str, env: &[(&str, &str)]) -> Secrets {
        for (k, v) in env {
            std::env::set_var(k, v);
        }
        let manifest = Manifest::from_yaml(0, &yaml::parse(manifest).unwrap()[0]).unwrap();
        Secrets::learn(&manifest)
    }

    #[test]
    fn every_place_a_secret_can_be_given() {
        let m = "source:\n  db_url: postgres://app:${EGRESS_SX_UNSET_A:-dflt%40pw1}@db.example.com/app\n\
                 target:\n  db_url: host=db.example.com password='kv pw\\'2' dbname=x\n  url: https://u:urlpw3@new.example.com\n\
                 verification:\n  health_endpoint: /up?token=${EGRESS_SX_TOKEN}\n\
                 webhooks:\n  - new_url: https://new.example.com/hooks/${EGRESS_SX_HOOK_SECRET:-pathsecret5}\n\
                 \x20   secret: ${EGRESS_SX_WHSEC:-whdefault6}\n";
        let s = learned(m, &[("EGRESS_SX_TOKEN", "tokenvalue4")]);
        for secret in [
            "dflt%40pw1",
            "dflt@pw1",
            "kv pw'2",
            "urlpw3",
            "tokenvalue4",
            "pathsecret5",
            "whdefault6",
        ] {
            assert!(
                s.values.iter().any(|v| v == secret),
                "{secret} not learned: {:?}",
                s.values
            );
            let cleaned = s.clean(&format!("error: {secret}."));
            assert!(!cleaned.contains(secret), "{cleaned}");
        }
        // Host names, paths and variable names stay readable.
        for kept in ["db.example.com", "new.example.com", "/hooks/", "EGRESS_SX"] {
            assert!(!s.values.iter().any(|v| v.contains(kept)), "{:?}", s.values);
        }
        let masked = s.mask_manifest(m);
        assert_eq!(masked.len(), m.len());
        assert_eq!(masked.lines().count(), m.lines().count());
        assert!(masked.contains("secret: ${EGRESS_SX_WHSEC:-**********}"));
        assert!(!masked.contains("dflt%40pw1") && !masked.contains("pathsecret5"));
    }

    #[test]
    fn an_unset_variable_is_not_taken_for_a_secret() {
        let m = "source:\n  db_url: postgres://app:${EGRESS_SX_NEVER_SET}@db.example.com/app\n\
                 webhooks:\n  - secret: ${EGRESS_SX_NEVER_SET_EITHER}\n";
        let s = learned(m, &[]);
        assert!(s.values.is_empty(), "{:?}", s.values);
        let why = "${EGRESS_SX_NEVER_SET} is not set";
        assert_eq!(s.clean(why), why);
    }

    #[test]
    fn expansions_in_hidden_url_parts_are_secrets_in_the_host_and_path_not() {
        let m = "target:\n  url: https://${EGRESS_SX_USER:-deploy}:x@${EGRESS_SX_HOST:-new.example.com}\n\
                 verification:\n  health_endpoint: /${EGRESS_SX_PATH:-healthz}?key=${EGRESS_SX_KEY:-apikeyvalue}#${EGRESS_SX_F:-fragvalue}\n";
        let s = learned(m, &[]);
        for secret in ["deploy", "apikeyvalue", "fragvalue"] {
            assert!(
                s.values.iter().any(|v| v == secret),
                "{secret}: {:?}",
                s.values
            );
        }
        for shown in ["new.example.com", "healthz"] {
            assert!(
                !s.values.iter().any(|v| v == shown),
                "{shown}: {:?}",
                s.values
            );
        }
        assert_eq!(hidden_parts("https://u:p@h/a?b#c"), [8..11, 15..19]);
        assert_eq!(
            hidden_parts("/up?key=1"),
            vec![std::ops::Range { start: 3, end: 9 }]
        );
        assert!(hidden_parts("https://h/p").is_empty());
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decoded("p%40ss%2Fw").as_deref(), Some("p@ss/w"));
        assert_eq!(percent_decoded("plain"), None);
        assert_eq!(percent_decoded("100%").as_deref(), None);
        assert_eq!(percent_decoded("%ff"), None);
    }
}
