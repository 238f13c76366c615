//! Rake files (`lib/tasks/*.rake`, `Rakefile`) that say the Heroku Scheduler runs their tasks
//! ("This task is called by the Heroku scheduler add-on", the comment Heroku's own guide puts
//! there): each task becomes a `ScheduledTask`, whose schedule lives in the Scheduler's
//! dashboard and not in the repository.
//!
//! A deliberate exception to comment-blindness: the schedule is nowhere in the code, and the
//! comment (or the `desc`) is the only trace the repository keeps of it. The tasks themselves
//! are read from the code with comments masked, so a commented-out task is no task.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::Cx;
use crate::facts::{CronOrigin, ScheduledTask};
use crate::source::{Lang, Span};

/// "Heroku scheduler", "Heroku Scheduler add-on", "heroku's scheduler".
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?i)\bheroku(?:'s)?[ \t]+scheduler\b").unwrap());

/// `task :name`, `task name: :environment`, `task "name" do`, `task(:name)`.
static TASK: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"^(?P<indent>[ \t]*)task[ \t(]+(?::(?P<sym>\w+[?!]?)|["'](?P<str>[^"'\s]+)["']|(?P<key>\w+):\s)"#,
    )
    .unwrap()
});

/// `namespace :scheduler do`.
static NAMESPACE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"^(?P<indent>[ \t]*)namespace[ \t(]+(?::(?P<sym>\w+)|["'](?P<str>[^"'\s]+)["'])"#,
    )
    .unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    let name = cx.src.file_name();
    // `scheduler` is everywhere in other files (Kubernetes, CI), so it is no prefilter literal:
    // only rake files look for it.
    let rake = name.ends_with(".rake") || name == "Rakefile";
    if !rake || memchr::memmem::find(cx.text.as_bytes(), b"cheduler").is_none() {
        return;
    }
    if !MENTION.is_match(cx.text) {
        return;
    }
    let lexed = cx.lexed(Lang::Ruby);
    let code = lexed.masked.as_str();
    // Namespaces open at an indent and close at the `end` of the same indent.
    let mut spaces: Vec<(usize, String)> = Vec::new();
    let mut tasks = Vec::new();
    let mut start = 0;
    for line in code.split_inclusive('\n') {
        let ls = start;
        start += line.len();
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if t == "end" || t.starts_with("end ") || t.starts_with("end;") {
            if spaces.last().is_some_and(|(i, _)| *i == indent) {
                spaces.pop();
            }
            continue;
        }
        if let Some(c) = NAMESPACE.captures(line) {
            spaces.retain(|(i, _)| *i < indent);
            if let Some(n) = c.name("sym").or(c.name("str")) {
                spaces.push((indent, n.as_str().to_string()));
            }
            continue;
        }
        let Some(c) = TASK.captures(line) else {
            continue;
        };
        let Some(n) = c.name("sym").or(c.name("str")).or(c.name("key")) else {
            continue;
        };
        if n.as_str() == "default" {
            continue;
        }
        spaces.retain(|(i, _)| *i < indent);
        let mut full: Vec<&str> = spaces.iter().map(|(_, s)| s.as_str()).collect();
        full.push(n.as_str());
        let at = Span::new(ls + indent, ls + n.end());
        tasks.push((at, full.join(":")));
    }
    for (at, name) in tasks {
        cx.facts.scheduled_tasks.push(ScheduledTask {
            at: cx.loc(at),
            name,
            runner: CronOrigin::HerokuScheduler,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;

    fn tasks(path: &str, text: &str) -> Vec<String> {
        facts(path, text)
            .scheduled_tasks
            .into_iter()
            .map(|t| t.name)
            .collect()
    }

    #[test]
    fn tasks_of_a_file_the_scheduler_runs() {
        let rake = r#"# lib/tasks/scheduler.rake
desc "This task is called by the Heroku scheduler add-on"
task :update_feed => :environment do
  puts "Updating feed..."
  NewsFeed.update
end

namespace :reports do
  # task :old_digest => :environment
  desc "Mail the weekly digest"
  task weekly_digest: :environment do
    Digest.deliver
  end
end

task "send_reminders" do
  User.send_reminders
end
task default: :update_feed
"#;
        assert_eq!(
            tasks("lib/tasks/scheduler.rake", rake),
            ["update_feed", "reports:weekly_digest", "send_reminders"]
        );
    }

    #[test]
    fn no_mention_no_task() {
        let rake = "desc 'Clean up'\ntask cleanup: :environment do\n  Session.sweep\nend\n";
        assert!(tasks("lib/tasks/cleanup.rake", rake).is_empty());
        // Another scheduler, or code that is not a rake file.
        let other = "# run by the scheduler (cron on the box)\ntask :sweep do\nend\n";
        assert!(tasks("lib/tasks/sweep.rake", other).is_empty());
        let rb = "# called by the Heroku scheduler\ndef task(x); end\ntask :x\n";
        assert!(tasks("app/models/job.rb", rb).is_empty());
    }
}
