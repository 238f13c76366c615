//! EG204 buildpack-binary-in-procfile: a Procfile or heroku.yml command runs a script that only
//! a Heroku buildpack puts into the slug.

use std::path::Path;

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, Origin, Service};

pub struct BuildpackBinaryInProcfile;

/// Scripts Heroku buildpacks install into the app at build time, with the buildpack and what
/// to do instead. Sources: heroku-buildpack-nginx `bin/compile` (copies the `start-nginx*`
/// scripts into `app/bin`), heroku-buildpack-pgbouncer, heroku-buildpack-redis `bin/compile`
/// (copies `start-stunnel`), heroku-buildpack-php (`heroku-php-*`, `heroku-hhvm-*`).
const BINARIES: &[(&str, Family)] = &[
    ("bin/start-nginx", Family::Nginx),
    ("bin/start-nginx-debug", Family::Nginx),
    ("bin/start-nginx-solo", Family::Nginx),
    ("bin/start-nginx-static", Family::Nginx),
    ("bin/start-pgbouncer", Family::Pgbouncer),
    ("bin/start-pgbouncer-stunnel", Family::Pgbouncer),
    ("bin/start-stunnel", Family::Stunnel),
    ("vendor/bin/heroku-php-apache2", Family::Php),
    ("vendor/bin/heroku-php-nginx", Family::Php),
    ("vendor/bin/heroku-hhvm-apache2", Family::Php),
    ("vendor/bin/heroku-hhvm-nginx", Family::Php),
];

#[derive(Clone, Copy)]
enum Family {
    Nginx,
    Pgbouncer,
    Stunnel,
    Php,
}

impl Family {
    fn buildpack(self) -> &'static str {
        match self {
            Family::Nginx => "heroku-buildpack-nginx",
            Family::Pgbouncer => "heroku-buildpack-pgbouncer",
            Family::Stunnel => "heroku-buildpack-redis",
            Family::Php => "heroku-buildpack-php",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Family::Nginx => "install nginx in the image and start it yourself (or let the platform's proxy take its place), and start the app directly",
            Family::Pgbouncer => "the wrapper ran PgBouncer beside the app and pointed `DATABASE_URL` at it: use the target's pooler or run PgBouncer as a service of its own, point `DATABASE_URL` at it, and start the app directly",
            Family::Stunnel => "the wrapper tunnelled Redis through stunnel for servers without TLS; Redis 6+ speaks TLS itself: connect with a `rediss://` URL and start the app directly",
            Family::Php => "run the web server and PHP-FPM the target's image provides (installed in the Dockerfile), and start them directly",
        }
    }
}

impl Rule for BuildpackBinaryInProcfile {
    fn id(&self) -> RuleId {
        RuleId::EG204
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        // Every file's path, gathered once when the first command runs a buildpack script.
        let mut paths: Option<std::collections::HashSet<&Path>> = None;
        for s in c.facts.services.iter().filter(|s| {
            matches!(s.origin, Origin::Procfile | Origin::HerokuYml) && !c.in_test_code(s.at)
        }) {
            // heroku.yml's container builds run no buildpack: what its commands start comes
            // from the image.
            if s.origin == Origin::HerokuYml && builds_an_image(c, s) {
                continue;
            }
            let found = binaries_in(&s.command);
            if found.is_empty() {
                continue;
            }
            let dokku = c
                .manifest_for(c.dir_of(s.at))
                .and_then(|m| m.target_platform.as_ref())
                .is_some_and(|t| t.value.trim().eq_ignore_ascii_case("dokku"));
            for (path, family) in found {
                let paths =
                    paths.get_or_insert_with(|| c.files.iter().map(|f| f.path.as_path()).collect());
                if paths.contains(c.dir_of(s.at).join(path).as_path()) {
                    // The app carries the script itself (a copy committed to `bin/`).
                    continue;
                }
                out.push(
                    Finding::new(
                        RuleId::EG204,
                        s.at,
                        format!(
                            "`{}` runs `{path}`, which only Heroku's {} installs: elsewhere the file does not exist and the process dies at boot",
                            s.name,
                            family.buildpack()
                        ),
                    )
                    .label(format!("installed by {}", family.buildpack()))
                    .help(if dokku {
                        // Dokku builds with Heroku's buildpacks (herokuish) when it finds no
                        // Dockerfile: the script is there if the buildpack is listed.
                        format!(
                            "list https://github.com/heroku/{} in `.buildpacks` so Dokku's buildpack build installs it; or {}",
                            family.buildpack(),
                            family.help()
                        )
                    } else {
                        family.help().to_string()
                    }),
                );
            }
        }
        out
    }
}

/// The buildpack scripts a command runs: its unquoted words, as a shell splits them, and the
/// words of a quoted script that `sh -c` / `bash -c` runs (`./bin/x`, `/app/bin/x` and a PATH
/// lookup of `heroku-php-*` name the same file). Quoted text elsewhere is an argument
/// (`echo "bin/start-nginx is gone"`), not a command.
fn binaries_in(command: &str) -> Vec<(&'static str, Family)> {
    let mut found: Vec<(&'static str, Family)> = Vec::new();
    for w in command_words(command) {
        let w = w
            .strip_prefix("/app/")
            .or_else(|| w.strip_prefix("./"))
            .unwrap_or(w);
        // `heroku-php-nginx` found on the PATH is `vendor/bin/heroku-php-nginx`.
        let hit = BINARIES.iter().find(|(p, _)| {
            *p == w
                || p.starts_with("vendor/bin/heroku-")
                    && p.strip_suffix(w).is_some_and(|dir| dir.ends_with('/'))
        });
        if let Some((p, fam)) = hit {
            if !found.iter().any(|(q, _)| q == p) {
                found.push((p, *fam));
            }
        }
    }
    found
}

fn command_words(command: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = command;
    let mut last = "";
    while let Some(start) = rest.find(|c: char| !c.is_whitespace() && !";&|()`".contains(c)) {
        rest = &rest[start..];
        if let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') {
            let body = &rest[1..];
            let end = body.find(q).unwrap_or(body.len());
            if last == "-c" {
                words.extend(command_words(&body[..end]));
            }
            last = "";
            rest = body.get(end + 1..).unwrap_or("");
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || ";&|()`'\"".contains(c))
            .unwrap_or(rest.len());
        last = &rest[..end];
        words.push(last);
        rest = &rest[end..];
    }
    words
}

/// The heroku.yml that declares `s` builds its images from Dockerfiles (`build.docker`).
fn builds_an_image(c: &Contract, s: &Service) -> bool {
    c.facts
        .builds
        .iter()
        .any(|b| b.origin == Origin::HerokuYml && b.at.file == s.at.file)
}

#[cfg(test)]
mod tests {
    use super::{binaries_in, RuleId};
    use crate::rules::test_utils::*;

    #[test]
    fn words_of_the_command() {
        let names = |c: &str| {
            binaries_in(c)
                .into_iter()
                .map(|(p, _)| p)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("bin/start-pgbouncer-stunnel bin/start-nginx bundle exec puma -C config/puma.rb"),
            ["bin/start-pgbouncer-stunnel", "bin/start-nginx"]
        );
        assert_eq!(
            names("./bin/start-nginx-solo node server.js"),
            ["bin/start-nginx-solo"]
        );
        assert_eq!(
            names("heroku-php-apache2 public/"),
            ["vendor/bin/heroku-php-apache2"]
        );
        assert_eq!(
            names("/app/bin/start-stunnel bin/worker"),
            ["bin/start-stunnel"]
        );
        assert!(names("bin/start-nginx-custom && bin/start").is_empty());
        assert_eq!(
            names("sh -c 'bin/start-pgbouncer bundle exec puma'"),
            ["bin/start-pgbouncer"]
        );
        assert!(names("echo \"bin/start-nginx is gone\" && bundle exec puma").is_empty());
        assert!(names("bundle exec puma").is_empty());
    }

    #[test]
    fn procfile_and_heroku_yml() {
        assert_fires(
            RuleId::EG204,
            &[(
                "Procfile",
                "web: bin/start-nginx bundle exec puma -C config/puma.rb\n",
            )],
            1,
        );
        assert_fires_n(
            RuleId::EG204,
            &[(
                "Procfile",
                "web: bin/start-pgbouncer bin/start-nginx bundle exec puma\nworker: bin/start-pgbouncer bundle exec sidekiq\n",
            )],
            3,
        );
        assert_fires(
            RuleId::EG204,
            &[(
                "heroku.yml",
                "run:\n  web: vendor/bin/heroku-php-nginx -C nginx.conf public/\n",
            )],
            2,
        );
        // A container build: the image provides what the command starts.
        assert_clean(
            RuleId::EG204,
            &[(
                "heroku.yml",
                "build:\n  docker:\n    web: Dockerfile\nrun:\n  web: bin/start-nginx node server.js\n",
            )],
        );
    }

    #[test]
    fn a_committed_copy_or_other_origins_are_silent() {
        let procfile = "web: bin/start-nginx bundle exec puma\n";
        assert_clean(
            RuleId::EG204,
            &[
                ("Procfile", procfile),
                (
                    "bin/start-nginx",
                    "#!/usr/bin/env bash\nexec nginx -g 'daemon off;' &\nexec \"$@\"\n",
                ),
            ],
        );
        assert_fires_n(
            RuleId::EG204,
            &[
                ("Procfile", procfile),
                ("other/bin/start-nginx", "#!/bin/sh\n"),
            ],
            1,
        );
        assert_clean(RuleId::EG204, &[("test/fixtures/Procfile", procfile)]);
        let dokku = findings(
            RuleId::EG204,
            &[
                ("Procfile", procfile),
                ("migration-manifest.yml", "target:\n  platform: dokku\n"),
            ],
        );
        assert!(dokku[0].help.as_deref().unwrap().contains(".buildpacks"));
        assert_clean(
            RuleId::EG204,
            &[(
                "fly.toml",
                "[processes]\n  app = \"bin/start-nginx bundle exec puma\"\n",
            )],
        );
    }
}
