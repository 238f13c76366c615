//! The literal prefilter: a few SIMD passes tell which hazard literals a text holds, so a file
//! that mentions none of them costs those scans and no regex.
//!
//! aho-corasick's fastest searcher (Teddy, 256-bit "slim") holds at most 32 patterns and
//! fingerprints their first 4 bytes: one literal of 3 bytes, or a 33rd literal, switches the
//! whole set to a searcher about ten times slower on this workload (measured with `perf` on the
//! benchmark tree: 1.6% of the run with 22 literals, 15.6% with 61). So literals of 4 bytes or
//! more go into small Aho-Corasick sets ([`SET_MAX`]), and shorter ones are each found with
//! `memmem`.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Literals whose absence proves a file holds no fact of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Lit {
    /// A variable Heroku injects (`DYNO`, `HEROKU_APP_NAME`, `KAFKA_PREFIX`, ...: the names of
    /// `facts::platform_var`), or a pydantic settings class that may read one.
    EnvName,
    Postgres,
    HostEq,
    HerokuExt,
    Cron,
    SslMode,
    /// `egress-ignore:` directives.
    Suppress,
    /// A PostgreSQL client named without the word `postgres` (`client: 'pg'`, psycopg).
    PgClient,
    /// TLS certificate verification switched off (`VERIFY_NONE`, `rejectUnauthorized`, ...).
    TlsVerify,
    /// A query string appended in text (`${DATABASE_URL}?sslmode=require`).
    QuerySslMode,
    /// An extension enabled (`CREATE EXTENSION`, `enable_extension`, `TrigramExtension()`).
    Extension,
    PgStatStatements,
    /// Heroku Connect's schema, sync columns and trigger log.
    HerokuConnect,
    /// `heroku`: the CLI, a git remote, a deploy action (EG602).
    Heroku,
    /// The prefixes of tokens whose shape gives them away (EG702).
    SecretToken,
    /// URL schemes other than PostgreSQL's whose URLs carry passwords (EG702).
    CredentialUrl,
    /// `herokuapp`: a Heroku app's host name (EG601).
    HerokuApp,
}

const LITERALS: &[(&str, Lit)] = &[
    ("DYNO", Lit::EnvName),
    // pydantic settings classes read each field from the variable of its name (`dyno: str`).
    ("BaseSettings", Lit::EnvName),
    ("postgres", Lit::Postgres),
    ("POSTGRES", Lit::Postgres),
    ("postgis", Lit::Postgres),
    ("POSTGIS", Lit::Postgres),
    ("host=", Lit::HostEq),
    ("heroku_ext", Lit::HerokuExt),
    ("HEROKU_EXT", Lit::HerokuExt),
    ("cron", Lit::Cron),
    ("Cron", Lit::Cron),
    // rufus-scheduler's `.every` / `.at` calls name no cron.
    ("Rufus", Lit::Cron),
    ("rufus", Lit::Cron),
    ("SSLMODE", Lit::SslMode),
    ("egress-ignore", Lit::Suppress),
    ("'pg'", Lit::PgClient),
    ("\"pg\"", Lit::PgClient),
    ("psycopg", Lit::PgClient),
    ("asyncpg", Lit::PgClient),
    ("VERIFY_NONE", Lit::TlsVerify),
    ("ssl_cert_reqs", Lit::TlsVerify),
    ("CERT_NONE", Lit::TlsVerify),
    ("rejectUnauthorized", Lit::TlsVerify),
    ("InsecureSkipVerify", Lit::TlsVerify),
    ("?sslmode=", Lit::QuerySslMode),
    ("&sslmode=", Lit::QuerySslMode),
    ("EXTENSION", Lit::Extension),
    ("enable_extension", Lit::Extension),
    ("create extension", Lit::Extension),
    ("Extension(", Lit::Extension),
    ("pg_stat_statements", Lit::PgStatStatements),
    ("salesforce", Lit::HerokuConnect),
    ("_hc_lastop", Lit::HerokuConnect),
    ("_hc_err", Lit::HerokuConnect),
    ("_trigger_log", Lit::HerokuConnect),
    // Before `heroku`: of two literals at one place the first listed wins.
    ("herokuapp", Lit::HerokuApp),
    ("heroku", Lit::Heroku),
    ("sk_live_", Lit::SecretToken),
    ("rk_live_", Lit::SecretToken),
    ("whsec_", Lit::SecretToken),
    ("SG.", Lit::SecretToken),
    ("ghp_", Lit::SecretToken),
    ("gho_", Lit::SecretToken),
    ("github_pat_", Lit::SecretToken),
    ("xoxb-", Lit::SecretToken),
    ("xoxp-", Lit::SecretToken),
    ("PRIVATE KEY-----", Lit::SecretToken),
    ("redis://", Lit::CredentialUrl),
    ("rediss://", Lit::CredentialUrl),
    ("amqp://", Lit::CredentialUrl),
    ("amqps://", Lit::CredentialUrl),
    ("mongodb://", Lit::CredentialUrl),
    ("mongodb+srv://", Lit::CredentialUrl),
    ("mysql://", Lit::CredentialUrl),
    ("mysql2://", Lit::CredentialUrl),
    // After `HEROKU_EXT`: of two literals at one place the first listed wins.
    ("HEROKU_", Lit::EnvName),
    ("KAFKA_", Lit::EnvName),
    ("DATABASE_CONNECTION_POOL_URL", Lit::EnvName),
    ("REDIS_TLS_URL", Lit::EnvName),
];

static PREFILTER: LazyLock<Prefilter> =
    LazyLock::new(|| Prefilter::new(LITERALS.iter().map(|(s, l)| (*s, *l as u32))));

/// Which literal classes a text contains, as a bit set (up to 128 classes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hits(u128);

impl Hits {
    pub fn scan(text: &str) -> Hits {
        PREFILTER.scan(text)
    }
    pub fn has(self, lit: Lit) -> bool {
        self.has_bit(lit as u32)
    }
    fn has_bit(self, bit: u32) -> bool {
        self.0 & (1 << bit) != 0
    }
    pub fn any(self) -> bool {
        self.0 != 0
    }
    /// The same hits, and `lit`.
    pub fn with(self, lit: Lit) -> Hits {
        Hits(self.0 | 1 << lit as u32)
    }
}

/// Literals, each mapped to the class bit it sets.
struct Prefilter {
    /// Sets of at most [`SET_MAX`] literals of at least [`SHORT`] bytes, and each one's bit.
    sets: Vec<(AhoCorasick, Vec<u32>, u128)>,
    /// Literals shorter than [`SHORT`], each with its bit.
    short: Vec<(memchr::memmem::Finder<'static>, u32)>,
}

/// Patterns per set: slim Teddy takes at most 32, but how fast a set runs depends on how its
/// patterns share Teddy's buckets; on the benchmark tree three sets of at most 20 took 109 ms,
/// two of at most 32 took 120 ms, sets of 26 took 198 ms (`examples/prefilter_bench.rs`).
const SET_MAX: usize = 20;
/// The bytes Teddy fingerprints.
const SHORT: usize = 4;

impl Prefilter {
    fn new<'a>(literals: impl Iterator<Item = (&'a str, u32)>) -> Prefilter {
        let (long, short): (Vec<_>, Vec<_>) = literals.partition(|(w, _)| w.len() >= SHORT);
        assert!(
            long.iter().chain(&short).all(|(_, b)| *b < 128),
            "at most 128 literal classes fit in Hits"
        );
        let sets = long
            .chunks(SET_MAX)
            .map(|chunk| {
                let (words, bits): (Vec<&str>, Vec<u32>) = chunk.iter().copied().unzip();
                let all = bits.iter().fold(0u128, |m, b| m | 1 << b);
                // Leftmost-first (not overlapping) search lets aho-corasick use its SIMD
                // prefilter; the literals do not overlap in ways that matter for presence.
                let ac = AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(&words)
                    .expect("literal set");
                (ac, bits, all)
            })
            .collect();
        let short = short
            .into_iter()
            .map(|(w, b)| (memchr::memmem::Finder::new(w.as_bytes()).into_owned(), b))
            .collect();
        Prefilter { sets, short }
    }

    fn scan(&self, text: &str) -> Hits {
        let mut hits = 0u128;
        for (ac, bits, all) in &self.sets {
            // Once every class of the set is seen, the rest of the text cannot add one.
            for m in ac.find_iter(text) {
                hits |= 1 << bits[m.pattern().as_usize()];
                if hits & all == *all {
                    break;
                }
            }
        }
        for (finder, bit) in &self.short {
            if hits & 1 << bit == 0 && finder.find(text.as_bytes()).is_some() {
                hits |= 1 << bit;
            }
        }
        Hits(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_classes_are_all_found_and_the_scan_stops_only_when_all_are() {
        // More classes than a byte holds, one literal each, the last one late in the text.
        let words: Vec<String> = (0..100).map(|i| format!("lit{i:03}x")).collect();
        let p = Prefilter::new(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.as_str(), i as u32)),
        );
        let text = words[..99].join(" ") + &" filler".repeat(100) + " lit099x";
        let hits = p.scan(&text);
        assert!((0..100).all(|b| hits.has_bit(b)));
        assert!(!p.scan("lit003x").has_bit(4));
        assert!(p.scan("lit003x").has_bit(3));
    }

    #[test]
    fn every_class_of_the_built_in_set_is_reachable() {
        for (word, lit) in LITERALS {
            assert!(Hits::scan(word).has(*lit), "{word}");
        }
    }
}
