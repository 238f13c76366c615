//! Containing a panic to the file that caused it. A bug in one extractor must cost the user
//! that file's facts, not the run: the panic becomes an `EG002 internal-error` finding on the
//! file, and every other file is still checked. The panic message is redacted like every
//! other output (it may quote the text being parsed).

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while a contained closure runs on this thread: the hook then records the panic
    /// instead of printing it.
    static CONTAINED: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Install egress's panic hook (once): panics print a short, redacted report, or, inside
/// `contain`, print nothing and leave the message to the finding.
pub fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        panic::set_hook(Box::new(|info| {
            let message = describe(info);
            let recorded = CONTAINED.with(|c| {
                let mut c = c.borrow_mut();
                match c.as_mut() {
                    Some(slot) => {
                        *slot = Some(message.clone());
                        true
                    }
                    None => false,
                }
            });
            if !recorded {
                eprintln!(
                    "egress: internal error: {message}\n\
                     This is a bug in egress; please report it with the command you ran."
                );
            }
        }));
    });
}

fn describe(info: &panic::PanicHookInfo<'_>) -> String {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into());
    let at = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    crate::printable::message(&format!("{payload}{at}"))
}

/// Run `f`; a panic inside it becomes `Err(message)` (redacted) instead of unwinding further.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINED.with(|c| c.borrow_mut().replace(None));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    let recorded = CONTAINED.with(|c| std::mem::replace(&mut *c.borrow_mut(), outer));
    result.map_err(|payload| {
        recorded.flatten().unwrap_or_else(|| {
            // No hook of ours ran (egress used as a library): the payload is all there is.
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            crate::printable::message(&text)
        })
    })
}

/// Test hook: `EGRESS_INTERNAL_PANIC_ON=<text>` makes extraction panic on files whose path
/// contains the text, so the containment is tested through the real binary.
pub fn injected_fault(path: &std::path::Path) {
    static ON: std::sync::LazyLock<Option<String>> =
        std::sync::LazyLock::new(|| std::env::var("EGRESS_INTERNAL_PANIC_ON").ok());
    if let Some(on) = ON.as_deref() {
        if !on.is_empty() && path.to_string_lossy().contains(on) {
            panic!("injected fault (EGRESS_INTERNAL_PANIC_ON) in postgres://u:s3cret-canary@db.example.com/x");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_redacted_message() {
        install_hook();
        let r: Result<(), String> =
            contain(|| panic!("bad url postgres://u:hunter2@db.example.com/x"));
        let e = r.unwrap_err();
        assert!(e.contains("bad url") && e.contains("contain.rs"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
        assert_eq!(contain(|| 7), Ok(7));
        // Nested: the inner one is contained, the outer goes on.
        let outer = contain(|| contain(|| panic!("inner")).unwrap_err());
        assert!(outer.unwrap().contains("inner"));
    }
}
