//! Each file format through the whole extractor, with the facts checked.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// One file format each, through `extract::extract`

/// `Procfile`.
pub fn procfile(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("Procfile", &text);
    for p in &facts.services {
        assert!(!p.name.is_empty(), "process type without a name");
    }
}

/// Runtime pins and language manifests; the first byte picks the file.
pub fn pins(data: &[u8]) {
    let Some((path, text)) = pick(data, PINS_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for p in &facts.pins {
        assert!(!p.version.trim().is_empty(), "empty version pinned");
    }
}

/// `.env` files (and one with a development name).
pub fn env_file(data: &[u8]) {
    let text = text(data);
    extract_file(".env", &text);
    extract_file("config/.env.test", &text);
}

/// SQL dumps.
pub fn sql(data: &[u8]) {
    let text = text(data);
    extract_file("db/structure.sql", &text);
}

/// Crontabs, whenever, node-cron, Kubernetes CronJob and sidekiq-cron YAML, Heroku Scheduler
/// jobs; the first byte picks the file.
pub fn cron_source(data: &[u8]) {
    let Some((path, text)) = pick(data, CRON_PATHS) else {
        return;
    };
    extract_file(path, &text);
}

/// Code by language (and an extensionless script, code by its shebang); the first byte picks
/// the file.
/// Every file also takes the inventory's second look (`EnvUse`: every env read).
pub fn code(data: &[u8]) {
    let Some((path, text)) = pick(data, CODE_PATHS) else {
        return;
    };
    extract_file(path, &text);
    let path = Path::new(path);
    let src = Source {
        path: path.to_path_buf(),
        kind: classify(path),
        root_depth: 0,
        text: text.to_string(),
        reported: true,
    };
    let uses = Facts {
        env_uses: extract::env_uses_of(&src, 0),
        ..Facts::default()
    };
    for u in &uses.env_uses {
        assert!(!u.name.is_empty(), "env use without a name");
    }
    check_facts(&text, 0, &uses);
}

/// Buildpack files, app.json add-ons and scripts, package.json build hooks, Scheduler rake
/// files, Dockerfile `FROM`; the first byte picks the file. Every fact names something.
pub fn builds(data: &[u8]) {
    let Some((path, text)) = pick(data, BUILD_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for p in &facts.system_packages {
        assert!(!p.name.trim().is_empty(), "{path}: an empty package");
    }
    for b in &facts.buildpacks {
        assert!(!b.url.trim().is_empty(), "{path}: an empty buildpack");
    }
    for a in &facts.add_ons {
        assert!(
            !a.service.trim().is_empty(),
            "{path}: an add-on without a service"
        );
    }
    for h in &facts.build_hooks {
        assert!(!h.name.is_empty(), "{path}: a build hook without a name");
    }
    for t in &facts.scheduled_tasks {
        assert!(
            !t.name.is_empty() && !t.name.ends_with(':'),
            "{path}: task {:?}",
            t.name
        );
    }
}

/// `Requirement::parse` on any text: a range allows what it names exactly, agrees with itself,
/// and agreement does not depend on the order.
pub fn runtime_req(data: &[u8]) {
    use crate::facts::Requirement;
    let text = text(data);
    let (a, b) = text.split_once('\n').unwrap_or((&text, "3.12"));
    let (ra, rb) = (Requirement::parse(a), Requirement::parse(b));
    for r in [&ra, &rb] {
        if matches!(r, Requirement::Range(_)) {
            assert!(r.intersect(r).is_some(), "{r:?} does not agree with itself");
        }
        if let Some(v) = r.exact() {
            assert!(r.allows(&v), "{r:?} does not allow its exact version {v}");
            assert_eq!(Requirement::parse(&v).exact().as_deref(), Some(v.as_str()));
        }
        let _ = (r.open_ended(), r.spans_minors());
    }
    assert_eq!(
        ra.intersect(&rb).is_some(),
        rb.intersect(&ra).is_some(),
        "agreement of {a:?} and {b:?} depends on the order"
    );
}

/// Platform files: app.json, compose, Dockerfiles, the contract; the first byte picks the file.
pub fn platform(data: &[u8]) {
    let Some((path, text)) = pick(data, PLATFORM_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for s in &facts.services {
        assert!(!s.name.is_empty(), "{path}: a service without a name");
    }
    for h in &facts.health_checks {
        assert!(
            !h.probe.is_empty(),
            "{path}: a health check without a probe"
        );
    }
}

/// What every platform file's facts must satisfy: services have names, health checks probe
/// something, declared variables have names and keep secret values out of the fact.
pub(super) fn check_platform(path: &str, facts: &Facts) {
    for s in &facts.services {
        assert!(!s.name.is_empty(), "{path}: a service without a name");
    }
    for h in &facts.health_checks {
        assert!(
            !h.probe.is_empty(),
            "{path}: a health check without a probe"
        );
    }
    for d in &facts.env_decls {
        assert!(!d.name.is_empty(), "{path}: a variable without a name");
        if d.secret {
            if let crate::facts::EnvValue::Literal(v) = &d.value {
                assert_eq!(
                    v,
                    crate::redact::MASK,
                    "{path}: a secret value kept in a fact"
                );
            }
        }
    }
    for p in &facts.pre_deploys {
        assert!(
            !p.command.trim().is_empty(),
            "{path}: an empty pre-deploy command"
        );
    }
}

/// `heroku.yml`.
pub fn heroku_yml(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("heroku.yml", &text);
    check_platform("heroku.yml", &facts);
}

/// `render.yaml`.
pub fn render_yaml(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("render.yaml", &text);
    check_platform("render.yaml", &facts);
}

/// `fly.toml`.
pub fn fly_toml(data: &[u8]) {
    let text = text(data);
    let facts = extract_file("fly.toml", &text);
    check_platform("fly.toml", &facts);
}

/// `railway.json` and `railway.toml`; the first byte picks the file.
pub fn railway(data: &[u8]) {
    picked_platform(data, RAILWAY_PATHS);
}

/// Kubernetes manifests (several documents, any kind).
pub fn kubernetes(data: &[u8]) {
    let text = text(data);
    // Sniffed by content: give the text the keys that make it a manifest when it has none.
    let facts = extract_file("k8s/app.yaml", &text);
    check_platform("k8s/app.yaml", &facts);
    if !text.contains("apiVersion:") {
        let framed = format!("apiVersion: v1\nkind: Pod\n{text}");
        let facts = extract_file("k8s/app.yaml", &framed);
        check_platform("k8s/app.yaml", &facts);
    }
}

/// GitHub Actions workflows and GitLab CI; the first byte picks the file.
pub fn ci(data: &[u8]) {
    picked_platform(data, CI_PATHS);
}

/// A platform file of the list, picked by the first byte.
pub(super) fn picked_platform(data: &[u8], paths: &[&'static str]) {
    if let Some((path, text)) = pick(data, paths) {
        check_platform(path, &extract_file(path, &text));
    }
}

/// The redactor and the escaper on any text: secret spans sorted, disjoint and on character
/// boundaries; masking is stable; escaped text holds no control character but the tab, and a
/// snippet keeps the text's length (offsets into it stay valid).
pub fn redact(data: &[u8]) {
    let text = text(data);
    let spans = crate::redact::secret_spans(&text);
    for w in spans.windows(2) {
        assert!(
            w[0].end < w[1].start,
            "secret spans overlap or touch: {w:?}"
        );
    }
    for s in &spans {
        check_span(&text, *s, "secret");
    }
    // Masking is stable: what one pass leaves, a second pass leaves alone (a secret never
    // reappears from under its mask).
    let masked = crate::redact::mask(&text, &spans);
    let again = crate::redact::mask(&masked, &crate::redact::secret_spans(&masked));
    assert_eq!(again, masked, "masking a masked text changed it");
    let _ = crate::redact::text(&text);
    let escaped = crate::printable::escape(&text);
    assert!(
        !escaped.chars().any(|c| c.is_control() && c != '\t'),
        "an escaped text holds a control character"
    );
    let snippet = crate::printable::snippet(&text);
    assert_eq!(snippet.len(), text.len(), "a snippet changes length");
}

/// `parse::shell::commands`: every command inside its logical line, its words in order inside
/// it, every span on character boundaries, a program index that names one of its words.
pub fn shell(data: &[u8]) {
    let text = text(data);
    for c in crate::parse::shell::commands(&text) {
        check_span(&text, c.span, "command");
        check_span(&text, c.line, "command line");
        assert!(c.line.contains(c.span), "command {c:?} outside its line");
        let mut pos = c.span.start;
        for w in &c.words {
            check_span(&text, w.span, "word");
            check_span(&text, w.inner, "word's inner text");
            assert!(w.span.contains(w.inner), "inner text outside its word");
            assert!(c.span.contains(w.span), "word outside its command");
            assert!(w.span.start >= pos, "words out of order");
            pos = w.span.end;
        }
        if let Some(i) = c.program() {
            assert!(i < c.words.len(), "program index out of range");
        }
        let _ = c.inline_script();
    }
}

/// Command lines and CI steps through their formats (the first byte picks the file): every
/// platform command inside its line, and every literal secret inside a span that reports blank.
pub fn automation(data: &[u8]) {
    let Some((path, text)) = pick(data, AUTOMATION_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for p in &facts.platform_commands {
        check_span(&text, p.line, "command line");
        assert!(
            p.line.contains(p.at.span),
            "{path}: platform command outside its line"
        );
    }
    for s in &facts.literal_secrets {
        assert!(
            facts.secrets.iter().any(|m| m.contains(s.at.span)),
            "{path}: a literal secret {:?} that reports would not blank",
            s.at.span
        );
    }
}

/// `egress-ignore` directives in every comment syntax, extracted and then applied to the
/// file's findings by the engine; the first byte picks the file.
pub fn suppressions(data: &[u8]) {
    let Some((path, text)) = pick(data, SUPPRESSION_PATHS) else {
        return;
    };
    extract_file(path, &text);
    let (contract, findings) = crate::engine::lint_memory(&[(path, &text)], &every_rule());
    check_findings(&contract, &findings);
}

/// The schema and TLS facts that need context (appended queries, TLS verification switched
/// off, extensions enabled, Heroku Connect artefacts, the manifest's and contract's schema
/// errors): their spans, an appended query inside its placeholder's span and starting at its
/// `?`, and every rule's fixes applied leave text that checks again without a panic.
pub fn schema_tls(data: &[u8]) {
    let Some((path, text)) = pick(data, SCHEMA_TLS_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for a in &facts.appended_queries {
        assert!(
            a.at.span.contains(a.query),
            "appended query outside its span"
        );
        assert!(
            text[a.query.start..].starts_with('?'),
            "appended query does not start at `?`"
        );
        if let Some((at, _, _)) = &a.env_insert {
            assert!(
                *at >= a.query.end,
                "PGSSLMODE goes before the query it replaces"
            );
        }
    }
    for t in &facts.tls_verify_off {
        assert!(!t.at.span.is_empty(), "empty TLS setting");
    }
    for e in &facts.extensions_enabled {
        assert!(!e.name.is_empty(), "an extension without a name");
    }
    let (contract, findings) = crate::engine::lint_memory(&[(path, &text)], &every_rule());
    check_findings(&contract, &findings);
    let fixed = crate::fix::apply_all(&text, findings.iter().filter_map(|f| f.fix.as_ref()));
    let _ = crate::engine::lint_memory(&[(path, &fixed)], &every_rule());
}

/// Host refs (plain `redis://` URLs, `*.herokuapp.com`) and watched variables named in config
/// (`extract::hosts`); the first byte picks the file. A host ref covers what it says it is, its
/// shown form holds no password, and a mention covers a watched name.
pub fn hosts(data: &[u8]) {
    let Some((path, text)) = pick(data, HOSTS_PATHS) else {
        return;
    };
    let facts = extract_file(path, &text);
    for h in &facts.host_refs {
        let at = &text[h.at.span.start..h.at.span.end];
        match h.kind {
            crate::facts::HostRefKind::PlainRedis => {
                assert!(at.starts_with("redis://"), "{path}: redis ref at {at:?}");
                for c in crate::redact::url_credentials(at) {
                    let pw = &at[c.password.start..c.password.end];
                    assert!(
                        pw.len() < 4 || !h.shown.contains(pw),
                        "{path}: password shown in {:?}",
                        h.shown
                    );
                }
            }
            crate::facts::HostRefKind::HerokuApp => {
                assert!(
                    at.to_ascii_lowercase().contains("herokuapp"),
                    "{path}: herokuapp ref at {at:?}"
                );
            }
        }
    }
    for m in &facts.env_mentions {
        assert_eq!(
            &text[m.at.span.start..m.at.span.end],
            m.name,
            "{path}: mention span"
        );
        assert!(
            crate::facts::platform_var(&m.name).is_some(),
            "{path}: {} is not watched",
            m.name
        );
    }
    let (contract, findings) = crate::engine::lint_memory(&[(path, &text)], &every_rule());
    check_findings(&contract, &findings);
}

/// `migration-manifest.yml`, through the extractor and the strict parser `verify` uses.
pub fn manifest(data: &[u8]) {
    let text = text(data);
    extract_file("migration-manifest.yml", &text);
    let Ok(docs) = yaml::parse(&text) else {
        return;
    };
    let Some(root) = docs.first() else { return };
    let (plan, errors) = crate::manifest::Manifest::parse(0, root);
    for e in &errors {
        check_span(&text, e.at.span, "manifest error");
    }
    let mut settings: Vec<&extract::Setting> = plan
        .source_db
        .iter()
        .chain(&plan.target_db)
        .chain(&plan.source_extensions)
        .chain(&plan.target_url)
        .chain(&plan.health_endpoint)
        .collect();
    for w in &plan.webhooks {
        settings.extend(w.current_url.iter().chain(&w.new_url).chain(&w.secret));
        check_span(&text, w.at.span, "webhook entry");
    }
    for s in settings {
        check_span(&text, s.at.span, "plan setting");
        let _ = crate::verify::expand::expand(&s.value);
    }
    if let Some(k) = plan.extensions_key {
        check_span(&text, k.span, "extensions key");
    }
    match &plan.tables {
        Some(crate::manifest::Tables::All(at)) => check_span(&text, at.span, "tables"),
        Some(crate::manifest::Tables::List(list)) => {
            for t in list {
                check_span(&text, t.at.span, "table entry");
            }
        }
        None => {}
    }
}

/// `migration-contract.json`.
pub fn contract(data: &[u8]) {
    let text = text(data);
    extract_file("migration-contract.json", &text);
}

/// `.egress.yml` from text (`extends:` is not followed), then everything the check asks of it.
pub fn config(data: &[u8]) {
    let text = text(data);
    let Ok(cfg) = crate::config::parse_text(Path::new(".egress.yml"), &text) else {
        return;
    };
    let _ = cfg.rule_set(&[], &[]);
    let _ = cfg.rule_set(&["ALL".into()], &["EG1".into()]);
    for id in RuleId::all() {
        let _ = cfg.severity_of(id);
        let _ = cfg.keeps(id, Path::new("app/models/user.rb"));
    }
}

/// A baseline file from text: what loads saves and loads back the same, and with no findings
/// every entry is stale and pruning leaves none.
pub fn baseline(data: &[u8]) {
    use crate::baseline as bl;
    let text = text(data);
    let file = Path::new("egress-baseline.json");
    let Ok(b) = bl::parse_text(file, &text) else {
        return;
    };
    let saved = serde_json::to_string_pretty(&b).expect("a baseline serialises");
    assert_eq!(
        bl::parse_text(file, &saved).as_ref(),
        Ok(&b),
        "saved baseline loads back differently"
    );
    let mut keyer = bl::Keyer::new(file);
    let stale = bl::apply(&b, &mut Vec::new(), &mut keyer, |_| true);
    assert_eq!(
        stale.len(),
        b.entries.len(),
        "with no findings every entry is stale"
    );
    assert!(
        bl::prune(&b, &stale).entries.is_empty(),
        "pruning every stale entry left some"
    );
}
