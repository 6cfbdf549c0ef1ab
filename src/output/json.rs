//! The JSON contract (schema `certkeep/v1`): every command run with `--json` prints exactly one
//! object on stdout, on success and on failure alike:
//!
//! ```json
//! {"schema": "certkeep/v1", "command": "obtain", "ok": true, "result": {...}, "error": null}
//! {"schema": "certkeep/v1", "command": "obtain", "ok": false, "result": null,
//!  "error": {"kind": "validation_failed", "message": "...", "hint": "...",
//!            "acme_problem": {"type": "...", "detail": "...", "status": 403, "subproblems": []},
//!            "retry_after": null}}
//! ```
//!
//! A command that has a result even though it failed (`renew` where some certificates failed,
//! `hooks test` where a hook failed) carries both `result` and `error`.
//!
//! `error.kind` is one of `internal`, `usage`, `ca_refused`, `transient`, `validation_failed`,
//! `storage`, `hook_failed`, `locked`, `security`, `partial_failure`, `interrupted` and matches
//! the exit code. Times are RFC 3339 UTC, durations seconds, keys `snake_case`. No secret ever
//! appears. Each command's `result` is its report type in `ops` serialized as is; fields are only
//! ever added within `v1`.

use serde::Serialize;
use serde_json::{Value, json};

use crate::clock::rfc3339;
use crate::error::Error;

/// The schema name and version.
pub const SCHEMA: &str = "certkeep/v1";

/// The success document.
pub fn success<R: Serialize>(command: &str, report: &R) -> String {
    let result = serde_json::to_value(report).unwrap_or(Value::Null);
    line(
        &json!({"schema": SCHEMA, "command": command, "ok": true, "result": result, "error": null}),
    )
}

/// The failure document.
pub fn failure(command: &str, err: &Error) -> String {
    failure_value(command, &Value::Null, err)
}

/// The failure document of a command that still has a result (`renew` with some failures).
pub fn failure_with_result<R: Serialize>(command: &str, report: &R, err: &Error) -> String {
    failure_value(
        command,
        &serde_json::to_value(report).unwrap_or(Value::Null),
        err,
    )
}

fn failure_value(command: &str, result: &Value, err: &Error) -> String {
    let error = json!({
        "kind": err.kind.as_str(),
        "message": err.to_string(),
        "hint": err.hint,
        "acme_problem": err.acme_problem,
        "retry_after": err.retry_after.map(rfc3339),
    });
    line(
        &json!({"schema": SCHEMA, "command": command, "ok": false, "result": result, "error": error}),
    )
}

fn line(value: &Value) -> String {
    let mut text = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
