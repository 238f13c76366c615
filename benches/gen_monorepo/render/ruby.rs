//! Ruby source files (a module wrapping a class of methods).

use std::fmt::Write as _;

use crate::case::pascal;
use crate::rng::Rng;
use crate::words::{ADJS, COMMENTS, FIELDS, NOUNS, RB_SUFFIX, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    let noun = r.pick(NOUNS);
    let class = format!("{}{}", pascal(noun), pascal(r.pick(RB_SUFFIX)));
    out.push_str("# frozen_string_literal: true\n\n");
    for _ in 0..r.range(1, 3) {
        let _ = writeln!(
            out,
            "require \"{}\"",
            r.pick(&[
                "json",
                "csv",
                "securerandom",
                "digest",
                "net/http",
                "set",
                "time"
            ])
        );
    }
    let _ = writeln!(out, "require_relative \"../{}\"\n", r.pick(NOUNS));
    let _ = writeln!(out, "module {}", pascal(unit));
    let _ = writeln!(out, "  # {}", r.pick(COMMENTS));
    let base = r.pick(&[
        "ApplicationRecord",
        "ApplicationJob",
        "BaseService",
        "ApplicationController",
    ]);
    let _ = writeln!(out, "  class {class} < {base}");
    let _ = writeln!(out, "    BATCH_SIZE = {}\n", r.range(50, 5000));
    fill(out, target, r, plant, 12, |r, out| {
        let (v, n, f, f2) = (r.pick(VERBS), r.pick(NOUNS), r.pick(FIELDS), r.pick(FIELDS));
        match r.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "    # {c}
    def {v}_{n}(scope, {f2}: nil)
      return [] if scope.nil?

      records = {N}.where({f}: scope).order(created_at: :desc).limit(BATCH_SIZE)
      records.each_with_object([]) do |record, acc|
        next if record.{f2}.blank?

        acc << {{ id: record.id, {f2}: record.{f2} || {f2} }}
      end
    rescue ActiveRecord::RecordNotFound => e
      Rails.logger.warn(\"[{class}] {v}_{n} failed: #{{e.message}}\")
      []
    end

",
                    c = r.pick(COMMENTS),
                    N = pascal(n)
                );
            }
            1 => {
                let a = r.pick(ADJS);
                let _ = write!(
                    out,
                    "    def {a}_{n}?
      {f} == \"{a}\" && {f2}.present?
    end

"
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "    # {c}
    def self.{v}_all(scope = all)
      scope.find_in_batches(batch_size: BATCH_SIZE) do |batch|
        batch.each {{ |item| item.{v}!({f}: item.{f}) }}
      end
      true
    end

",
                    c = r.pick(COMMENTS)
                );
            }
        }
    });
    out.push_str("  end\nend\n");
}
