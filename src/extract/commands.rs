//! Automation that drives a hosting platform, wherever a command line is written: shell
//! scripts, Makefile recipes, code that shells out (Ruby `sh "..."`, `system`, backticks,
//! `%x()`; Python `subprocess`, `os.system`, invoke's `c.run`; JavaScript `child_process`),
//! Procfile and package.json commands, Dockerfile `RUN` and CI steps (walked in `ci_steps`),
//! plus `dpl --provider=heroku`.
//!
//! Every command line goes through one shell reader (`parse::shell`), which knows comments,
//! quotes, heredocs, substitutions and wrappers: `echo "heroku run x"`, `# heroku ...`,
//! `command -v heroku`, `which heroku` and a heredoc body run no `heroku`; `$(heroku
//! config:get X)` and `sudo heroku ...` do. Only files that hold the literal `heroku` are read.

use super::{Cx, PlatformCall, PlatformCommand, Runner};
use crate::parse::lexer::Lexed;
use crate::parse::shell::{self, Command};
use crate::parse::yaml;
use crate::source::Lang;
use crate::source::{slice, Span};

/// The commands of shell text `text`, which sits in the file at `base` (it may be a copy of
/// that part of the file with the same length, such as a Makefile with `$$` unescaped).
pub fn in_shell(cx: &mut Cx, text: &str, base: usize, runner: Runner) {
    in_shell_at(cx, text, base, runner, 0);
}

fn in_shell_at(cx: &mut Cx, text: &str, base: usize, runner: Runner, depth: usize) {
    if !text.contains("heroku") {
        return;
    }
    for c in shell::commands(text) {
        // `bash -c 'heroku run ...'`: the script is a command line of its own.
        if let Some(script) = c.inline_script().filter(|_| depth < 2) {
            let inner = script.inner;
            if let Some(sub) = text.get(inner.start..inner.end) {
                in_shell_at(cx, sub, base + inner.start, runner, depth + 1);
            }
        }
        if let Some((program, call)) = heroku_call(&c) {
            let start = c.words[program].span.start;
            let at = cx.loc(Span::new(start, c.span.end).offset(base));
            cx.facts.platform_commands.push(PlatformCommand {
                at,
                line: c.line.offset(base),
                platform: "heroku",
                call,
                runner,
            });
        }
    }
}

/// Heroku CLI subcommands that only look after the CLI itself.
const CLI_SELF: &[&str] = &[
    "version",
    "help",
    "update",
    "autocomplete",
    "--version",
    "-v",
];

/// What a command does with Heroku, and the index of its program word.
fn heroku_call(c: &Command) -> Option<(usize, PlatformCall)> {
    let (i, name) = c.program_name()?;
    match name {
        "heroku" => {
            let sub = c.words.get(i + 1)?;
            let t = sub.text.as_str();
            if CLI_SELF.contains(&t) || t.starts_with("plugins") || t == "--help" || t == "-h" {
                return None;
            }
            let named = sub.literal
                && t.len() <= 40
                && t.starts_with(|c: char| c.is_ascii_lowercase())
                && t.bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b":_-".contains(&c));
            let subcommand = if named { t.to_string() } else { String::new() };
            Some((i, PlatformCall::Cli { subcommand }))
        }
        "git" => git_push(c, i).map(|remote| (i, PlatformCall::GitPush { remote })),
        // Travis CI's deploy tool, also run by hand in GitLab CI jobs: `dpl
        // --provider=heroku --app=... --api-key=...` (v1), `dpl heroku api ...` (v2).
        "dpl" => {
            let args: Vec<&str> = c.words[i + 1..].iter().map(|w| w.text.as_str()).collect();
            let heroku = args.first().is_some_and(|a| *a == "heroku")
                || args
                    .iter()
                    .any(|a| is_heroku_provider(a.strip_prefix("--provider=")))
                || args
                    .windows(2)
                    .any(|w| w[0] == "--provider" && is_heroku_provider(Some(w[1])));
            heroku.then(|| {
                let name = "dpl".to_string();
                (i, PlatformCall::Integration { name })
            })
        }
        _ => None,
    }
}

/// `heroku`, or one of dpl v2's Heroku strategies (`heroku:api`, `heroku:git`).
pub(super) fn is_heroku_provider(p: Option<&str>) -> bool {
    p.is_some_and(|p| p == "heroku" || p.starts_with("heroku:"))
}

/// `git push [options] <remote> ...` to a Heroku remote: the remote's name when it is a plain
/// name (never a URL, which may hold a token).
fn git_push(c: &Command, program: usize) -> Option<Option<String>> {
    let mut words = c.words[program + 1..].iter().map(|w| w.text.as_str());
    // git's own options before the subcommand.
    let sub = loop {
        match words.next()? {
            "-C" | "-c" | "--git-dir" | "--work-tree" => {
                words.next();
            }
            o if o.starts_with('-') => {}
            s => break s,
        }
    };
    if sub != "push" {
        return None;
    }
    let mut remote = None;
    while let Some(w) = words.next() {
        if let Some(repo) = w.strip_prefix("--repo=") {
            remote = Some(repo);
            break;
        }
        if matches!(
            w,
            "--repo" | "-o" | "--push-option" | "--receive-pack" | "--exec"
        ) {
            let arg = words.next();
            if w == "--repo" {
                remote = arg;
                break;
            }
            continue;
        }
        if !w.starts_with('-') {
            remote = Some(w);
            break;
        }
    }
    let remote = remote?;
    let named = remote
        .split(['-', '_', '.'])
        .any(|part| part.eq_ignore_ascii_case("heroku"))
        && remote
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(&c));
    let url = remote.contains("git.heroku.com") || remote.contains("heroku.com/");
    if named {
        Some(Some(remote.to_string()))
    } else if url {
        Some(None)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Where command lines are written

/// A shell script: the whole file.
pub fn in_script(cx: &mut Cx) {
    let text = cx.text;
    in_shell(cx, text, 0, Runner::Script);
}

/// A Makefile: recipes are shell once make has unescaped `$$`, and `$(shell ...)` runs one
/// anywhere. Recipe prefixes (`@`, `-`, `+`) are not part of the command.
pub fn in_makefile(cx: &mut Cx) {
    let mut b = cx.text.as_bytes().to_vec();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        if line_start && b[i] == b'\t' {
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b'@' | b'-' | b'+' | b' ' | b'\t') {
                b[j] = b' ';
                j += 1;
            }
            i = j;
            line_start = false;
            continue;
        }
        line_start = b[i] == b'\n';
        if b[i..].starts_with(b"$$") {
            b[i] = b' ';
            i += 2;
            continue;
        }
        if b[i..].starts_with(b"$(shell ") {
            b[i + 2..i + 7].fill(b' ');
            i += 8;
            continue;
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by spaces, so the text is still UTF-8.
    let text = String::from_utf8(b).unwrap_or_else(|_| cx.text.to_string());
    in_shell(cx, &text, 0, Runner::Makefile);
}

/// Functions and methods that run their string argument (or a list of strings) as a command,
/// per language, and whether a call needs a known receiver.
fn shell_calls(lang: Lang) -> &'static [&'static str] {
    match lang {
        // Kernel, Open3, IO; rake's `sh`; Thor's and Capistrano's `run`.
        Lang::Ruby => &[
            "sh",
            "system",
            "exec",
            "spawn",
            "run",
            "capture2",
            "capture2e",
            "capture3",
            "popen",
            "popen2",
            "popen2e",
            "popen3",
            "pipeline",
        ],
        // subprocess, os, invoke/fabric's `c.run` and `local`.
        Lang::Python => &[
            "run",
            "call",
            "check_call",
            "check_output",
            "Popen",
            "system",
            "popen",
            "getoutput",
            "getstatusoutput",
            "local",
        ],
        // child_process, execa, shelljs.
        Lang::JavaScript | Lang::TypeScript => &[
            "exec",
            "execSync",
            "execFile",
            "execFileSync",
            "spawn",
            "spawnSync",
            "execa",
            "execaSync",
            "execaCommand",
            "execaCommandSync",
        ],
        _ => &[],
    }
}

/// Code that shells out: Ruby `sh "heroku ..."`, `system("heroku", "run", ...)`, backticks and
/// `%x(...)`; Python `subprocess.run(["heroku", ...])`, `os.system(...)`, invoke's `c.run(...)`;
/// JavaScript `execSync("heroku ...")`, `spawn("heroku", [...])`.
pub fn in_code(cx: &mut Cx, lexed: &Lexed, lang: Lang) {
    if shell_calls(lang).is_empty() {
        return;
    }
    let text = cx.text;
    let masked = lexed.masked.as_str();
    let strings = &lexed.strings;
    let runner = Runner::Code(lang);
    for (n, s) in strings.iter().enumerate() {
        let raw = &text[s.start..s.end];
        if !raw.contains("heroku") || raw.len() < 2 {
            continue;
        }
        // Ruby's backticks run a command; JavaScript's are template literals.
        let backtick = lang == Lang::Ruby && raw.starts_with('`');
        if !backtick && !shell_call_before(masked, s.start, lang) {
            continue;
        }
        let content = literal_content(raw).offset(s.start);
        let body = slice(text, content);
        // `system("heroku", "run", "rake db:migrate")`: the program and its arguments apart.
        if body == "heroku" {
            let args = following_args(text, masked, strings, n);
            let joined = std::iter::once("heroku".to_string())
                .chain(args.iter().map(|a| format!("'{}'", slice(text, *a))))
                .collect::<Vec<_>>()
                .join(" ");
            let end = args.last().map_or(s.end, |a| a.end + 1).min(text.len());
            let cmd = shell::commands(&joined);
            if let Some((_, call)) = cmd.first().and_then(heroku_call) {
                let at = cx.loc(Span::new(s.start, end));
                cx.facts.platform_commands.push(PlatformCommand {
                    at,
                    line: Span::new(s.start, end),
                    platform: "heroku",
                    call,
                    runner,
                });
            }
            continue;
        }
        // Interpolations are expansions to the shell (`${...}`), not comments.
        let shellish = body.replace("#{", "${");
        in_shell(cx, &shellish, content.start, runner);
    }
    if lang == Lang::Ruby {
        percent_literals(cx, masked);
    }
}

/// The text of a string literal inside its quotes (past a prefix such as Python's `f`, and
/// triple quotes), relative to the literal; a heredoc body starts after its line break.
fn literal_content(raw: &str) -> Span {
    if raw.starts_with('\n') {
        return Span::new(1, raw.len());
    }
    let Some(open) = raw.find(['"', '\'', '`']) else {
        return Span::new(0, raw.len());
    };
    let q = raw.as_bytes()[open];
    let run = if raw.as_bytes().get(open..open + 3) == Some(&[q, q, q][..]) {
        3
    } else {
        1
    };
    let start = open + run;
    let closer =
        raw.len() >= start + run && raw.as_bytes()[raw.len() - run..].iter().all(|c| *c == q);
    let end = if closer { raw.len() - run } else { raw.len() };
    Span::new(start.min(end), end)
}

/// Whether the code before a string literal at `start` calls something that runs it
/// (`sh "..."`, `system(`, `Open3.capture2e(`, `subprocess.run([`, `execSync(`).
fn shell_call_before(masked: &str, start: usize, lang: Lang) -> bool {
    let Some(before) = masked.get(..start) else {
        return false;
    };
    // Python's string prefixes (`f"..."`, `rb'...'`) sit between the call and the quote.
    let prefix = last_word(before);
    let before = if lang == Lang::Python
        && (1..=2).contains(&prefix.len())
        && prefix.bytes().all(|c| b"rRbBfFuU".contains(&c))
    {
        &before[..before.len() - prefix.len()]
    } else {
        before
    };
    let before = before
        .trim_end_matches(|c: char| c == '(' || c == '[' || c.is_whitespace())
        .trim_end();
    let name = last_word(before);
    let name_start = before.len() - name.len();
    let receiver = before[..name_start]
        .strip_suffix('.')
        .map(|r| last_word(r.trim_end()));
    // Ruby: not a method of something else (`config.run "..."` is not a shell); a receiver
    // is allowed only for Kernel, Open3 and IO. Python and JavaScript calls go through
    // modules and objects of any name (`subprocess.run`, `c.run`, `cp.execSync`).
    let receiver_ok = match lang {
        Lang::Ruby => receiver.is_none_or(|r| matches!(r, "Kernel" | "Open3" | "IO")),
        _ => true,
    };
    shell_calls(lang).contains(&name) && receiver_ok
}

/// The identifier that ends `text` (empty when it ends in something else).
fn last_word(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

/// The string arguments after literal `n` in a call: `, "run", "rake db:migrate"`.
fn following_args(text: &str, masked: &str, strings: &[Span], n: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut end = strings[n].end;
    for s in &strings[n + 1..] {
        let between = &masked[end..s.start];
        let sep = between.trim();
        if !(sep == "," || sep.starts_with(',') && sep[1..].trim() == "[")
            || text.as_bytes()[s.start] == b'\n'
        {
            break;
        }
        out.push(Span::new(
            s.start + 1,
            s.end.saturating_sub(1).max(s.start + 1),
        ));
        end = s.end;
    }
    out
}

/// Percent literals: `%x(heroku ...)` (Ruby's backticks by another name) anywhere, and
/// `%(...)`, `%Q{...}`, `%q[...]` strings handed to a method that runs them (`sh %(...)`).
fn percent_literals(cx: &mut Cx, masked: &str) {
    let b = masked.as_bytes();
    for at in memchr::memchr_iter(b'%', b) {
        let mut i = at + 1;
        let kind = b.get(i).copied();
        if matches!(kind, Some(b'x' | b'q' | b'Q')) {
            i += 1;
        }
        let Some(&open) = b.get(i) else { continue };
        let close = match open {
            b'(' => b')',
            b'{' => b'}',
            b'[' => b']',
            b'|' | b'!' => open,
            _ => continue,
        };
        if kind != Some(b'x') && !shell_call_before(masked, at, Lang::Ruby) {
            continue;
        }
        let start = i + 1;
        let Some(len) = memchr::memchr(close, &b[start.min(b.len())..]) else {
            continue;
        };
        let body = masked[start..start + len].replace("#{", "${");
        in_shell(cx, &body, start, Runner::Code(Lang::Ruby));
    }
}

/// The command lines of one YAML string, read in the file's own text: a block scalar from the
/// line after its `|` or `>`, a quoted one inside its quotes.
pub fn in_yaml_scalar(cx: &mut Cx, node: &yaml::Node, runner: Runner) {
    let text = cx.text;
    if let Some((start, body)) = yaml::scalar_source(text, node) {
        in_shell(cx, body, start, runner);
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::{CiSystem, PlatformCall, Runner};

    fn calls(path: &str, text: &str) -> Vec<(String, String)> {
        let mut f = facts(path, text);
        f.platform_commands.sort_by_key(|c| c.at.span);
        f.platform_commands
            .iter()
            .map(|c| {
                let what = match &c.call {
                    PlatformCall::Cli { subcommand } => subcommand.clone(),
                    PlatformCall::GitPush { remote } => {
                        format!("push {}", remote.as_deref().unwrap_or("<url>"))
                    }
                    PlatformCall::Integration { name } => format!("uses {name}"),
                };
                (at(text, c.at).to_string(), what)
            })
            .collect()
    }

    #[test]
    fn scripts_run_the_cli_and_push_to_the_remote() {
        let text = "#!/usr/bin/env bash\nset -euo pipefail\n# heroku maintenance:on\necho \"heroku run x\"\ncommand -v heroku >/dev/null || exit 1\nheroku pg:backups:capture --app \"$APP\"\nURL=$(heroku pg:backups:url --app \"$APP\")\ngit push heroku HEAD:main\ngit push --force https://git.heroku.com/$APP.git HEAD:main\n";
        assert_eq!(
            calls("bin/backup", text),
            [
                (
                    "heroku pg:backups:capture --app \"$APP\"".into(),
                    "pg:backups:capture".into()
                ),
                (
                    "heroku pg:backups:url --app \"$APP\"".into(),
                    "pg:backups:url".into()
                ),
                ("git push heroku HEAD:main".into(), "push heroku".into()),
                (
                    "git push --force https://git.heroku.com/$APP.git HEAD:main".into(),
                    "push <url>".into()
                ),
            ]
        );
    }

    #[test]
    fn lookalikes_are_not_commands() {
        let text = "#!/bin/sh\nwhich heroku\ntype heroku\nheroku --version\nheroku plugins:install x\nprintf 'heroku ps\\n'\ncurl -fsSL https://cli-assets.heroku.com/install.sh | sh\ngit clone https://github.com/heroku/heroku-buildpack-python\n./bin/heroku-release\ngit push origin heroku\ncat <<EOF\nheroku run rake db:migrate\nEOF\n";
        assert_eq!(calls("deploy.sh", text), []);
    }

    #[test]
    fn makefiles_rake_and_package_scripts() {
        let mk = "APP ?= acme-staging\nURL := $(shell heroku config:get DATABASE_URL -a $(APP))\n\nmigrate:\n\t@heroku run rake db:migrate --app $(APP)\n\t# heroku restart\n\techo $$(heroku releases -n 1)\n";
        let got: Vec<String> = calls("Makefile", mk).into_iter().map(|c| c.1).collect();
        assert_eq!(got, ["config:get", "run", "releases"]);
        let rake = "namespace :heroku do\n  task :deploy do\n    sh \"git push heroku main\"\n    sh %(heroku run rake db:migrate)\n    system(\"heroku\", \"restart\", \"--app\", app)\n    puts \"heroku run done\"\n    out = `heroku config:get X -a #{app}`\n    Rails.logger.info(\"run heroku ps\")\n  end\nend\n";
        let got: Vec<String> = calls("lib/tasks/deploy.rake", rake)
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(got, ["push heroku", "run", "restart", "config:get"]);
        let pkg = r#"{"scripts": {"heroku-postbuild": "npm run build", "deploy": "git push heroku main", "db:pull": "heroku pg:pull DATABASE_URL local"}}"#;
        let got: Vec<String> = calls("package.json", pkg)
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(got, ["push heroku", "pg:pull"]);
    }

    #[test]
    fn python_and_javascript_shell_outs() {
        let py = "import subprocess\nfrom invoke import task\n\n@task\ndef backup(c, app=\"harborline-production\"):\n    subprocess.run([\"heroku\", \"pg:backups:capture\", \"--app\", app], check=True)\n    c.run(f\"heroku run python manage.py migrate --app {app}\")\n    print(\"heroku run done\")\n    logger.info(\"run heroku ps\")\n    os.system(\"\"\"heroku restart --app x\"\"\")\n";
        let got: Vec<String> = calls("tasks.py", py).into_iter().map(|c| c.1).collect();
        assert_eq!(got, ["pg:backups:capture", "run", "restart"]);
        let js = "const { execSync, spawn } = require('child_process');\nexecSync(`heroku config:get DATABASE_URL -a ${app}`);\nspawn('heroku', ['ps:scale', 'web=2']);\nconsole.log('heroku run x');\nconst t = `heroku ${cmd}`;\n";
        let got: Vec<String> = calls("scripts/deploy.js", js)
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(got, ["config:get", "ps:scale"]);
    }

    #[test]
    fn dockerfile_runs_and_procfiles() {
        let df = "FROM ruby:3.3\nRUN curl https://cli-assets.heroku.com/install.sh | sh\nRUN --mount=type=secret,id=k \\\n    heroku container:login && \\\n    echo ok\n";
        let got: Vec<String> = calls("Dockerfile", df).into_iter().map(|c| c.1).collect();
        assert_eq!(got, ["container:login"]);
        let got = calls(
            "Procfile",
            "web: bin/start\nrelease: heroku run:detached rake x\n",
        );
        assert_eq!(got[0].1, "run:detached");
    }

    #[test]
    fn ci_steps_and_integrations() {
        let gh = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: akhileshns/heroku-deploy@v3.13.15\n        with:\n          heroku_app_name: acme\n      - name: Release\n        run: |\n          # heroku ps\n          heroku container:push web --app acme\n          heroku container:release web --app acme\n      - run: echo \"deployed to heroku\"\n";
        let f = facts(".github/workflows/deploy.yml", gh);
        assert!(f
            .platform_commands
            .iter()
            .all(|c| c.runner == Runner::Ci(CiSystem::GitHubActions)));
        let got: Vec<String> = calls(".github/workflows/deploy.yml", gh)
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(
            got,
            [
                "uses akhileshns/heroku-deploy",
                "container:push",
                "container:release"
            ]
        );
        let gl = "deploy:\n  stage: deploy\n  script:\n    - gem install dpl\n    - \"heroku container:release web -a $APP\"\n    - >\n      git push https://heroku:$HEROKU_API_KEY@git.heroku.com/$APP.git HEAD:main\n    - dpl --provider=heroku --app=$APP --api-key=$HEROKU_API_KEY\n    - dpl --provider=s3 --bucket=x\n";
        let got: Vec<String> = calls(".gitlab-ci.yml", gl)
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(got, ["container:release", "push <url>", "uses dpl"]);
        let travis = "language: ruby\ndeploy:\n  provider: heroku\n  app: acme\n";
        assert_eq!(calls(".travis.yml", travis)[0].1, "uses heroku");
        // Not a pipeline: a YAML file that only mentions the CLI.
        assert!(calls("config/deploy.yml", "steps:\n  - run: heroku ps\n").is_empty());
    }
}
