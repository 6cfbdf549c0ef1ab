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

/// The success document, or, when the report cannot be serialized, the `internal` error to
/// report instead (never `ok: true` with a `null` result).
pub fn success<R: Serialize>(command: &str, report: &R) -> Result<String, Error> {
    let result = serde_json::to_value(report).map_err(|e| {
        Error::internal(format!(
            "could not encode the result of '{command}' as JSON"
        ))
        .caused_by(e)
        .with_hint("this is a bug in certkeep; please report it with the command you ran")
    })?;
    Ok(line(
        &json!({"schema": SCHEMA, "command": command, "ok": true, "result": result, "error": null}),
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A report whose serialization fails, as a map with non-string keys would.
    struct Unencodable;

    impl Serialize for Unencodable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("not encodable"))
        }
    }

    #[test]
    fn a_report_that_cannot_be_encoded_is_an_internal_error_not_ok() {
        let err = success("list", &Unencodable).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        let doc: Value = serde_json::from_str(&failure("list", &err)).unwrap();
        assert_eq!(doc["ok"], false);
        assert_eq!(doc["error"]["kind"], "internal");
        assert!(
            doc["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not encodable"),
            "{doc}"
        );
        let ok: Value = serde_json::from_str(&success("list", &[1, 2]).unwrap()).unwrap();
        assert_eq!(ok["ok"], true);
        assert_eq!(ok["result"], json!([1, 2]));
    }
}
