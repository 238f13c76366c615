//! JavaScript and TypeScript source files (functions, arrow functions, handler classes).

use std::fmt::Write as _;

use crate::case::{camel, lower_first, pascal};
use crate::rng::Rng;
use crate::words::{ADJS, COMMENTS, FIELDS, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, ts: bool, target: usize, plant: Option<&str>, out: &mut String) {
    let n0 = r.pick(NOUNS);
    if ts {
        let _ = write!(out, "import {{ {N} }} from '../models/{n0}';\nimport {{ logger }} from '../lib/logger';\nimport type {{ Context }} from '../types';\n\n", N = pascal(n0));
    } else {
        let _ = write!(out, "'use strict';\n\nconst {{ {N} }} = require('../models/{n0}');\nconst logger = require('../lib/logger');\n\n", N = pascal(n0));
    }
    let _ = write!(out, "const BATCH_SIZE = {};\n\n", r.range(10, 1000));
    let mut names: Vec<String> = Vec::new();
    fill(out, target, r, plant, 60, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        let fname = camel(v, n);
        let (fc, f2c) = (camel("", f), camel("", f2));
        let fc = lower_first(&fc);
        let f2c = lower_first(&f2c);
        let exp = if ts { "export " } else { "" };
        match r.below(3) {
            0 => {
                let sig = if ts {
                    format!("(ctx: Context, id: string, opts: Partial<{N}> = {{}}): Promise<{N}[] | null>", N = pascal(n))
                } else {
                    "(ctx, id, opts = {})".to_string()
                };
                let _ = write!(
                    out,
                    "/**
 * {c}
 */
{exp}async function {fname}{sig} {{
  const rows = await {N}.findAll({{ where: {{ {fc}: id }}, limit: BATCH_SIZE }});
  if (!rows.length) {{
    logger.debug('{fname}: nothing to do', {{ id, requestId: ctx.requestId }});
    return null;
  }}
  return rows
    .filter((row) => row.{f2c} !== undefined)
    .map((row) => ({{ ...row, {f2c}: row.{f2c} ?? opts.{f2c} }}));
}}

",
                    c = r.pick(COMMENTS),
                    N = pascal(n)
                );
            }
            1 => {
                let a = r.pick(ADJS);
                let _ = write!(
                    out,
                    "{exp}const {fname} = (items{t}) => items.reduce((acc, item) => {{
  // {c}
  if (item.{fc} === '{a}') {{
    acc.push(item.{f2c});
  }}
  return acc;
}}, []);

",
                    t = if ts {
                        ": Array<Record<string, any>>"
                    } else {
                        ""
                    },
                    c = r.pick(COMMENTS)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "{exp}class {N}{A}Handler {{
  constructor(repo{t}) {{
    this.repo = repo;
  }}

  async handle(event{t2}) {{
    try {{
      await this.repo.{fname}(event.{fc});
    }} catch (err) {{
      logger.error('{fname} failed', {{ err, {fc}: event.{fc} }});
      throw err;
    }}
  }}
}}

",
                    N = pascal(n),
                    A = pascal(v),
                    t = if ts { ": any" } else { "" },
                    t2 = if ts { ": { [k: string]: any }" } else { "" }
                );
            }
        }
        names.push(fname);
    });
    if !ts {
        names.sort();
        names.dedup();
        names.truncate(4);
        let _ = write!(out, "module.exports = {{ {} }};\n", names.join(", "));
    }
}
