//! `--format junit`: one test case per rule per file; a failing case carries its findings.

use std::collections::BTreeMap;

use super::Report;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
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
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // A clean run is one passing case, so CI shows a green test rather than none.
    let (tests, failures) = (cases.len().max(1), cases.len());
    out.push_str(&format!(
        "<testsuites name=\"egress\" tests=\"{tests}\" failures=\"{failures}\" time=\"{secs:.3}\">\n  \
         <testsuite name=\"egress check\" tests=\"{tests}\" failures=\"{failures}\" time=\"{secs:.3}\">\n"
    ));
    if cases.is_empty() {
        out.push_str("    <testcase classname=\"egress\" name=\"no findings\"/>\n");
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
