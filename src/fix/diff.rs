//! Unified diffs of a file before and after its fixes (`--diff`).

/// A unified diff of two texts (`--- a/path`, `+++ b/path`, hunks with three lines of context);
/// empty when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    file_diff(Some(path), Some(path), old, new)
}

/// `unified_diff` between two names, either of which may be missing (`/dev/null`: a file
/// created or removed). A created or removed file is shown even when empty.
pub fn file_diff(old_path: Option<&str>, new_path: Option<&str>, old: &str, new: &str) -> String {
    const CONTEXT: usize = 3;
    let label = |prefix: &str, p: Option<&str>| {
        p.map_or("/dev/null".to_string(), |p| format!("{prefix}{p}"))
    };
    let header = format!(
        "--- {}\n+++ {}\n",
        label("a/", old_path),
        label("b/", new_path)
    );
    if old == new {
        return if old_path == new_path {
            String::new()
        } else {
            header
        };
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = line_ops(&a, &b);
    // Group changes whose contexts touch into hunks.
    let changed: Vec<usize> = (0..ops.len())
        .filter(|&i| !matches!(ops[i], Op::Same(..)))
        .collect();
    let mut out = header;
    let mut i = 0;
    while i < changed.len() {
        let first = changed[i];
        let mut last = first;
        while i + 1 < changed.len() && changed[i + 1] - last <= 2 * CONTEXT + 1 {
            i += 1;
            last = changed[i];
        }
        i += 1;
        let lo = first.saturating_sub(CONTEXT);
        let hi = (last + CONTEXT + 1).min(ops.len());
        let (mut a_start, mut b_start) = (None, None);
        let (mut a_len, mut b_len) = (0, 0);
        let mut body = String::new();
        for op in &ops[lo..hi] {
            let (mark, line) = match *op {
                Op::Same(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    a_len += 1;
                    b_len += 1;
                    (' ', a[x])
                }
                Op::Del(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    a_len += 1;
                    ('-', a[x])
                }
                Op::Add(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    b_len += 1;
                    ('+', b[y])
                }
            };
            body.push(mark);
            body.push_str(line);
            if !line.ends_with('\n') {
                body.push_str("\n\\ No newline at end of file\n");
            }
        }
        // An empty range starts at the line before it (GNU diff convention).
        let start =
            |s: Option<usize>, len: usize| s.map_or(0, |s| if len == 0 { s } else { s + 1 });
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start(a_start, a_len),
            a_len,
            start(b_start, b_len),
            b_len
        ));
        out.push_str(&body);
    }
    out
}

/// A line of the diff: its index in the old text and the new one.
#[derive(Debug, Clone, Copy)]
enum Op {
    Same(usize, usize),
    Del(usize, usize),
    Add(usize, usize),
}

/// Common prefix and suffix, and a longest common subsequence of the lines between (fixes change
/// a few lines, so that middle is small; past a size limit it is shown as replaced whole).
fn line_ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops: Vec<Op> = (0..pre).map(|i| Op::Same(i, i)).collect();
    if ma.len().saturating_mul(mb.len()) <= 4_000_000 {
        // lcs[i][j]: length of an LCS of ma[i..] and mb[j..].
        let w = mb.len() + 1;
        let mut lcs = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                ops.push(Op::Same(pre + i, pre + j));
                i += 1;
                j += 1;
            } else if i < ma.len() && (j == mb.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])
            {
                ops.push(Op::Del(pre + i, pre + j));
                i += 1;
            } else {
                ops.push(Op::Add(pre + i, pre + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..ma.len()).map(|i| Op::Del(pre + i, pre)));
        ops.extend((0..mb.len()).map(|j| Op::Add(pre + ma.len(), pre + j)));
    }
    let (ea, eb) = (a.len() - suf, b.len() - suf);
    ops.extend((0..suf).map(|k| Op::Same(ea + k, eb + k)));
    ops
}
