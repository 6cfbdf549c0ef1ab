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
//! `error.kind` is one of `internal` (exit 1), `usage` (2), `ca_refused` (3), `transient` (4),
//! `validation_failed` (5), `storage` (6), `hook_failed` (7), `locked` (8), `security` (9),
//! `partial_failure` (10), `hangup` (129), `interrupted` (130) and `terminated` (143), always
//! the one the exit code names. Times are RFC 3339 UTC strings, durations seconds, keys
//! `snake_case`; every key below is always present (`null` when it has no value). No secret ever
//! appears. Each command's `result` is its report type in `ops` serialized as is; fields are only
//! ever added within `v1`. `tests/json_contract.rs` and `tests/json_contract_all.rs` pin every
//! shape below with strict mirror structs.
//!
//! # `result` per command
//!
//! Shapes shared by several commands:
//!
//! - *paths*: `{cert, chain, fullchain, privkey}`, file paths; `privkey` is `null` for a CSR
//!   lineage.
//! - *revocation*: `{serial, reason, revoked_at}`; `reason` is an RFC 5280 name
//!   (`keyCompromise`, `superseded`, `cessationOfOperation`, `unspecified`) or `null`.
//! - *damaged*: `{name, file, reason}`: a lineage that could not be read, the file at fault
//!   and why.
//! - *account*: `{name, ca, url, contact: [string], status ("valid" | "deactivated"), eab_kid,
//!   key_thumbprint, key_type, created, key_path}`; `key_type` is `ec-p256`, `ec-p384`,
//!   `rsa-2048` ... or `unknown`, and any but `ec-p256` is moved to a P-256 key at first use.
//! - *server*: `{server, txt: [string]}`: what one DNS server holds at a record.
//! - *status word*: `valid`, `expiring`, `expired`, `pending`, `damaged`, `revoked`, `retired`.
//!
//! ## `obtain`
//! `{name, identifiers: [string], serial, not_before, not_after, issuer, key_type, version,
//! ca, account, order_url, paths, dry_run, issued, changes: [string], next_renewal,
//! warnings: [string]}`. `version` and `paths` are `null` on a dry run; `issued` is `false`
//! when the stored certificate already matched and nothing was ordered.
//!
//! ## `edit`
//! `{name, changes: [string], spec: {identifiers, key_type, ca, account, challenge, profile,
//! preferred_chain, use_csr}}`: `spec` as `show` has it, after the edit; `changes` is empty
//! when the spec already said so (nothing was written).
//!
//! ## `list`
//! `{certificates: [{name, identifiers, not_after, days_left, status, ca, version,
//! revocation}], damaged: [damaged]}`.
//!
//! ## `show`
//! `{name, status, days_left, spec: {identifiers, key_type, ca, account, challenge, profile,
//! preferred_chain, use_csr}, current: {version, serial, identifiers, not_before, not_after,
//! issuer, key_type, issued_at, order_url, ca} | null, paths | null, pem}`; `pem` is the full
//! chain with `--pem`, else `null`.
//!
//! ## `renew`
//! `{renewed: [{name, serial, not_after, version}], failed: [{name, kind, message,
//! retry_after, hint}], not_due: [{name, next, reason, backing_off}], retired: [string],
//! skipped: [{name, reason}] (left to another fleet node; omitted when empty),
//! hooks_failed: [string], dry_run}`. With failures the document also carries `error`
//! (`partial_failure` when some renewed, else the failure's own kind; `hook_failed` when only
//! hooks failed).
//!
//! ## `status`
//! `{certificates: [{name, status, revocation, warnings, not_after, next_renewal (null: due
//! now), reason, backing_off, failures, last_error, last_attempt, last_success,
//! ari_window_start, ari_window_end, ari_explanation_url, pending_hooks}], damaged: [damaged],
//! daemon: {pid, started, last_wake, next_wake, state ("running" | "stopped"), last_round} |
//! null}`.
//!
//! ## `revoke`
//! `{name, serial, reason, deleted}`.
//!
//! ## `delete`
//! `{name}`.
//!
//! ## `hooks test`
//! `{name, outcomes: [{command, exit_code, timed_out, error, output_tail, duration_secs}]}`;
//! when a hook failed the document also carries a `hook_failed` error.
//!
//! ## `account register`, `account show`
//! *account*.
//!
//! ## `account list`
//! `{accounts: [account], errors: [string]}`; `errors` names each unreadable entry.
//!
//! ## `account rollover`
//! `{account, old_key_thumbprint}`.
//!
//! ## `account deactivate`
//! `{account}`, its `status` now `deactivated`.
//!
//! ## `dns check`
//! `{name, record, target, delegated, servers: [server]}`: `target` is where the TXT record
//! must be written after following CNAMEs.
//!
//! ## `dns persist-record`, `dns persist-check`
//! `{record, value, servers: [server]}`; `servers` is empty for `persist-record`. A record not
//! yet published everywhere makes `persist-check` fail (`validation_failed`) with its result.
//!
//! ## `dns acme-dns register`
//! `{name, cname_record, cname_target, credentials}`; `credentials` says where they are kept,
//! never what they are.
//!
//! ## `import`
//! `{dry_run, client ("certbot" | "lego" | "acme.sh"), source, accounts: [{name, ca,
//! ca_inferred, url, contact, key_type, can_sign, moves_to_p256, source, existing}], imported: [{name,
//! renamed_from, source, identifiers, serial, not_after, key_type, versions, ca, account,
//! challenge (a spec's `challenge` table, or null), needs_challenge_choice}], skipped:
//! [{source, reason}], take_over: [{name, file, path,
//! certkeep_path, taken_over}], disable_old: [string]}`.
//! `source` of an entry is relative to the directory read; `can_sign` false means certkeep
//! cannot use that account key; `moves_to_p256` true means the (RSA or P-384) key is rolled
//! over to a new P-256 key at the account's first use, keeping the account URL;
//! `disable_old` holds commands only with `--take-over`.
//!
//! ## `secret set`
//! `{name, backend ("files" | "os-keyring"), location, reference}`; never the value.
//!
//! ## `systemd print`
//! `{units}`: the unit files' text.
//!
//! ## `daemon`
//! Runs until a signal and prints no document then; a daemon that cannot start prints the
//! failure document (`result` `null`).
//!
//! # `--events` lines
//!
//! With `--events` (with or without `--json`) stderr carries one JSON object per line per
//! progress event, every one of them written before the final report or error
//! ([`crate::output::progress`]); the object is [`crate::ops::EventRecord`]:
//!
//! ```json
//! {"v":1,"cert":"example.org","order":"https://ca.example/order/1","event":"order_created","pending":1}
//! ```
//!
//! `v` is the line's own version (1), `cert` the certificate and `order` its order URL (from
//! `order_created` on), `null` where there is none. `event` and its own keys:
//! `account_registered {url}`, `order_created {pending}`, `challenge_presented {identifier,
//! challenge}`, `validation_started {count}`, `authorizations_valid`, `finalizing`,
//! `certificate_issued {serial, not_after}`, `stored {version}`, `renewing {reason}`,
//! `renew_failed {message}`, `waiting {seconds, reason}`, `dns_pending {record, servers}`,
//! `hook_ran {stage, command, ok, exit_code, timed_out, error, output}`, `cleanup_failed
//! {identifier, message}`, `warning {message}`. Kinds and keys are only ever added within
//! `v` 1; `tests/json_contract_all.rs` pins them (`EventLine`).

use serde::Serialize;
use serde_json::{Value, json};

use super::OutputError;
use crate::clock::rfc3339;
use crate::error::Error;

/// The schema name and version.
pub const SCHEMA: &str = "certkeep/v1";

/// The whole document, its members in key order (as every `certkeep/v1` document has been
/// printed: see [`super::sorted_json`]).
#[derive(Serialize)]
struct Document<'a, R: ?Sized> {
    command: &'a str,
    error: &'a Value,
    ok: bool,
    result: &'a R,
    schema: &'static str,
}

/// The success document, or, when the report cannot be serialized, the `internal` error to
/// report instead (never `ok: true` with a `null` result).
pub fn success<R: Serialize + ?Sized>(command: &str, report: &R) -> Result<String, Error> {
    document(command, report, &Value::Null).map_err(|source| {
        OutputError::Encode {
            command: command.to_owned(),
            source,
        }
        .into()
    })
}

/// The failure document.
pub fn failure(command: &str, err: &Error) -> String {
    failure_with_result(command, &Value::Null, err)
}

/// The failure document of a command that still has a result (`renew` with some failures);
/// a result that cannot be encoded is `null`.
pub fn failure_with_result<R: Serialize + ?Sized>(
    command: &str,
    report: &R,
    err: &Error,
) -> String {
    let error = json!({
        "kind": err.kind.as_str(),
        "message": err.to_string(),
        "hint": err.hint,
        "acme_problem": err.acme_problem,
        "retry_after": err.retry_after.map(rfc3339),
    });
    document(command, report, &error)
        .or_else(|_| document(command, &Value::Null, &error))
        .unwrap_or_else(|_| "{}\n".into())
}

/// The document on one line, `ok` when there is no `error`.
fn document<R: Serialize + ?Sized>(
    command: &str,
    result: &R,
    error: &Value,
) -> Result<String, serde_json::Error> {
    let mut text = super::sorted_json::to_vec(&Document {
        command,
        error,
        ok: error.is_null(),
        result,
        schema: SCHEMA,
    })?;
    text.push(b'\n');
    // serde_json writes nothing but UTF-8.
    Ok(String::from_utf8(text)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
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

    #[test]
    fn documents_are_printed_byte_for_byte_as_through_a_value() {
        let status = crate::store::DaemonStatus {
            pid: 7,
            started: time::OffsetDateTime::UNIX_EPOCH,
            last_wake: time::OffsetDateTime::UNIX_EPOCH,
            next_wake: Some(time::OffsetDateTime::UNIX_EPOCH),
            state: crate::store::DaemonState::Running,
            last_round: "a \"quoted\" round\n".into(),
            paused: None,
        };
        let value = serde_json::to_value(&status).unwrap();
        let through_value = |error: Value| {
            let ok = error.is_null();
            let mut text = serde_json::to_string(&json!({"schema": SCHEMA, "command": "status",
                "ok": ok, "result": value, "error": error}))
            .unwrap();
            text.push('\n');
            text
        };
        assert_eq!(
            success("status", &status).unwrap(),
            through_value(Value::Null)
        );
        let err = success("list", &Unencodable).unwrap_err();
        let printed: Value =
            serde_json::from_str(&failure_with_result("status", &status, &err)).unwrap();
        assert_eq!(
            failure_with_result("status", &status, &err),
            through_value(printed["error"].clone())
        );
    }
}
