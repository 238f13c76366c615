//! Probes: the only code in egress that opens sockets. Every call is bounded by a deadline, so a
//! peer that accepts a connection and never answers costs at most the timeout.

pub mod http;
pub mod keydiff;
pub mod postgres;
pub mod schema;
pub mod tls;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Run `f` on its own thread and give up waiting after `limit`. A call that overruns is left to
/// finish (or not) in the background; the caller reports it as not verified.
pub fn with_deadline<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("egress-probe".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .ok()?;
    rx.recv_timeout(limit).ok()
}
