//! EG201 dyno-env-read: code reads `DYNO`, which only Heroku sets. The rule is declarative: its
//! logic is the `match:` of `rules/EG201-dyno-env-read.yml` (an `env-read` fact matcher, run by
//! `policy`); these are its tests.

#[cfg(test)]
mod tests {
    use crate::rules::test_utils::*;
    use crate::rules::RuleId;

    #[test]
    fn every_language() {
        let cases = [
            ("a.rb", "x = ENV['DYNO']\ny = ENV.fetch(\"DYNO\", 'web.1')\nENV.key?('DYNO')\n", 3),
            ("a.py", "import os\nos.environ['DYNO']\nos.environ.get(\"DYNO\")\nos.getenv('DYNO')\nif 'DYNO' in os.environ: pass\n", 4),
            ("a.ts", "process.env.DYNO\nprocess.env['DYNO']\nconst { DYNO, PORT } = process.env\n", 3),
            ("a.go", "os.Getenv(\"DYNO\")\nv, ok := os.LookupEnv(\"DYNO\")\n", 2),
            ("A.java", "System.getenv(\"DYNO\");\n", 1),
            ("a.kt", "val d = System.getenv(\"DYNO\")\n", 1),
            ("a.php", "<?php getenv('DYNO'); $_ENV['DYNO']; $_SERVER[\"DYNO\"];\n", 3),
            ("b.php", "<?php if (isset($_ENV['DYNO']) && $_ENV['DYNO'] !== '') {}\n", 2),
            ("b.js", "const h = Object.hasOwn(process.env, 'DYNO');\n", 1),
            ("a.ex", "System.get_env(\"DYNO\")\n", 1),
            ("bin/start.sh", "echo $DYNO ${DYNO%%.*}\n", 2),
            ("Procfile", "web: bin/web --name $DYNO\n", 1),
        ];
        for (path, code, n) in cases {
            assert_fires_n(RuleId::EG201, &[(path, code)], n);
        }
    }

    #[test]
    fn dokku_sets_it() {
        assert_clean(
            RuleId::EG201,
            &[
                (
                    "migration-manifest.yml",
                    "target:\n  platform: dokku\n  timezone: UTC\n",
                ),
                ("config/sidekiq.rb", "tag = ENV['DYNO']\n"),
            ],
        );
    }

    #[test]
    fn setting_it_is_not_reading_it() {
        for (path, code) in [
            ("spec/instance_spec.rb", "ENV[\"DYNO\"] = \"web.1\"\n"),
            ("test/instance.test.js", "process.env.DYNO = 'web.1'\n"),
            ("tests/test_instance.py", "os.environ['DYNO'] = 'web.1'\n"),
        ] {
            assert_clean(RuleId::EG201, &[(path, code)]);
        }
        for (path, code) in [
            ("lib/instance.rb", "ENV[\"DYNO\"] ||= \"web.1\"\n"),
            ("lib/instance.rb", "web = ENV[\"DYNO\"] == \"web.1\"\n"),
            ("lib/instance.rb", "web = ENV[\"DYNO\"] =~ /web/\n"),
            (
                "spec/instance_spec.rb",
                "expect(ENV[\"DYNO\"]).to eq(\"web.1\")\n",
            ),
        ] {
            assert_fires_n(RuleId::EG201, &[(path, code)], 1);
        }
    }

    #[test]
    fn comments_docs_and_lookalikes_are_silent() {
        assert_clean(
            RuleId::EG201,
            &[(
                "a.rb",
                "# ENV['DYNO'] is web.1\nMAX_DYNOS = ENV['MAX_DYNOS']\n",
            )],
        );
        assert_clean(
            RuleId::EG201,
            &[(
                "a.js",
                "// process.env.DYNO\nconst n = process.env.DYNO_COUNT;\n/* process.env.DYNO */\n",
            )],
        );
        assert_clean(
            RuleId::EG201,
            &[("README.md", "Heroku sets `ENV['DYNO']`.\n")],
        );
        assert_clean(
            RuleId::EG201,
            &[("run.sh", "echo $DYNOS ${DYNO_NAME}\n# $DYNO\n")],
        );
    }

    #[test]
    fn strings_are_prose_but_interpolations_are_reads() {
        let cases = [
            (
                "a.rb",
                "puts \"Set ENV['DYNO'] to web.1\"\nlog \"on #{ENV['DYNO']}\"\nx = 'ENV[\"DYNO\"]'\n",
                2,
            ),
            (
                "a.ts",
                "console.log(\"set process.env.DYNO\");\nconst s = `id-${process.env.DYNO}`;\nconst t = \"${process.env.DYNO}\";\n",
                2,
            ),
            (
                "a.py",
                "\"\"\"Reads os.environ[\"DYNO\"] on Heroku.\"\"\"\nprint(f\"on {os.environ['DYNO']}\")\nprint(\"{os.environ['DYNO']}\")\nprint(f\"{{os.environ['DYNO']}}\")\n",
                2,
            ),
            (
                "run.sh",
                "echo 'literal $DYNO'\necho \"on ${DYNO:-local}\"\n",
                2,
            ),
            (
                "b.rb",
                "sql = <<~SQL\n  SELECT 1 -- don't\nSQL\nz = ENV['DYNO']\n",
                4,
            ),
            ("run2.sh", "echo 'x'\necho \"$(hostname)-$DYNO\"\n", 2),
            (
                "main.go",
                "d := os.Getenv(\"DYNO\")\nlog.Printf(\"os.Getenv(\\\"DYNO\\\") missing\")\n",
                1,
            ),
            ("Procfile", "web: echo '$DYNO' && bin/web \"$DYNO\"\n", 1),
        ];
        for (path, code, line) in cases {
            assert_fires(RuleId::EG201, &[(path, code)], line);
        }
    }

    #[test]
    fn one_finding_per_pydantic_field() {
        let head = "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n";
        for field in [
            "    dyno: str = Field(\"web\", alias=\"DYNO\")\n",
            "    dyno: str = Field(\"web\", env=\"DYNO\")\n",
            "    dyno: str = Field(default=\"web\", validation_alias=\"DYNO\")\n",
            "    dyno: Annotated[str, Field(alias=\"DYNO\")] = \"web\"\n",
            "    dyno: str = Field(\n        \"web\",\n        alias=\"DYNO\",\n    )\n",
        ] {
            let code = format!("{head}{field}");
            assert_fires_n(RuleId::EG201, &[("app/settings.py", &code)], 1);
        }
        // The alias is the variable read: a `dyno` field read from `PROCESS_ROLE` reads no DYNO.
        let code = format!("{head}    dyno: str = Field(\"web\", alias=\"PROCESS_ROLE\")\n");
        assert_clean(RuleId::EG201, &[("app/settings.py", &code)]);
        let code = format!(
            "{head}    dyno: str = \"web\"\n    role: str = Field(\"web\", alias=\"DYNO\")\n"
        );
        assert_fires_n(RuleId::EG201, &[("app/settings.py", &code)], 2);
    }

    #[test]
    fn help_names_the_manifest_variable() {
        let f = findings(
            RuleId::EG201,
            &[
                (
                    "migration-manifest.yml",
                    "target:\n  process_type_env: APP_ROLE\n",
                ),
                ("app/x.rb", "ENV['DYNO']\n"),
            ],
        );
        assert!(f[0].help.as_deref().unwrap().contains("APP_ROLE"));
    }
}
