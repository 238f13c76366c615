//! crontab files, with CRON_TZ unless the no-time-zone hazard is planted.

use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::{COMMENTS, NOUNS, VERBS};

pub fn generate(r: &mut Rng, target: usize, no_tz: bool, out: &mut String) {
    out.push_str("# m h dom mon dow command\n");
    if !no_tz {
        out.push_str(r.pick(&[
            "CRON_TZ=UTC\n",
            "CRON_TZ=Etc/UTC\n",
            "CRON_TZ=America/New_York\n",
        ]));
    }
    out.push_str("SHELL=/bin/bash\nPATH=/usr/local/bin:/usr/bin:/bin\nMAILTO=\"\"\n\n");
    while out.len() < target {
        let _ = write!(
            out,
            "# {}\n{} {} * * {} cd /app && bin/{}-{} >> /var/log/cron.log 2>&1\n",
            r.pick(COMMENTS),
            r.below(60),
            r.pick(&["*", "1", "3", "*/2", "22"]),
            r.pick(&["*", "1-5", "0"]),
            r.pick(VERBS),
            r.pick(NOUNS)
        );
    }
}
