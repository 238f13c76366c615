#!/usr/bin/env python3
"""Score `egress check --format json` on a generated bench tree against its ground truth.

Usage:
  benches/recall.py --manifest FILE --findings FILE --tree DIR [--misses FILE]

--manifest is the TSV `gen_monorepo --manifest` writes (path, kind, label; kind is hazard, decoy,
ignored-literal or binary-literal), --findings the JSON egress printed for DIR (passed to egress
exactly as DIR), --misses where to write every miss and wrong report as TSV. Prints a Markdown
table to stdout. Standard library only.

Scoring, per file (a file counts once, however many findings it has):
  - planted hazard: found when egress reports the class's rule on that path; each class's recall
    must reach its MIN_RECALL (below), and every miss must have a known cause (see `hint`: a
    folder egress skips, a file it cannot parse, an exemption in the rule's definition...), so
    that one more miss fails the check at any size or seed;
  - decoy (a harmless mention of a hazard literal): wrongly reported when egress reports any
    contract rule (the rules of the planted classes) on it; must be 0;
  - git-ignored file, binary with a literal after NUL bytes: any finding at all is wrong (egress
    must not read them); must be 0;
  - every other file: contract-rule findings there are false positives; must be 0. Findings of
    other rules (EG001 unparsable file, EG501 unpinned runtime) are counted but not scored.

Exit status: 0 every target met, 1 a target missed, 2 bad input (an unknown manifest label means
the generator changed: add its class below).
"""

import argparse
import collections
import json
import os
import re
import sys

# Planted hazard classes: (class, manifest label prefix, rule egress must report, MIN_RECALL %).
#
# The target is 100%. Classes below it miss planted files for reasons known on 2026-12-01, and
# their MIN_RECALL is the lower of today's recalls for seed 42 at 20,000 and 100,000 files,
# rounded down, so that the check passes today; a regression shows first as a miss `hint`
# cannot explain. (Other sizes and seeds sample differently; the floors may need lowering.)
# Today's misses (20k / 100k files), all explained by `hint`, none of them changed here:
#   - the generator uses `vendor` as a module name, and egress skips every `vendor/` folder by
#     default (DYNO 2/8, URL without sslmode 3/7, cron.schedule 1/2 files);
#   - its TOML has duplicate keys, so egress cannot parse it; a data file that does not parse is
#     a note in the summary (not EG001) and nothing else in it is read (URL without sslmode 0/3,
#     sslmode=disable 2/3, PGSSLMODE 0/2);
#   - it plants URLs in test code (`__tests__/`, `*.test.ts`), which EG101 and EG102 do not
#     judge by their definition (URL without sslmode 22 of 294 at 100k);
#   - a quarter of its node-cron schedules are `*/15 * * * *`, which runs alike in every zone
#     and which EG401 rightly ignores (cron.schedule 3/26);
#   - PGSSLMODE in a file named for development, tests or CI (`local.yml`, `.env.test`,
#     `*.example`) is exempt by EG102's definition (1/15);
#   - minified bundles over 2 MB exceed egress's default --max-file-size (DYNO 0/2).
HAZARDS = [
    ("DYNO read", "DYNO read: ", "EG201", 96),  # 70/72, 319/329 (96.96%)
    # 48/58, 258/294: since issue 10 test code is exempt, and the generator plants URLs there.
    ("postgres URL without sslmode", "postgres URL without sslmode (", "EG101", 82),
    ("sslmode=disable in a URL", "sslmode=disable in URL (", "EG102", 72),  # 16/22, 91/96
    ("PGSSLMODE=disable", "PGSSLMODE=disable (", "EG102", 77),  # 9/10, 58/75 (JSON is read now)
    ("heroku_ext in SQL", "CREATE EXTENSION ... WITH SCHEMA heroku_ext", "EG301", 100),
    ("crontab without CRON_TZ", "crontab without CRON_TZ", "EG401", 100),
    ("cron.schedule(...)", "cron.schedule(...) (", "EG401", 71),  # 19/23, 69/97
]

# Decoy classes: (class, exact manifest label).
DECOYS = [
    ("DYNO in a code comment", "DYNO mentioned in a code comment"),
    ("DYNO, postgres://localhost in docs", "DYNO / postgres://localhost in Markdown docs"),
    ("postgres://localhost in CI, test config", "postgres://...@localhost in CI / test config"),
    ("remote URL with sslmode=require", "remote postgres URL with sslmode=require"),
]

CONTRACT_RULES = sorted({rule for _, _, rule, _ in HAZARDS})

# egress's DEFAULT_EXCLUDES (src/discover/mod.rs) and default --max-file-size, for `hint`: a
# planted file there is skipped by design, not missed.
EXCLUDED_DIRS = {".git", ".hg", ".svn", "node_modules", "vendor", "target", ".venv", "venv",
                 "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"}
MAX_FILE_SIZE = 2 * 1024 * 1024
# Words of a file name that make it a development, test or CI file for EG102 (hints only).
DEV_WORDS = {"test", "tests", "testing", "dev", "development", "ci", "local", "example", "sample"}


def hazard_class(label):
    for name, prefix, rule, floor in HAZARDS:
        if label.startswith(prefix):
            return name, rule, floor
    return None


def decoy_class(label):
    for name, exact in DECOYS:
        if label == exact:
            return name
    return None


def load_manifest(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                raise ValueError(f"{path}:{n}: expected 3 tab-separated fields")
            rows.append(tuple(parts))
    return rows


def load_findings(path, tree):
    """Path relative to the tree -> {rule: first message}."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    prefixes = {os.path.abspath(tree).rstrip("/") + "/", os.path.normpath(tree).rstrip("/") + "/"}
    by_path = collections.defaultdict(dict)
    for x in doc["findings"]:
        p = x["path"]
        for pre in prefixes:
            if p.startswith(pre):
                p = p[len(pre):]
                break
        if p.startswith("./"):
            p = p[2:]
        by_path[p].setdefault(x["rule"], x.get("message", ""))
    return by_path


TEST_DIRS = {"test", "tests", "spec", "specs", "__tests__", "__mocks__", "__fixtures__",
             "fixtures", "factories", "e2e"}


def is_test_code(path):
    """Test code by egress's own reading (src/role.rs): test folders and test file names."""
    parts = path.split("/")
    name = parts[-1]
    stem, _, ext = name.rpartition(".")
    code = ext in ("go", "py", "rb", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx",
                   "java", "kt", "php", "ex", "exs")
    named = code and (stem.endswith(("_test", "_spec", ".test", ".spec"))
                      or (ext == "py" and stem.startswith("test_")) or stem == "conftest"
                      or (ext in ("java", "kt", "php") and stem.endswith(("Test", "Tests"))))
    return named or any(d.lower() in TEST_DIRS for d in parts[:-1])


def does_not_parse(full):
    """A TOML or JSON file the standard library cannot parse either."""
    try:
        if full.endswith(".toml"):
            import tomllib
            with open(full, "rb") as f:
                tomllib.load(f)
        elif full.endswith(".json"):
            with open(full, encoding="utf-8") as f:
                json.load(f)
    except (ValueError, UnicodeDecodeError):
        return True
    except ImportError:
        return False
    return False


def hint(tree, path, cls, rules):
    """A likely reason egress missed a planted file of class `cls`, from facts about the file."""
    skipped = sorted(EXCLUDED_DIRS.intersection(path.split("/")[:-1]))
    if skipped:
        return f"under {skipped[0]}/, a folder egress skips by default"
    full = os.path.join(tree, path)
    if not os.path.isfile(full):
        return ""  # missing from the tree: unexplained
    if os.path.getsize(full) > MAX_FILE_SIZE:
        return "larger than egress's default --max-file-size (2M)"
    if "EG001" in rules:
        return "egress cannot parse the file (EG001)"
    if does_not_parse(full):
        return "a data file that does not parse: a note in egress's summary, not a finding"
    if is_test_code(path) and cls in ("postgres URL without sslmode", "sslmode=disable in a URL"):
        return "test code, which EG101 and EG102 do not judge (it is not what the app deploys)"
    if cls == "PGSSLMODE=disable":
        words = set(re.split(r"[^a-z0-9]+", path.rsplit("/", 1)[-1].lower()))
        if words & DEV_WORDS:
            return "file named for development, tests or CI, where EG102 exempts PGSSLMODE"
    if cls == "cron.schedule(...)":
        with open(full, encoding="utf-8", errors="replace") as f:
            if "cron.schedule('*/15 * * * *'" in f.read():
                return "`*/15 * * * *` runs alike in every zone, EG401 rightly ignores it"
    return ""


def pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "n/a"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--findings", required=True)
    ap.add_argument("--tree", required=True)
    ap.add_argument("--misses")
    a = ap.parse_args()

    try:
        manifest = load_manifest(a.manifest)
        found = load_findings(a.findings, a.tree)
    except (OSError, ValueError, KeyError) as e:
        print(f"recall.py: {e}", file=sys.stderr)
        return 2

    hz = {name: [0, 0, 0] for name, _, _, _ in HAZARDS}  # class -> [planted, found, unexplained]
    dc = {name: [0, 0] for name, _ in DECOYS}  # class -> [files, wrongly reported]
    ignored, binary = [0, 0], [0, 0]
    misses = []  # (path, what, rules egress reported there, hint)
    in_manifest = set()
    for path, kind, label in manifest:
        in_manifest.add(path)
        rules = found.get(path, {})
        reported = ",".join(sorted(rules)) or "nothing"
        contract = [r for r in rules if r in CONTRACT_RULES]
        if kind == "hazard":
            c = hazard_class(label)
            if c is None:
                print(f"recall.py: unknown hazard label {label!r}: add it to HAZARDS",
                      file=sys.stderr)
                return 2
            name, rule, _ = c
            hz[name][0] += 1
            if rule in rules:
                hz[name][1] += 1
            else:
                why = hint(a.tree, path, name, rules)
                hz[name][2] += not why
                misses.append((path, "missed: " + name, reported, why))
        elif kind == "decoy":
            name = decoy_class(label)
            if name is None:
                print(f"recall.py: unknown decoy label {label!r}: add it to DECOYS",
                      file=sys.stderr)
                return 2
            dc[name][0] += 1
            if contract:
                dc[name][1] += 1
                misses.append((path, "decoy reported: " + name, reported, ""))
        elif kind in ("ignored-literal", "binary-literal"):
            bucket = ignored if kind == "ignored-literal" else binary
            bucket[0] += 1
            if rules:
                bucket[1] += 1
                misses.append((path, kind + " reported", reported, ""))
        else:
            print(f"recall.py: unknown manifest kind {kind!r}", file=sys.stderr)
            return 2

    unplanted = 0
    unscored = collections.Counter()  # rule -> files, for rules outside CONTRACT_RULES
    for path, rules in found.items():
        if path not in in_manifest and any(r in CONTRACT_RULES for r in rules):
            unplanted += 1
            misses.append((path, "unplanted file reported", ",".join(sorted(rules)), ""))
        for r in rules:
            if r not in CONTRACT_RULES:
                unscored[r] += 1

    rows, failed = [], False

    def row(cls, kind, rule, files, reported, missed, recall, target, ok):
        nonlocal failed
        failed |= not ok
        rows.append(f"| {cls} | {kind} | {rule} | {files} | {reported} | {missed} | {recall} "
                    f"| {target} | {'PASS' if ok else 'FAIL'} |")

    for name, _, rule, floor in HAZARDS:
        files, rep, unexplained = hz[name]
        ok = unexplained == 0 and (files == 0 or 100.0 * rep / files >= floor)
        missed = f"{files - rep} ({unexplained} unexplained)" if unexplained else files - rep
        row(name, "planted", rule, files, rep, missed, pct(rep, files),
            f">= {floor}%" + (", all explained" if floor < 100 else ""), ok)
    for name, _ in DECOYS:
        files, rep = dc[name]
        row(name, "decoy", "contract", files, rep, "", "", "0 reported", rep == 0)
    row("hazard literal, git-ignored file", "ignored", "any", ignored[0], ignored[1], "", "",
        "0 reported", ignored[1] == 0)
    row("literal after NUL bytes, binary", "binary", "any", binary[0], binary[1], "", "",
        "0 reported", binary[1] == 0)
    row("no planted literal", "other", "contract", "", unplanted, "", "", "0 reported",
        unplanted == 0)

    planted = sum(f for f, _, _ in hz.values())
    hits = sum(r for _, r, _ in hz.values())
    wrong = sum(r for _, r in dc.values()) + ignored[1] + binary[1] + unplanted
    print("| ground truth | kind | rule | files | reported | missed | recall | target | result |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    print(f"All classes: {hits} of {planted} planted files found (recall {pct(hits, planted)}), "
          f"{wrong} files wrongly reported (precision {pct(hits, hits + wrong)}). "
          f"Contract rules: {', '.join(CONTRACT_RULES)}.")
    if unscored:
        print("Not scored, files with findings of other rules: "
              + ", ".join(f"{r} {n}" for r, n in sorted(unscored.items())) + ".")
    if misses:
        causes = collections.Counter(
            (what, h or ("cause unknown: investigate" if what.startswith("missed")
                         else "egress reported " + rules))
            for _, what, rules, h in misses)
        print()
        print(f"Misses and wrong reports ({len(misses)} files"
              + (f", all in {a.misses}" if a.misses else "") + "):")
        for (what, h), n in sorted(causes.items()):
            print(f"- {what}: {n} ({h})")
    if a.misses:
        with open(a.misses, "w", encoding="utf-8") as f:
            f.write("path\twhat\tegress reported\thint\n")
            for m in sorted(misses):
                f.write("\t".join(m) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
