//! The hostile-store table: one damage per row, each applied to certificate A of a store that
//! also holds a healthy B.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use super::{A, B};

pub fn cp_a(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Moves `path` to `outside/<as_name>` and puts a symlink to it in its place.
pub fn swap_for_symlink(path: &Path, outside: &Path, as_name: &str) {
    let target = outside.join(as_name);
    std::fs::rename(path, &target).unwrap();
    std::os::unix::fs::symlink(&target, path).unwrap();
}

fn truncate(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    std::fs::write(path, &bytes[..bytes.len() / 2]).unwrap();
}

/// One damage to certificate A: `a` is its lineage dir, `b` the healthy one's, `outside` a
/// directory outside the store that symlinks may point into.
pub type Damage = fn(a: &Path, b: &Path, outside: &Path, store: &Path);

pub fn rows() -> Vec<(&'static str, Damage, &'static str)> {
    let mut rows: Vec<(&'static str, Damage, &'static str)> = vec![
        (
            "spec.toml truncated",
            |a, _, _, _| truncate(&a.join("spec.toml")),
            "spec.toml",
        ),
        (
            "spec.toml garbage",
            |a, _, _, _| std::fs::write(a.join("spec.toml"), "\u{0}[[garbage").unwrap(),
            "spec.toml",
        ),
        (
            "state.json garbage",
            |a, _, _, _| std::fs::write(a.join("state.json"), "{\"failures\": ").unwrap(),
            "state.json",
        ),
        (
            "meta.json truncated",
            |a, _, _, _| truncate(&a.join("versions/1/meta.json")),
            "meta.json",
        ),
        (
            "meta.json garbage",
            |a, _, _, _| std::fs::write(a.join("versions/1/meta.json"), "garbage").unwrap(),
            "meta.json",
        ),
        (
            "missing key",
            |a, _, _, _| std::fs::remove_file(a.join("versions/1/privkey.pem")).unwrap(),
            "privkey.pem",
        ),
        (
            "key of another certificate",
            |a, b, _, _| {
                std::fs::copy(
                    b.join("versions/1/privkey.pem"),
                    a.join("versions/1/privkey.pem"),
                )
                .unwrap();
            },
            "privkey.pem",
        ),
    ];
    rows.extend(foreign_rows());
    for pem in ["cert.pem", "chain.pem", "fullchain.pem", "privkey.pem"] {
        rows.push(("pem truncated", truncate_pem(pem), pem));
        rows.push(("pem garbage", garbage_pem(pem), pem));
        rows.push(("pem a symlink elsewhere", symlink_pem(pem), pem));
    }
    rows
}

/// Foreign symlinks, another certificate's name, loose and foreign directories.
fn foreign_rows() -> Vec<(&'static str, Damage, &'static str)> {
    vec![
        (
            "current pointing outside the store",
            |a, _, outside, _| {
                cp_a(&a.join("versions/1"), &outside.join("v1"));
                std::fs::remove_file(a.join("current")).unwrap();
                std::os::unix::fs::symlink(outside.join("v1"), a.join("current")).unwrap();
            },
            "current",
        ),
        (
            "current pointing into the other certificate",
            |a, _, _, _| {
                std::fs::remove_file(a.join("current")).unwrap();
                std::os::unix::fs::symlink(format!("../{B}/versions/1"), a.join("current"))
                    .unwrap();
            },
            "current",
        ),
        (
            "versions a symlink elsewhere",
            |a, _, outside, _| swap_for_symlink(&a.join("versions"), outside, "versions"),
            "versions",
        ),
        (
            "versions/1 a symlink elsewhere",
            |a, _, outside, _| swap_for_symlink(&a.join("versions/1"), outside, "1"),
            "versions/1",
        ),
        (
            "state.json a symlink elsewhere",
            |a, _, outside, _| {
                std::fs::write(a.join("state.json"), "{}").unwrap();
                swap_for_symlink(&a.join("state.json"), outside, "state.json");
            },
            "state.json",
        ),
        (
            "spec.toml a symlink elsewhere",
            |a, _, outside, _| swap_for_symlink(&a.join("spec.toml"), outside, "spec.toml"),
            "spec.toml",
        ),
        (
            "journal a symlink elsewhere",
            |_, _, outside, store| {
                std::fs::create_dir_all(store.join("journal")).unwrap();
                std::fs::create_dir(outside.join("journal")).unwrap();
                std::os::unix::fs::symlink(outside.join("journal"), store.join("journal").join(A))
                    .unwrap();
            },
            "journal",
        ),
        (
            "the certificate dir a symlink elsewhere",
            |a, _, outside, _| swap_for_symlink(a, outside, A),
            A,
        ),
        (
            "spec naming the other certificate",
            |a, _, _, _| {
                let spec = std::fs::read_to_string(a.join("spec.toml")).unwrap();
                let renamed = spec.replace(&format!("name = \"{A}\""), &format!("name = \"{B}\""));
                assert_ne!(spec, renamed, "the spec names its certificate");
                std::fs::write(a.join("spec.toml"), renamed).unwrap();
            },
            "spec.toml",
        ),
        (
            "certificate dir writable by others",
            |a, _, _, _| {
                std::fs::set_permissions(a, std::fs::Permissions::from_mode(0o777)).unwrap();
            },
            A,
        ),
        (
            "spec.toml writable by others",
            |a, _, _, _| {
                let spec = a.join("spec.toml");
                std::fs::set_permissions(spec, std::fs::Permissions::from_mode(0o666)).unwrap();
            },
            "spec.toml",
        ),
        (
            "certificate dir owned by another user",
            |a, _, _, _| std::os::unix::fs::chown(a, Some(4242), Some(4242)).unwrap(),
            A,
        ),
    ]
}

fn truncate_pem(pem: &str) -> Damage {
    match pem {
        "cert.pem" => |a, _, _, _| truncate(&a.join("versions/1/cert.pem")),
        "chain.pem" => |a, _, _, _| truncate(&a.join("versions/1/chain.pem")),
        "fullchain.pem" => |a, _, _, _| truncate(&a.join("versions/1/fullchain.pem")),
        _ => |a, _, _, _| truncate(&a.join("versions/1/privkey.pem")),
    }
}

fn garbage_pem(pem: &str) -> Damage {
    match pem {
        "cert.pem" => {
            |a, _, _, _| std::fs::write(a.join("versions/1/cert.pem"), "garbage").unwrap()
        }
        "chain.pem" => {
            |a, _, _, _| std::fs::write(a.join("versions/1/chain.pem"), "garbage").unwrap()
        }
        "fullchain.pem" => {
            |a, _, _, _| std::fs::write(a.join("versions/1/fullchain.pem"), "garbage").unwrap()
        }
        _ => |a, _, _, _| std::fs::write(a.join("versions/1/privkey.pem"), "garbage").unwrap(),
    }
}

fn symlink_pem(pem: &str) -> Damage {
    match pem {
        "cert.pem" => |a, _, o, _| swap_for_symlink(&a.join("versions/1/cert.pem"), o, "cert.pem"),
        "chain.pem" => {
            |a, _, o, _| swap_for_symlink(&a.join("versions/1/chain.pem"), o, "chain.pem")
        }
        "fullchain.pem" => |a, _, o, _| {
            swap_for_symlink(&a.join("versions/1/fullchain.pem"), o, "fullchain.pem");
        },
        _ => |a, _, o, _| swap_for_symlink(&a.join("versions/1/privkey.pem"), o, "privkey.pem"),
    }
}
