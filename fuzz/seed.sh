#!/usr/bin/env bash
# (Re)build the seed corpora fuzz/corpus/<target>/ from testdata/ and from the bad/good examples
# of rules/*.yml, plus a few hand-written inputs. Seeds are named by the SHA-1 of their content
# (as libFuzzer names its own), so running this again only adds what is missing; `--clean`
# empties the corpora first. The committed corpus is the minimized one: after seeding, run
# fuzz/run.sh, then fuzz/minimize.sh (see fuzz/README.md).
#
# Targets whose first byte picks a file (pins, cron_source, code, suppressions, engine) read the
# path lists from src/fuzzing/mod.rs, so seeds keep pointing at the right paths when they change.
#
# Needs python3 with PyYAML.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${1:-}" == "--clean" ]] && rm -rf fuzz/corpus/*/
exec python3 - <<'PY'
import glob, hashlib, os, re, sys
try:
    import yaml
except ImportError:
    sys.exit("seed.sh needs PyYAML (pip install pyyaml)")

SRC = open("src/fuzzing/mod.rs", encoding="utf-8").read()

def const_list(name):
    m = re.search(r"pub const %s: &\[&str\] = &\[(.*?)\];" % name, SRC, re.S)
    return re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))

TARGETS = re.findall(r'\("(\w+)", \w+\),', SRC.split("pub const TARGETS")[1].split("];")[0])
PINS, CRON, CODE, SUPP, ENGINE, PLATFORM, AUTOMATION, BUILD, RAILWAY, CI, SCHEMA_TLS = (
    const_list(n) for n in
    ("PINS_PATHS", "CRON_PATHS", "CODE_PATHS", "SUPPRESSION_PATHS", "ENGINE_PATHS", "PLATFORM_PATHS",
     "AUTOMATION_PATHS", "BUILD_PATHS", "RAILWAY_PATHS", "CI_PATHS", "SCHEMA_TLS_PATHS"))
SEP = b"\0"
counts = {}

def add(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join("fuzz/corpus", target)
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(p):
        with open(p, "wb") as f:
            f.write(data)
        counts[target] = counts.get(target, 0) + 1

def ext(path):
    base = os.path.basename(path).lower()
    return base.rsplit(".", 1)[1] if "." in base[1:] else ""

def migration(path):
    return any(c in ("migrate", "migrations", "migration", "alembic", "versions")
               for c in path.split("/")[:-1])

def best(path, paths):
    """Index of the list entry most like `path`: the same path, the same file name, then the
    same extension (and the same migration-ness); None when nothing is alike."""
    if path in paths:
        return paths.index(path)
    base = os.path.basename(path)
    for i, p in enumerate(paths):
        if os.path.basename(p) == base:
            return i
    if base.startswith(".env") or base.endswith(".env"):
        for i, p in enumerate(paths):
            if os.path.basename(p).startswith(".env"):
                return i
    e = ext(path)
    if not e:
        return None
    alike = [i for i, p in enumerate(paths) if ext(p) == e]
    for i in alike:
        if migration(paths[i]) == migration(path):
            return i
    return alike[0] if alike else None

def with_byte(index, text, sep_safe=False):
    # In engine inputs byte 0 separates files, so index 0 is written as len(list).
    b = index if not (sep_safe and index == 0) else len(ENGINE)
    return bytes([b]) + text.encode("utf-8")

def cron_index(path, text):
    base = os.path.basename(path)
    if base in ("crontab", "Cronfile") or path.endswith((".cron", ".crontab")) or "/cron.d/" in path:
        return CRON.index("crontab")
    if path.endswith("config/schedule.rb"):
        return CRON.index("config/schedule.rb")
    if ext(path) in ("js", "mjs", "cjs", "jsx") and "cron" in text:
        return CRON.index("src/jobs.js")
    if ext(path) in ("ts", "tsx") and "cron" in text:
        return CRON.index("src/jobs.ts")
    if ext(path) in ("yml", "yaml") and "CronJob" in text:
        return CRON.index("k8s/cronjob.yaml")
    if ext(path) in ("yml", "yaml") and "cron:" in text:
        return CRON.index("config/sidekiq.yml")
    if base == "migration-contract.json":
        return CRON.index("migration-contract.json")
    return None

def automation_index(path, text):
    """The AUTOMATION_PATHS entry for a file that holds command lines or CI steps."""
    base = os.path.basename(path)
    if "/workflows/" in "/" + path:
        return AUTOMATION.index(".github/workflows/deploy.yml")
    for name in (".gitlab-ci.yml", "bitbucket-pipelines.yml", ".travis.yml", "Makefile",
                 "Procfile", "package.json", "Dockerfile"):
        if base == name:
            return AUTOMATION.index(name)
    if path.endswith(".circleci/config.yml"):
        return AUTOMATION.index(".circleci/config.yml")
    if base.endswith(".rake") or base == "Rakefile":
        return AUTOMATION.index("lib/tasks/deploy.rake")
    if base.startswith(".env"):
        return AUTOMATION.index(".env")
    if text.startswith("#!") and "sh" in text.split("\n", 1)[0] or ext(path) == "sh":
        return AUTOMATION.index("bin/deploy")
    return None

CRON_LINE = re.compile(r"^\s*((?:@\w+)|(?:[0-9*/,?LW#-]+\s+){4}[0-9A-Za-z*/,?LW#-]+)")

def one_file(path, text):
    """Seeds of the single-file targets for a file at `path`."""
    base = os.path.basename(path)
    e = ext(path)
    if e in ("yml", "yaml"):
        add("yaml", text)
    if e == "json":
        add("json", text)
    if e == "toml":
        add("toml", text)
    add("lexer", text)
    for line in text.splitlines():
        if "postgres" in line.lower() or "host=" in line or "jdbc:" in line:
            add("connstr", line.strip())
        m = CRON_LINE.match(line)
        if m:
            add("cron_expr", m.group(1))
    for m in re.finditer(r"""(?:schedule|cron|every)\W+['"]([^'"\n]+)['"]""", text):
        add("cron_expr", m.group(1))
    if base == "Procfile":
        add("procfile", text)
    if base.startswith(".env") or base.endswith(".env"):
        add("env_file", text)
    if e in ("sql", "psql", "pgsql"):
        add("sql", text)
    if base.startswith("migration-manifest"):
        add("manifest", text)
    if base == "migration-contract.json":
        add("contract", text)
    if base in PINS:
        add("pins", with_byte(PINS.index(base), text))
    names = [os.path.basename(p) for p in PLATFORM]
    if base in names:
        add("platform", with_byte(names.index(base), text))
    i = best(path, BUILD)
    if i is not None and (base in [os.path.basename(p) for p in BUILD] or e == "rake"):
        add("builds", with_byte(i, text))
    if base in PINS and base not in ("Gemfile", "Gemfile.lock", "package.json", "composer.json",
                                     "mise.toml", "pyproject.toml", "Dockerfile", "Pipfile"):
        for line in text.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                add("runtime_req", line.strip() + "\n3.12")
    if base in ("heroku.yml", "heroku.yaml"):
        add("heroku_yml", text)
    if base in ("render.yaml", "render.yml"):
        add("render_yaml", text)
    if base == "fly.toml":
        add("fly_toml", text)
    if base in ("railway.json", "railway.toml"):
        add("railway", with_byte(RAILWAY.index(base), text))
    if e in ("yml", "yaml") and re.search(r"(?m)^apiVersion:", text) and re.search(r"(?m)^kind:", text):
        add("kubernetes", text)
    if e in ("yml", "yaml") and ("/" + path).rsplit("/", 2)[-2:-1] == ["workflows"] and "/.github/" in "/" + path:
        add("ci", with_byte(0, text))
    if base.endswith((".gitlab-ci.yml", ".gitlab-ci.yaml")):
        add("ci", with_byte(CI.index(".gitlab-ci.yml"), text))
    if re.search(r"(?i)password|secret|token|://[^/\s]*:[^@\s]*@|sk_live_|whsec_|ghp_|PRIVATE KEY", text):
        add("redact", text)
    i = cron_index(path, text)
    if i is not None:
        add("cron_source", with_byte(i, text))
    if "heroku" in text or ext(path) == "sh" or text.startswith("#!") or base == "Makefile":
        add("shell", text)
    i = automation_index(path, text)
    if i is not None:
        add("automation", with_byte(i, text))
    i = best(path, CODE)
    if i is not None and (e in ("rb", "py", "js", "ts", "go", "java", "kt", "php", "ex", "exs", "sh")
                          or base in ("Gemfile", "Dockerfile") or text.startswith("#!")):
        add("code", with_byte(i, text))
    if re.search(r"(?i)extension|pg_stat_statements|_hc_|salesforce|verify_mode|ssl_cert_reqs|"
                 r"rejectUnauthorized|InsecureSkipVerify|sslmode|CERT_NONE", text):
        i = best(path, SCHEMA_TLS)
        if i is not None:
            add("schema_tls", with_byte(i, text))
    if "egress-ignore" in text:
        i = best(path, SUPP)
        if i is not None:
            add("suppressions", with_byte(i, text))

def engine(files):
    """One engine seed of up to 8 files [(path, text)], each mapped to a distinct engine path."""
    chunks, used = [], set()
    for path, text in files:
        i = best(path, ENGINE)
        if i is None or i in used:
            continue
        used.add(i)
        chunks.append(with_byte(i, text, sep_safe=True))
        if len(chunks) == 8:
            break
    if chunks:
        add("engine", SEP.join(chunks))

def read(p):
    try:
        with open(p, encoding="utf-8") as f:
            return f.read()
    except (UnicodeDecodeError, OSError):
        return None

# testdata: every file, and each app as engine inputs of up to 8 files.
for app in sorted(glob.glob("testdata/*")):
    files = []
    paths = sorted(os.path.join(d, n) for d, _, names in os.walk(app) for n in names)
    for p in paths:
        if not os.path.isfile(p) or os.path.getsize(p) > 64 * 1024:
            continue
        text = read(p)
        if text is None:
            continue
        rel = os.path.relpath(p, app)
        one_file(rel, text)
        files.append((rel, text))
    # The files that matter most first, then the rest, 8 at a time.
    files.sort(key=lambda f: (best(f[0], ENGINE) is None, f[0]))
    for k in range(0, len(files), 8):
        engine(files[k:k + 8])

# Rule examples: each example alone, and the bad (then good) ones of a rule together.
for rule in sorted(glob.glob("rules/*.yml")):
    doc = yaml.safe_load(open(rule, encoding="utf-8"))
    add("yaml", open(rule, encoding="utf-8").read())
    for kind in ("bad", "good"):
        group = []
        for ex in (doc.get("examples") or {}).get(kind) or []:
            files = list((ex.get("files") or {}).items())
            if "code" in ex:
                files.append((ex["file"], ex["code"]))
            if "fixed" in ex:
                files.append((ex["file"], ex["fixed"]))
            for path, text in files:
                one_file(path, text)
            engine(files)
            group.extend(files)
        engine(group)

# Hand-written inputs for what the trees above hold little of.
for s in ["3.12.1\n3.12", "python-3.11.7\n3.12", ">=18\n20.17.0", ">=18 <21 || 22.x\n^20.1",
          "~> 3.3, >= 3.3.1\n3.3.5p100", "lts/iron\nlts/*", "18 - 20\n20.9.9", "^0.2.3\n~0.2",
          "3.x\n3", "v20.17.0\nnode", "==3.12.*\n~=3.12.1", "1.8\n21.0.2+13"]:
    add("runtime_req", s)
for s in ["0 3 * * *", "*/5 * * * *", "@daily", "@hourly", "@every 1h", "0 0 3 * * *",
          "CRON_TZ=Europe/Paris 0 3 * * *", "0 22 * * 1-5 America/Chicago", "0 * * * ? UTC",
          "15 */2 * * *", "0 0,12 1 * *", "TZ=UTC @weekly"]:
    add("cron_expr", s)
for s in ["postgres://u:s3cretpassw0rd@db.example.com:5432/app?sslmode=require&application_name=x",
          "postgresql://[::1]:5432/db?host=/var/run/postgresql",
          "postgres://${DB_USER}:${DB_PASS}@${DB_HOST}/${DB_NAME}",
          "postgres://<%= ENV['U'] %>@db.example.com/app?ssl=true",
          "postgis://{{ .Values.user }}@h1.example.com,h2.example.com/geo",
          "jdbc:postgresql://db.example.com:5432/app?ssl=true&sslfactory=x",
          "postgresql+psycopg2://app:pw@db.example.com/app",
          "host=db.example.com port=5432 dbname=app user=u password='p w' sslmode=disable",
          "postgres://u:p@ss@h.example.com/d#{x}", "postgres://%2Fvar%2Frun/db"]:
    add("connstr", s)
for s in ["STRIPE = 'sk_live_51AbCdEf0123456789'\n# old: ghp_0123456789abcdefghijABCDEFGHIJ0123\n",
          "url: postgres://u:pa/ss word@db.example.com/app # admin@example.com\n",
          "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n",
          "http://host:8080/path?email=a@b.com x\u001b[2J\r\n\u2028", "AWS=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]:
    add("redact", s)
for s in ["select: [EG1, dyno-env-read]\nignore: EG101\n",
          "extends: ../.egress.yml\nextend-select: [EG009]\nrequire-reason: true\n",
          "severity:\n  EG201: warning\n  missing-sslmode: info\nfail-on: warning\n",
          "per-path:\n  'spec/**':\n    ignore: [EG101]\n  app/:\n    select: [EG2]\nexclude: ['vendor/', '*.min.js']\n",
          "non-suppressible: [EG101, EG301]\n", "select:\n  - dyno-env-reed\n", "ALL: true\n",
          "exclude: ['[', '{a,b']\n", "select: ALL\n", "---\n...\n"]:
    add("config", s)
for s in ['{"version": 1, "entries": []}\n',
          '{"version": 1, "entries": [{"rule": "EG201", "path": "app/a.rb", "hash": "0123456789abcdef", "count": 2},'
          ' {"rule": "EG201", "path": "app/a.rb", "hash": "0123456789abcdef", "count": 1},'
          ' {"rule": "EG101", "path": "../é.env", "hash": "fedcba9876543210", "count": 1}]}\n',
          '{"version": 2, "entries": []}', '{"version": 1, "entries": [], "extra": 1}',
          '{"version": 1, "entries": [{"rule": "EG1", "path": "", "hash": "xyz", "count": 0}]}']:
    add("baseline", s)
for s in ["web: bundle exec puma -C config/puma.rb\nrelease: bin/rails db:migrate\nworker: DYNO=${DYNO} sidekiq\n",
          "web:\n", "# only a comment\n", "not a process line\n", "wéb: x\r\n"]:
    add("procfile", s)
for s in ["DATABASE_URL=postgres://u:pw@db.example.com/app\nPGSSLMODE=disable\nPGHOST=localhost\n",
          "export SECRET_KEY=\"abc#def\" # comment\nAPI_TOKEN='x'\n", "A=${B:-c}\n"]:
    add("env_file", s)
add("sql", "CREATE SCHEMA heroku_ext;\nCREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext;\n"
           "-- heroku_ext in a comment\nSELECT 'heroku_ext.x', heroku_ext.pgcrypto;\n")
add("manifest", "source:\n  platform: heroku\n  db_url: ${DATABASE_URL}\n  extensions: [citext, pg_stat_statements]\n"
                "target:\n  platform: render\n  url: https://app.example.com\n  db_url: ${TARGET_DB:-postgres://h/db}\n"
                "  timezone: UTC\n  process_type_env: RENDER_SERVICE_NAME\nverification:\n  health_endpoint: /health\n"
                "  health: {retries: 2, backoff_seconds: 0.5, timeout_seconds: 3}\n"
                "  row_count_tables: [users, {table: orders, expected: 10}]\n"
                "webhooks:\n  - provider: stripe\n    current_url: https://old.example.com/hook\n"
                "    new_url: https://app.example.com/hook\n    secret: ${STRIPE_SECRET}\n")

HASH_DIRECTIVES = "x = 1 # egress-ignore: EG201 -- why\n# egress-ignore: EG201, heroku-ext-reference\n\n" \
    "y = ENV['DYNO']\n# egress-ignore-file: EG101 -- fixture\n# egress-ignore EG301\n# egress-ignore: -- no rule\n"
SLASH_DIRECTIVES = "// egress-ignore: EG201, missing-sslmode -- why\n\n/* egress-ignore: EG101 */\nx();\n" \
    "/* egress-ignore-file: EG301 trailing */\nconst u = process.env.DYNO; // egress-ignore: dyno-env-read\n"
for i, path in enumerate(SUPP):
    e = ext(path)
    if e in ("js", "go", "php", "gradle"):
        text = SLASH_DIRECTIVES
    elif e == "sql":
        text = "-- egress-ignore-file: EG301 -- dump\nCREATE EXTENSION x WITH SCHEMA heroku_ext; -- egress-ignore: EG301\n"
    elif e == "xml":
        text = "<!-- egress-ignore-file: EG501 -- x -->\n<project><!-- egress-ignore: EG501 --></project>\n"
    elif e == "json":
        text = '{"a": "# egress-ignore: EG201", "b": "postgres://h.example.com/d"}\n'
    else:
        text = HASH_DIRECTIVES
    add("suppressions", with_byte(i, text))

# The sample Heroku CLI exports, each behind the byte that picks its reader (the order of
# inventory::heroku_json::EXPORTS).
EXPORTS = ["ps.json", "addons.json", "config.json", "apps-info.json", "info.json", "scheduler.json",
           "extensions.csv"]
for d in sorted(glob.glob("testdata/heroku-exports/*/")):
    for i, name in enumerate(EXPORTS):
        p = os.path.join(d, name)
        if os.path.exists(p):
            add("heroku_exports", bytes([i]) + open(p, "rb").read())

for t in TARGETS:
    os.makedirs(os.path.join("fuzz/corpus", t), exist_ok=True)
    n = len(os.listdir(os.path.join("fuzz/corpus", t)))
    print(f"{t:14} {n:5} seeds ({counts.get(t, 0)} new)")
PY
