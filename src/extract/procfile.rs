//! Procfile: `name: command` per line, including `release`.

use super::{env_reads, AppMarker, Cx, ProcessType};
use crate::discover::Lang;
use crate::source::Span;

pub fn extract(cx: &mut Cx) {
    cx.facts.app_markers.push(AppMarker {
        at: cx.loc(Span::new(0, 0)),
        what: "Procfile",
    });
    if cx.text.trim().is_empty() {
        cx.parse_error(
            0,
            "empty Procfile: it declares no process types, so nothing would run",
        );
        return;
    }
    let mut start = 0;
    let text = cx.text;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - trimmed.len();
        let Some((name, command)) = trimmed.split_once(':') else {
            cx.parse_error(line_start + indent, "not a `name: command` line");
            continue;
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            cx.parse_error(
                line_start + indent,
                format!("`{name}` is not a valid process type name"),
            );
            continue;
        }
        let cmd_offset = line_start + indent + name.len() + 1;
        let command_trimmed = command.trim_start();
        let cmd_start = cmd_offset + (command.len() - command_trimmed.len());
        cx.facts.processes.push(ProcessType {
            at: cx.loc(Span::new(line_start + indent, line_start + content.len())),
            name: name.to_string(),
            command: command_trimmed.to_string(),
        });
        if command_trimmed.contains("DYNO") {
            env_reads::extract_in(cx, command_trimmed, cmd_start, Lang::Shell);
        }
    }
}
