//! libpq's password file (`~/.pgpass`, or the file `PGPASSFILE` names): one
//! `host:port:database:user:password` line per server, `*` matching anything in the first four
//! fields, `\:` and `\\` escaping. The first matching line wins, as in libpq. A file other users
//! can read is refused rather than silently ignored, so the user learns why no password was
//! found.

use std::path::Path;

use super::FleetError;
use super::url::FleetUrl;
use crate::domain::Secret;

/// The password for `url` in the passfile at `path`; `Ok(None)` when the file is absent or has
/// no matching line.
pub fn lookup(path: &Path, url: &FleetUrl) -> Result<Option<Secret>, FleetError> {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(FleetError::Passfile {
                path: path.to_owned(),
                source,
            });
        }
    };
    if meta.mode() & 0o077 != 0 {
        return Err(FleetError::PassfileLoose {
            path: path.to_owned(),
            mode: meta.mode() & 0o7777,
        });
    }
    let text = crate::bounded::read_text(path, crate::bounded::SECRET_LIMIT).map_err(|source| {
        FleetError::Passfile {
            path: path.to_owned(),
            source,
        }
    })?;
    Ok(find(&text, url).map(Secret::new))
}

/// The password of the first line of `text` that matches `url`.
fn find(text: &str, url: &FleetUrl) -> Option<String> {
    let port = url.port.to_string();
    let wanted = [
        url.host.as_str(),
        port.as_str(),
        url.database.as_str(),
        url.user.as_str(),
    ];
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(fields)
        .find(|fields| {
            fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut fields| fields.swap_remove(4))
        .filter(|password| !password.is_empty())
}

/// The five fields of a line, escapes undone; `None` for a line with fewer.
fn fields(line: &str) -> Option<Vec<String>> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.last_mut()?.push(chars.next().unwrap_or('\\')),
            ':' if out.len() < 5 => out.push(String::new()),
            c => out.last_mut()?.push(c),
        }
    }
    (out.len() == 5).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> FleetUrl {
        FleetUrl::parse("postgresql://certkeep@db.internal:5433/fleet").unwrap()
    }

    #[test]
    fn the_first_matching_line_wins_with_wildcards_and_escapes() {
        let text = "# comment\nother:5433:fleet:certkeep:wrong\n*:5433:fleet:certkeep:pa\\:ss\\\\word\n*:*:*:*:fallback\n";
        assert_eq!(find(text, &url()).as_deref(), Some("pa:ss\\word"));
        assert_eq!(
            find("*:*:*:*:fallback\n", &url()).as_deref(),
            Some("fallback")
        );
        assert_eq!(find("db.internal:5432:fleet:certkeep:x\n", &url()), None);
        assert_eq!(find("short:line\n", &url()), None);
    }

    #[test]
    fn a_passfile_others_can_read_is_refused_and_a_missing_one_is_none() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        assert!(lookup(&path, &url()).unwrap().is_none());
        std::fs::write(&path, "*:*:*:*:s3cret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = lookup(&path, &url()).unwrap_err();
        assert!(
            matches!(err, FleetError::PassfileLoose { mode: 0o644, .. }),
            "{err:?}"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(lookup(&path, &url()).unwrap().unwrap().expose(), "s3cret");
    }
}
