//! Putting entries together: the repository's facts, what a committed contract keeps, and
//! the exports, as one inventory.

use super::{
    diff, is_export, is_repo_source, Addon, Dyno, EnvVar, Extension, Inventory, COMMITTED,
};

fn add_sources(into: &mut Vec<String>, from: &[String]) {
    for s in from {
        if !into.contains(s) {
            into.push(s.clone());
        }
    }
}

fn fill<T: Clone>(into: &mut Option<T>, from: &Option<T>) {
    if into.is_none() {
        into.clone_from(from);
    }
}

impl Inventory {
    /// What of a committed contract a rebuild from the repository alone cannot know, and so
    /// keeps: entries with a source that is not a file of the repository (an export, or
    /// [`COMMITTED`]) with those sources only, and entries with no source at all (written by
    /// hand, or by a tool before egress), which get [`COMMITTED`] as their source; the app's
    /// name, stack and region; keys egress does not write; Heroku Scheduler jobs, which live
    /// on Heroku. What an export in `replaced` said is dropped too: that export at hand says
    /// it again.
    pub fn carried(&self, replaced: &[&str]) -> Inventory {
        let exports = |s: &String| !replaced.contains(&s.as_str());
        let keep = |sources: &[String]| -> Option<Vec<String>> {
            if sources.is_empty() {
                return Some(vec![COMMITTED.to_string()]);
            }
            let kept: Vec<String> = sources
                .iter()
                .filter(|s| !is_repo_source(s) && exports(s))
                .cloned()
                .collect();
            (!kept.is_empty()).then_some(kept)
        };
        let mut out = Inventory {
            app: self.app.clone(),
            stack: self.stack.clone(),
            region: self.region.clone(),
            extra: self.extra.clone(),
            scheduled_jobs: self
                .scheduled_jobs
                .iter()
                .filter(|j| j.sources.iter().all(exports))
                .cloned()
                .collect(),
            ..Inventory::default()
        };
        for d in &self.dynos {
            if let Some(sources) = keep(&d.sources) {
                out.dynos.push(Dyno {
                    sources,
                    ..d.clone()
                });
            }
        }
        for a in &self.addons {
            if let Some(sources) = keep(&a.sources) {
                out.addons.push(Addon {
                    sources,
                    ..a.clone()
                });
            }
        }
        for v in &self.env_vars {
            // Code reading a name, or the target setting it, is the repository's to say again.
            if v.sources.is_empty() && !(v.read_at.is_empty() && v.target_at.is_empty()) {
                continue;
            }
            if let Some(sources) = keep(&v.sources) {
                // A shape the repository gave is the repository's to give again; an export's
                // is kept with it.
                let own = sources.iter().any(|s| is_export(s))
                    || v.sources.iter().all(|s| !is_repo_source(s));
                out.env_vars.push(EnvVar {
                    name: v.name.clone(),
                    secret: v.secret,
                    shape: v.shape.clone().filter(|_| own),
                    sources,
                    ..EnvVar::default()
                });
            }
        }
        for e in &self.extensions {
            if let Some(sources) = keep(&e.sources) {
                out.extensions.push(Extension {
                    sources,
                    ..e.clone()
                });
            }
        }
        out
    }

    /// Merge `other` in: entries with the same key become one (their sources joined, the
    /// fields one side lacks taken from the other; what the app runs on Heroku, as the
    /// exports say, wins over what the repository declares for quantities, sizes and plans).
    pub fn merge(&mut self, other: Inventory) {
        fill(&mut self.app, &other.app);
        fill(&mut self.stack, &other.stack);
        fill(&mut self.region, &other.region);
        for (k, v) in other.extra {
            self.extra.entry(k).or_insert(v);
        }
        upsert(
            &mut self.dynos,
            other.dynos,
            |d| d.kind.clone(),
            |x, d| {
                fill(&mut x.command, &d.command);
                if d.quantity.is_some() {
                    x.quantity = d.quantity;
                }
                if d.size.is_some() {
                    x.size.clone_from(&d.size);
                }
                add_sources(&mut x.sources, &d.sources);
            },
        );
        // Add-ons have no key (app.json may name neither the add-on nor its variables): a few
        // per app, compared pairwise.
        for a in other.addons {
            match self.addons.iter_mut().find(|x| diff::same_addon(x, &a)) {
                Some(x) => {
                    fill(&mut x.name, &a.name);
                    if a.plan.is_some() {
                        x.plan.clone_from(&a.plan);
                    }
                    add_sources(&mut x.attachments, &a.attachments);
                    add_sources(&mut x.sources, &a.sources);
                }
                None => self.addons.push(a),
            }
        }
        upsert(
            &mut self.env_vars,
            other.env_vars,
            |v| v.name.clone(),
            |x, v| {
                x.secret |= v.secret;
                if v.shape.is_some() && v.sources.iter().any(|s| is_export(s)) {
                    x.shape.clone_from(&v.shape);
                } else {
                    fill(&mut x.shape, &v.shape);
                }
                add_sources(&mut x.sources, &v.sources);
                add_sources(&mut x.read_at, &v.read_at);
                add_sources(&mut x.target_at, &v.target_at);
            },
        );
        upsert(
            &mut self.extensions,
            other.extensions,
            |e| e.name.clone(),
            |x, e| {
                if e.schema.is_some() {
                    x.schema.clone_from(&e.schema);
                }
                if e.version.is_some() {
                    x.version.clone_from(&e.version);
                }
                add_sources(&mut x.sources, &e.sources);
            },
        );
        upsert(
            &mut self.scheduled_jobs,
            other.scheduled_jobs,
            diff::job_key,
            |x, j| add_sources(&mut x.sources, &j.sources),
        );
        upsert(
            &mut self.schedules,
            other.schedules,
            diff::schedule_key,
            |x, s| add_sources(&mut x.sources, &s.sources),
        );
        upsert(
            &mut self.runtimes,
            other.runtimes,
            |r| (r.runtime.clone(), r.version.clone()),
            |x, r| add_sources(&mut x.sources, &r.sources),
        );
        upsert(
            &mut self.health,
            other.health,
            |h| h.probe.clone(),
            |x, h| add_sources(&mut x.sources, &h.sources),
        );
        upsert(
            &mut self.release,
            other.release,
            |r| r.command.clone(),
            |x, r| add_sources(&mut x.sources, &r.sources),
        );
    }
}

/// Entries of `from` join the entry of `into` with the same key (`combine`), or are added;
/// entries of `from` with the same key join each other. Indexed: a list may be long.
fn upsert<T, K: Eq + std::hash::Hash>(
    into: &mut Vec<T>,
    from: Vec<T>,
    key: impl Fn(&T) -> K,
    combine: impl Fn(&mut T, &T),
) {
    let mut at: std::collections::HashMap<K, usize> =
        into.iter().enumerate().map(|(i, x)| (key(x), i)).collect();
    for item in from {
        let k = key(&item);
        match at.get(&k) {
            Some(&i) => combine(&mut into[i], &item),
            None => {
                at.insert(k, into.len());
                into.push(item);
            }
        }
    }
}
