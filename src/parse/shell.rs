//! Shell command lines: a shell text split into the simple commands it runs, each with its
//! words and spans, the way `sh` would split it. One mechanism for every place a command line
//! is written: shell scripts, Makefile recipes, Procfile and package.json commands, Dockerfile
//! `RUN`, CI steps (`run:`, `script:`), Ruby's `sh "..."`.
//!
//! Comments and heredoc bodies are found by the lexer first (`lexer::lex`), so a `# heroku ...`
//! comment or the body of `cat <<EOF` is never a command. Separators (`;`, `&&`, `||`, `|`,
//! `&`, new lines, subshell parentheses) end a command; `\` at the end of a line continues it.
//! Command substitutions (`$(...)`, backticks, `<(...)`) hold commands of their own, which are
//! returned too, with the logical line of the command around them. Quotes are removed from the
//! words' text; expansions are kept as written and make a word not literal.

use super::lexer::{self, Syntax};
use crate::source::{Lang, Span};

/// Substitutions nested deeper than this are read as plain words.
const MAX_DEPTH: usize = 32;

/// One word of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as written, quotes included.
    pub span: Span,
    /// Inside its quotes when the whole word is one quoted string (`'heroku run x'`), else
    /// `span`.
    pub inner: Span,
    /// The text with quotes removed and escapes resolved; expansions are kept as written.
    pub text: String,
    /// No expansion (`$NAME`, `$(...)`, backticks) in it: `text` is what the shell passes.
    pub literal: bool,
}

/// A simple command: its words, without redirections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// From the first word to the end of the last.
    pub span: Span,
    /// The logical line it is part of (continuations joined; for a command inside a
    /// substitution, the line of the command around it).
    pub line: Span,
    pub words: Vec<Word>,
    /// The command runs inside a substitution (`$(...)`, backticks).
    pub nested: bool,
}

/// Keywords and reserved words that come before a command without being one.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "exec", "builtin",
];

/// Programs that run the command in their arguments: the word after their options is the
/// program (`sudo -E heroku ...`, `env FOO=1 heroku ...`).
const WRAPPERS: &[&str] = &[
    "sudo", "env", "nohup", "nice", "timeout", "npx", "xargs", "command",
];

impl Command {
    /// The index of the word that names the program run: past variable assignments
    /// (`HEROKU_API_KEY=... heroku ...`), keywords (`if heroku ...`) and wrappers (`sudo`,
    /// `env`, `npx`, `timeout 10m`). None for a check that only looks the program up
    /// (`command -v heroku`), and for a command that is only assignments.
    pub fn program(&self) -> Option<usize> {
        let w = &self.words;
        let mut i = 0;
        while i < w.len() {
            let t = w[i].text.as_str();
            if is_assignment(t) || KEYWORDS.contains(&t) {
                i += 1;
                continue;
            }
            if !WRAPPERS.contains(&t) {
                return Some(i);
            }
            i += 1;
            // The wrapper's own options (and their arguments).
            while i < w.len() {
                let o = w[i].text.as_str();
                if t == "command" && matches!(o, "-v" | "-V") {
                    return None;
                }
                if o.starts_with('-') {
                    let takes_arg = match t {
                        "sudo" => matches!(o, "-u" | "-g" | "-C" | "-D" | "-h" | "-p" | "-U"),
                        "env" => matches!(o, "-u" | "-C" | "-S"),
                        "nice" => o == "-n",
                        "timeout" => matches!(o, "-s" | "-k"),
                        "npx" => matches!(o, "-p" | "--package"),
                        "xargs" => matches!(o, "-I" | "-n" | "-P" | "-L" | "-d" | "-E"),
                        _ => false,
                    };
                    i += 1 + usize::from(takes_arg);
                    continue;
                }
                if t == "env" && is_assignment(o) {
                    i += 1;
                    continue;
                }
                break;
            }
            // `timeout 10m cmd`: the duration comes first.
            if t == "timeout" && i < w.len() {
                i += 1;
            }
        }
        None
    }

    /// The program's name as run: `heroku` for `heroku`, `/usr/local/bin/heroku`, `npx
    /// heroku@8`; None when the program word is not literal.
    pub fn program_name(&self) -> Option<(usize, &str)> {
        let i = self.program()?;
        let w = &self.words[i];
        if !w.literal {
            return None;
        }
        let base = w.text.rsplit('/').next().unwrap_or(&w.text);
        // `npx heroku@8.1.0`: the package's version.
        let base = match base.split_once('@') {
            Some((name, _)) if !name.is_empty() => name,
            _ => base,
        };
        Some((i, base))
    }

    /// The script of `sh -c '...'` / `bash -c "..."`: the word after `-c`.
    pub fn inline_script(&self) -> Option<&Word> {
        let (i, name) = self.program_name()?;
        if !matches!(name, "sh" | "bash" | "zsh" | "dash" | "ash") {
            return None;
        }
        let rest = &self.words[i + 1..];
        let c = rest.iter().position(|w| {
            w.text.starts_with('-') && !w.text.starts_with("--") && w.text.contains('c')
        })?;
        rest.get(c + 1)
    }
}

/// `NAME=value` (also `NAME+=value`), the shell's assignment word.
fn is_assignment(word: &str) -> bool {
    let Some(eq) = word.find('=') else {
        return false;
    };
    let name = word[..eq].strip_suffix('+').unwrap_or(&word[..eq]);
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// Every command of a shell text, in order of where it starts (nested ones after the command
/// they are in, in the order they close).
pub fn commands(text: &str) -> Vec<Command> {
    let lexed = lexer::lex(text, Syntax::for_lang(Lang::Shell));
    // Heredoc bodies: the lexer's strings that start at the line break before the body.
    let heredocs: Vec<Span> = lexed
        .strings
        .iter()
        .filter(|s| text.as_bytes().get(s.start) == Some(&b'\n'))
        .copied()
        .collect();
    let mut p = Parser {
        b: lexed.masked.as_bytes(),
        heredocs,
        out: Vec::new(),
        line: 0,
        lines: Vec::new(),
    };
    p.list(0, Close::End, 0);
    let Parser {
        mut out, mut lines, ..
    } = p;
    // Each command's line: the union of the commands of its logical line.
    lines.sort_unstable();
    let mut spans: Vec<(usize, Span)> = Vec::new();
    for (n, s) in lines {
        match spans.last_mut() {
            Some((m, span)) if *m == n => {
                span.start = span.start.min(s.start);
                span.end = span.end.max(s.end);
            }
            _ => spans.push((n, s)),
        }
    }
    for c in &mut out {
        let n = c.line.start;
        c.line = spans
            .binary_search_by_key(&n, |(m, _)| *m)
            .map_or(c.span, |i| spans[i].1);
    }
    out.sort_by_key(|c| (c.span.start, c.nested));
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Close {
    /// The end of the text.
    End,
    /// `)` of `$(`, `<(` or a subshell.
    Paren,
    /// The closing backtick.
    Backtick,
}

struct Parser<'a> {
    b: &'a [u8],
    heredocs: Vec<Span>,
    out: Vec<Command>,
    /// The current logical line's number (a command's `line.start` holds it until the end).
    line: usize,
    /// (line number, command span) of every command, to compute line spans at the end.
    lines: Vec<(usize, Span)>,
}

/// The words of the command being read.
#[derive(Default)]
struct Pending {
    words: Vec<Word>,
    /// The next word is a redirection's target, not an argument.
    redirect: bool,
}

impl Parser<'_> {
    /// Read commands from `i` until `close`; returns where reading stopped (after the closer).
    fn list(&mut self, mut i: usize, close: Close, depth: usize) -> usize {
        let b = self.b;
        let mut cur = Pending::default();
        while i < b.len() {
            let c = b[i];
            match c {
                b'\n' => {
                    self.flush(&mut cur, depth);
                    if depth == 0 {
                        self.line += 1;
                    }
                    i = self.skip_heredocs(i);
                }
                b'\\' if b.get(i + 1) == Some(&b'\n') => i += 2,
                b'\\' if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') => i += 3,
                b' ' | b'\t' | b'\r' => i += 1,
                b';' | b'|' => {
                    self.flush(&mut cur, depth);
                    i += 1;
                }
                b'&' if b.get(i + 1) == Some(&b'>') => {
                    // `&>file`, `&>>file`
                    i += 2 + usize::from(b.get(i + 2) == Some(&b'>'));
                    cur.redirect = true;
                }
                b'&' => {
                    self.flush(&mut cur, depth);
                    i += 1;
                }
                b'(' => {
                    self.flush(&mut cur, depth);
                    i = self.nested(i + 1, Close::Paren, depth);
                }
                b')' => {
                    self.flush(&mut cur, depth);
                    if close == Close::Paren {
                        return i + 1;
                    }
                    i += 1;
                }
                b'`' if close == Close::Backtick => {
                    self.flush(&mut cur, depth);
                    return i + 1;
                }
                b'<' | b'>' => i = self.redirect(i, &mut cur, depth),
                _ => {
                    let (word, next) = self.word(i, close, depth);
                    if let Some(w) = word {
                        if std::mem::take(&mut cur.redirect) {
                            // `2>/dev/null`: the target is not an argument.
                        } else {
                            cur.words.push(w);
                        }
                    }
                    i = next.max(i + 1);
                }
            }
        }
        self.flush(&mut cur, depth);
        b.len()
    }

    /// Commands of a substitution or subshell opening at `i`, unless nested too deep.
    fn nested(&mut self, i: usize, close: Close, depth: usize) -> usize {
        if depth >= MAX_DEPTH {
            return self.skip_group(i, close);
        }
        self.list(i, close, depth + 1)
    }

    /// Past a group without reading it (too deep): to its closer, counting parentheses.
    fn skip_group(&self, mut i: usize, close: Close) -> usize {
        let b = self.b;
        let mut depth = 1usize;
        while i < b.len() {
            match (b[i], close) {
                (b'\\', _) => i += 1,
                (b'(', Close::Paren) => depth += 1,
                (b')', Close::Paren) => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                (b'`', Close::Backtick) => return i + 1,
                _ => {}
            }
            i += 1;
        }
        b.len()
    }

    /// A redirection at `i` (`>`, `>>`, `<`, `2>&1`, `<<EOF`, `<<<word`, `<(...)`).
    fn redirect(&mut self, mut i: usize, cur: &mut Pending, depth: usize) -> usize {
        let b = self.b;
        // `2>`: the file descriptor was read as a word of digits just before.
        if let Some(last) = cur.words.last() {
            if last.span.end == i && last.text.bytes().all(|c| c.is_ascii_digit()) {
                cur.words.pop();
            }
        }
        if b[i] == b'<' && b.get(i + 1) == Some(&b'(')
            || b[i] == b'>' && b.get(i + 1) == Some(&b'(')
        {
            return self.nested(i + 2, Close::Paren, depth);
        }
        let op = b[i];
        i += 1;
        while i < b.len() && (b[i] == op || b[i] == b'&' || b[i] == b'|' || b[i] == b'-') {
            i += 1;
            if b[i - 1] == b'&' {
                // `>&2`, `2>&1`: a descriptor, not a file.
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'-') {
                    i += 1;
                }
                return i;
            }
        }
        if op == b'<' && b.get(i) == Some(&b'~') {
            i += 1; // `<<~` (Ruby-style, seen in scripts)
        }
        cur.redirect = true;
        i
    }

    /// From a line break at `i`: past the heredoc bodies that start there (and their
    /// terminator lines).
    fn skip_heredocs(&self, mut i: usize) -> usize {
        let b = self.b;
        loop {
            let Ok(n) = self.heredocs.binary_search_by_key(&i, |s| s.start) else {
                return i + 1;
            };
            // The body ends where its terminator line starts; go to that line's end.
            let end = self.heredocs[n].end;
            i = memchr::memchr(b'\n', &b[end.min(b.len())..]).map_or(b.len(), |k| end + k);
            if i >= b.len() {
                return b.len();
            }
        }
    }

    /// One word from `i`: its quotes, escapes, expansions and substitutions (whose commands
    /// are read as they come). None when nothing but a separator was there.
    fn word(&mut self, start: usize, close: Close, depth: usize) -> (Option<Word>, usize) {
        let b = self.b;
        let mut i = start;
        let mut text: Vec<u8> = Vec::new();
        let mut literal = true;
        let mut quoted_whole = None;
        while i < b.len() {
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' => {
                    break
                }
                b'`' if close == Close::Backtick => break,
                b'\\' => {
                    if let Some(&n) = b.get(i + 1) {
                        if n != b'\n' {
                            text.push(n);
                        }
                    }
                    i = (i + 2).min(b.len());
                }
                b'\'' => {
                    let end = memchr::memchr(b'\'', &b[i + 1..]).map_or(b.len(), |n| i + 1 + n);
                    text.extend_from_slice(&b[i + 1..end]);
                    if i == start {
                        quoted_whole = Some(Span::new(i + 1, end));
                    }
                    i = (end + 1).min(b.len());
                }
                b'"' => {
                    let open = i;
                    let (end, lit) = self.double_quoted(i + 1, depth, &mut text);
                    literal &= lit;
                    if open == start {
                        quoted_whole = Some(Span::new(open + 1, end));
                    }
                    i = (end + 1).min(b.len());
                }
                b'$' | b'`' => {
                    let next = self.expansion(i, depth);
                    text.extend_from_slice(&b[i..next.min(b.len())]);
                    literal = false;
                    i = next;
                }
                _ => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        if i == start {
            return (None, i);
        }
        let span = Span::new(start, i);
        // The whole word is one quoted string only if the string ends the word.
        let inner = quoted_whole
            .filter(|q| q.end + 1 == i || q.end == i)
            .unwrap_or(span);
        let word = Word {
            span,
            inner,
            text: String::from_utf8_lossy(&text).into_owned(),
            literal,
        };
        (Some(word), i)
    }

    /// The text of a double-quoted string from `i` (after the quote) to its closing quote
    /// (returned, with whether it held no expansion).
    fn double_quoted(&mut self, mut i: usize, depth: usize, text: &mut Vec<u8>) -> (usize, bool) {
        let b = self.b;
        let mut literal = true;
        while i < b.len() {
            match b[i] {
                b'"' => return (i, literal),
                b'\\' => {
                    if let Some(&n) = b.get(i + 1) {
                        if !b"\"\\$`\n".contains(&n) {
                            text.push(b'\\');
                        }
                        if n != b'\n' {
                            text.push(n);
                        }
                    }
                    i += 2;
                }
                b'$' | b'`' => {
                    let next = self.expansion(i, depth);
                    text.extend_from_slice(&b[i..next.min(b.len())]);
                    literal = false;
                    i = next.max(i + 1);
                }
                c => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        (b.len(), literal)
    }

    /// An expansion at `i` (`$NAME`, `${...}`, `$((...))`, `$(...)`, a backtick command): its
    /// end. The commands of a substitution are read.
    fn expansion(&mut self, i: usize, depth: usize) -> usize {
        let b = self.b;
        if b[i] == b'`' {
            return self.nested(i + 1, Close::Backtick, depth);
        }
        match b.get(i + 1) {
            // `$((...))`: past both closing parentheses (or to the end of an unclosed one).
            Some(b'(') if b.get(i + 2) == Some(&b'(') => {
                (self.skip_group(i + 3, Close::Paren) + 1).min(b.len())
            }
            Some(b'(') => self.nested(i + 2, Close::Paren, depth),
            Some(b'{') => {
                let mut d = 0usize;
                let mut j = i + 1;
                while j < b.len() {
                    match b[j] {
                        b'{' => d += 1,
                        b'}' => {
                            d -= 1;
                            if d == 0 {
                                return j + 1;
                            }
                        }
                        b'\n' => return j,
                        _ => {}
                    }
                    j += 1;
                }
                b.len()
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let n = b[i + 1..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(b.len(), |n| i + 1 + n);
                n
            }
            Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(c) => i + 2,
            _ => i + 1,
        }
    }

    /// End the command being read (if it has words).
    fn flush(&mut self, cur: &mut Pending, depth: usize) {
        cur.redirect = false;
        let words = std::mem::take(&mut cur.words);
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return;
        };
        let span = Span::new(first.span.start, last.span.end);
        self.lines.push((self.line, span));
        self.out.push(Command {
            span,
            // The line number, until `commands` turns it into the line's span.
            line: Span::new(self.line, self.line),
            words,
            nested: depth > 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        commands(text)
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| w.text).collect())
            .collect()
    }

    fn programs(text: &str) -> Vec<String> {
        commands(text)
            .iter()
            .filter_map(|c| c.program_name().map(|(_, n)| n.to_string()))
            .collect()
    }

    #[test]
    fn separators_quotes_and_continuations() {
        assert_eq!(
            words("a 'b c' \"d $E\"; f && g || h | i & j\nk \\\n  l\n"),
            [
                vec!["a", "b c", "d $E"],
                vec!["f"],
                vec!["g"],
                vec!["h"],
                vec!["i"],
                vec!["j"],
                vec!["k", "l"],
            ]
        );
        let cs = commands("x=1 heroku run rake \\\n  db:migrate && echo ok\n");
        assert_eq!(cs[0].line, cs[1].line);
        assert_eq!(cs[0].line, Span::new(0, 45));
    }

    #[test]
    fn comments_heredocs_and_redirections() {
        let text = "# heroku run x\ncat <<EOF > Procfile\nheroku run y\nEOF\nheroku ps 2>&1 >/dev/null # z\n";
        assert_eq!(
            words(text),
            [vec!["cat"], vec!["heroku", "ps"]],
            "{:?}",
            commands(text)
        );
    }

    #[test]
    fn substitutions_hold_commands() {
        let text = "export URL=$(heroku config:get DATABASE_URL -a app)\necho \"`heroku apps`\"\n";
        let cs = commands(text);
        let nested: Vec<_> = cs
            .iter()
            .filter(|c| c.nested)
            .map(|c| &text[c.span.start..c.span.end])
            .collect();
        assert_eq!(
            nested,
            ["heroku config:get DATABASE_URL -a app", "heroku apps"]
        );
        assert!(cs.iter().all(|c| c.line.end <= text.len()));
        let outer = cs.iter().find(|c| !c.nested).unwrap();
        assert!(!outer.words[1].literal);
        assert_eq!(cs[0].line, cs[1].line);
    }

    #[test]
    fn programs_past_assignments_keywords_and_wrappers() {
        assert_eq!(
            programs(
                "HEROKU_API_KEY=x heroku a\nif heroku b; then sudo -u deploy heroku c; fi\nenv -i A=1 /usr/local/bin/heroku d\nnpx -y heroku@8 e\ntimeout 5m heroku f\n"
            ),
            ["heroku", "heroku", "heroku", "fi", "heroku", "heroku", "heroku"]
        );
        assert!(programs("command -v heroku\n").is_empty());
        assert_eq!(
            programs("command heroku ps\nwhich heroku\n"),
            ["heroku", "which"]
        );
        let cs = commands("bash -lc 'heroku run x'\n");
        let script = cs[0].inline_script().unwrap();
        assert_eq!(script.text, "heroku run x");
        assert_eq!(script.inner, Span::new(10, 22));
    }

    #[test]
    fn broken_input_never_panics() {
        for t in [
            "\"unclosed $(",
            "$(((",
            "`",
            "a <<",
            "echo ${",
            ")))",
            "<(x",
            "\\",
            "2>",
            "$((1",
            "x $((",
            "é'é\"é`é$(é",
        ] {
            for c in commands(t) {
                assert!(
                    c.line.end <= t.len() && c.span.end <= t.len(),
                    "{t:?}: {c:?}"
                );
            }
        }
        let deep = "$(".repeat(200);
        let _ = commands(&deep);
    }
}
