//! Documented patterns compiled once per process: whether the `regex` crate reads a pattern
//! decides the generated checks, their rustdoc and the emitter's diagnostics, and smoke values
//! are checked against it, so one API asks for the same pattern many times (every field and
//! parameter that repeats it, every generation of the process). Compiling is a pure function
//! of the pattern's text, so its result is kept by that text.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// `regex::Regex::new(pattern)`, compiled at most once per process.
pub(crate) fn regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    static COMPILED: LazyLock<Mutex<HashMap<String, Result<regex::Regex, regex::Error>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if let Some(found) = COMPILED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(pattern)
    {
        return found.clone();
    }
    // Compiled outside the lock: another thread may compile the same pattern meanwhile, with
    // the same result.
    let compiled = regex::Regex::new(pattern);
    COMPILED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(pattern.to_string(), compiled.clone());
    compiled
}

/// Whether the `regex` crate reads `pattern` (see [`regex`]).
pub(crate) fn compiles(pattern: &str) -> bool {
    regex(pattern).is_ok()
}
