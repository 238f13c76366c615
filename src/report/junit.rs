//! `--format junit`: one test case per rule per file; a failing case carries its findings.

use std::collections::BTreeMap;

use super::Report;

/// Text escaped for an XML attribute or element. Characters XML 1.0 cannot hold at all, not even
/// as references (control characters other than tab and line breaks, U+FFFE, U+FFFF), become
/// U+FFFD: messages quote file contents, and a YAML `"\x05"` must not make the report unreadable.
fn xml(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            _ => c,
        })
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn render(report: &Report) -> String {
    let mut cases: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for i in &report.items {
        cases
            .entry((i.path.as_str(), i.code))
            .or_default()
            .push(format!(
                "{}:{}:{}: {} {}: {}",
                i.path, i.line, i.column, i.code, i.name, i.message
            ));
    }
    let secs = report.summary.elapsed.as_secs_f64();
    let unresolved: Vec<_> = report.unresolved_checks().collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // A clean run is one passing case, so CI shows a green test rather than none. A live check
    // that could not be made is an errored case (the test could not run), not a failure.
    let errors = unresolved.len();
    let failures = cases.len();
    let tests = (failures + errors).max(1);
    let suite = if report.checks.is_some() {
        "egress verify"
    } else {
        "egress check"
    };
    out.push_str(&format!(
        "<testsuites name=\"egress\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{secs:.3}\">\n  \
         <testsuite name=\"{suite}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{secs:.3}\">\n"
    ));
    if cases.is_empty() && unresolved.is_empty() {
        out.push_str("    <testcase classname=\"egress\" name=\"no findings\"/>\n");
    }
    for c in &unresolved {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
            xml(&format!("egress verify.{}", c.phase)),
            xml(&c.subject),
            xml(c.status),
            xml(&c.describe())
        ));
    }
    for ((path, code), lines) in &cases {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{code}\">\n      <failure message=\"{} finding(s) of {code}\">{}</failure>\n    </testcase>\n",
            xml(path),
            lines.len(),
            xml(&lines.join("\n"))
        ));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_xml_cannot_hold_is_replaced() {
        assert_eq!(
            super::xml("a\u{5}\u{1b}[31m<b> & \"c\"\t\r\n\u{ffff}é"),
            "a\u{fffd}\u{fffd}[31m&lt;b&gt; &amp; &quot;c&quot;\t\r\n\u{fffd}é"
        );
    }
}
