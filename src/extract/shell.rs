//! Shell text inside other formats: a CI step's `run:` block, a GitLab `script:` line, a
//! Dockerfile `RUN`, a build command. Each becomes a `ShellCommand` fact holding the script as
//! the shell reads it (a YAML block's indentation taken away, so heredocs close and `#` starts a
//! comment where the shell says so) and a map back into the file, so that any extractor that
//! looks for commands in shell can place what it finds. Each is also read for the platform
//! commands it runs (`heroku ...`), so CI steps and `RUN` lines have one reader.

use super::{commands, CiSystem, CommandPhase, Cx, Lit, Origin, Runner, ShellCommand};
use crate::parse::yaml;
use crate::source::Span;

/// A YAML scalar that is shell (`run: |` and its lines, `- bin/rails db:migrate`).
pub fn from_yaml(cx: &mut Cx, node: &yaml::Node, phase: CommandPhase, origin: Origin) {
    let Some(text) = node.as_value_str() else {
        return;
    };
    if text.trim().is_empty() {
        return;
    }
    let span = node.span.snap(cx.text);
    let lines = anchor_lines(cx.text, span, text);
    record(cx, span, text.to_string(), lines, phase, origin);
    if let Some(runner) = runner(cx, origin) {
        commands::in_yaml_scalar(cx, node, runner);
    }
}

/// Shell written in the file as it is (a Dockerfile `RUN` and its continuation lines).
pub fn verbatim(cx: &mut Cx, span: Span, phase: CommandPhase, origin: Origin) {
    let span = span.snap(cx.text);
    let text = &cx.text[span.start..span.end];
    if text.trim().is_empty() {
        return;
    }
    let mut lines = vec![(0, 0)];
    lines.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1, i + 1)));
    lines.retain(|(t, _)| *t < text.len());
    record(cx, span, text.to_string(), lines, phase, origin);
    if let Some(runner) = runner(cx, origin) {
        commands::in_shell(cx, text, span.start, runner);
    }
}

fn record(
    cx: &mut Cx,
    span: Span,
    text: String,
    lines: Vec<(usize, usize)>,
    phase: CommandPhase,
    origin: Origin,
) {
    cx.facts.shell_commands.push(ShellCommand {
        at: cx.loc(span),
        text,
        lines,
        phase,
        origin,
    });
}

/// Who runs shell written in a file of this origin, when the file mentions `heroku` (the
/// literal every platform command needs).
fn runner(cx: &Cx, origin: Origin) -> Option<Runner> {
    if !cx.hits.has(Lit::Heroku) {
        return None;
    }
    match origin {
        Origin::GithubActions => Some(Runner::Ci(CiSystem::GitHubActions)),
        Origin::GitlabCi => Some(Runner::Ci(CiSystem::GitLab)),
        Origin::Dockerfile => Some(Runner::Dockerfile),
        _ => None,
    }
}

/// Where each line of a scalar's value starts in the file, relative to the scalar's span: each
/// line's first characters are looked for in the file after the previous line's (a block
/// scalar's lines are in the file as they are, only indented; a quoted or folded scalar keeps
/// most of each line). A line not found starts where the previous one ended.
fn anchor_lines(file: &str, span: Span, value: &str) -> Vec<(usize, usize)> {
    let raw = &file[span.start..span.end];
    let mut out = Vec::new();
    let mut cursor = 0usize;
    let mut offset = 0usize;
    for line in value.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let probe: String = content.trim_start().chars().take(24).collect();
        let found = (!probe.is_empty())
            .then(|| raw.get(cursor..).and_then(|r| r.find(&probe)))
            .flatten();
        let at = match found {
            Some(i) => {
                let start = cursor + i;
                cursor = start + probe.len();
                start.saturating_sub(lead)
            }
            None => cursor,
        };
        out.push((offset, at.min(raw.len())));
        offset += line.len();
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    // Keep the map ascending in both columns (a probe found twice cannot move back).
    for i in 1..out.len() {
        if out[i].1 < out[i - 1].1 {
            out[i].1 = out[i - 1].1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::{CommandPhase, Origin};

    #[test]
    fn a_run_block_maps_back_to_its_lines() {
        let text = "jobs:\n  deploy:\n    steps:\n      - run: |\n          cat <<EOF > out.txt\n          heroku: yes\n          EOF\n          heroku pg:backups:capture --app shop\n";
        let f = facts(".github/workflows/deploy.yml", text);
        let s = &f.shell_commands[0];
        assert_eq!(s.origin, Origin::GithubActions);
        assert_eq!(s.phase, CommandPhase::Ci);
        assert!(s
            .text
            .starts_with("cat <<EOF > out.txt\nheroku: yes\nEOF\n"));
        let at = s.text.find("heroku pg").unwrap();
        let off = s.file_offset(at);
        assert!(text[off..].starts_with("heroku pg:backups:capture"));
        let yes = s.text.find("yes").unwrap();
        assert!(text[s.file_offset(yes)..].starts_with("yes"));
    }

    #[test]
    fn single_line_and_quoted_steps() {
        let text = "jobs:\n  ci:\n    steps:\n      - run: bin/rails db:migrate\n      - run: \"echo \\\"hi\\\" && make\"\n";
        let f = facts(".github/workflows/ci.yml", text);
        let cmds: Vec<_> = f.shell_commands.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(cmds, ["bin/rails db:migrate", "echo \"hi\" && make"]);
        let s = &f.shell_commands[0];
        assert!(text[s.file_offset(4)..].starts_with("rails db:migrate"));
        let q = &f.shell_commands[1];
        let off = q.file_offset(q.text.len());
        assert!(off <= q.at.span.end);
    }
}
