//! Procfile: `name: command` per line. Each line is a service; `release` is also the step
//! Heroku runs before each release goes live. Lines read as Heroku reads them: anything that is
//! not `name: command` (a `#` or `//` comment, a stray word) is ignored there, so it is ignored
//! here; only a Procfile that declares no process at all is a problem.

use super::super::parsed::Parsed;
use super::super::{commands, connections, env_reads, AppMarker, Cx, Lit};
use crate::facts::{Origin, Runner};
use crate::source::{Lang, Span};

pub fn extract(cx: &mut Cx, _: &Parsed) {
    cx.facts.app_markers.push(AppMarker {
        at: cx.loc(Span::new(0, 0)),
        what: "Procfile",
    });
    if cx.text.trim().is_empty() {
        cx.parse_note(
            0,
            "empty Procfile: it declares no process types, so nothing would run",
        );
        return;
    }
    let mut start = 0;
    let text = cx.text;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - trimmed.len();
        let Some((name, command)) = trimmed.split_once(':') else {
            continue;
        };
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid_name || command.trim().is_empty() {
            continue;
        }
        let cmd_offset = line_start + indent + name.len() + 1;
        let command_trimmed = command.trim_start();
        let cmd_start = cmd_offset + (command.len() - command_trimmed.len());
        let at = Span::new(line_start + indent, line_start + content.len());
        super::process_type(cx, at, name, command_trimmed, Origin::Procfile);
        if cx.hits.has(Lit::Heroku) {
            commands::in_shell(cx, command_trimmed, cmd_start, Runner::Procfile);
        }
        if env_reads::mentions(cx, command_trimmed) {
            env_reads::extract_in(cx, command_trimmed, cmd_start, Lang::Shell);
        }
        // `release: psql "postgres://..." -f db/seed.sql`
        if cx.hits.has(Lit::Postgres) || cx.hits.has(Lit::HostEq) {
            let cmd = Span::new(cmd_start, cmd_start + command_trimmed.len());
            connections::scan(cx, cmd, Some(Lang::Shell));
        }
    }
    if !cx
        .facts
        .services
        .iter()
        .any(|s| s.origin == Origin::Procfile)
    {
        cx.parse_note(
            0,
            "no `name: command` line: the Procfile declares no process types, so nothing would run",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::{Origin, ServiceKind};

    #[test]
    fn procfile_process_types_including_release() {
        let text = "web: bundle exec puma -C config/puma.rb\n# comment\nworker: bundle exec sidekiq\nrelease: bin/rails db:migrate\n";
        let f = facts("Procfile", text);
        let names: Vec<_> = f
            .services
            .iter()
            .map(|p| (p.name.as_str(), p.command.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("web", "bundle exec puma -C config/puma.rb"),
                ("worker", "bundle exec sidekiq"),
                ("release", "bin/rails db:migrate")
            ]
        );
        assert_eq!(f.app_markers.len(), 1);
        let bad = facts("Procfile", "web bundle exec puma\n");
        assert_eq!(bad.parse_errors.len(), 1);
        assert!(bad.parse_errors[0].accepted, "Heroku accepts it: a note");
    }

    #[test]
    fn lines_heroku_ignores_are_ignored() {
        let f = facts(
            "Procfile",
            "# comment\n// also a comment\nweb: bundle exec puma\nnotes about the worker\nworker:\n\n",
        );
        assert!(f.parse_errors.is_empty(), "{:?}", f.parse_errors);
        let names: Vec<_> = f.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["web"]);
    }

    #[test]
    fn services_and_the_release_phase() {
        let f = facts(
            "Procfile",
            "web: bundle exec puma\nworker: bundle exec sidekiq\nrelease: bin/rails db:migrate\n",
        );
        let kinds: Vec<_> = f
            .services
            .iter()
            .map(|s| (s.name.as_str(), s.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("web", ServiceKind::Web),
                ("worker", ServiceKind::Worker),
                ("release", ServiceKind::Release)
            ]
        );
        assert!(f.services.iter().all(|s| s.origin == Origin::Procfile));
        assert_eq!(f.pre_deploys.len(), 1);
        assert_eq!(f.pre_deploys[0].command, "bin/rails db:migrate");
    }
}
