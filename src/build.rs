//! Build script: lays out the release binary's code so that what a run executes sits together.
//!
//! The kernel maps a binary's code in windows of 64 KiB around each page it first touches, so a
//! run that calls two thousand functions scattered over 13 MB of text makes most of the file
//! resident (peak RSS of one `obtain`: ~15 MiB, nearly all of it code it never runs).
//! `src/link-order.txt` lists the functions `account register`, `obtain`, `renew`, `status` and
//! an idle `daemon` execute (written by `tests/bench/link-order.sh`), and the linker places them
//! first, in one run.
//!
//! Only for release builds, and only when the linker this build uses takes
//! `--symbol-ordering-file` (lld and mold do; GNU ld and gold do not): the script links an
//! empty program with the same rustc, target, flags and linker and the option, and passes it
//! on only when that links. `CERTKEEP_NO_LINK_ORDER=1` turns it off.
//!
//! A list that no longer matches the build costs memory, never correctness: names the build
//! does not have are skipped. Symbol names carry a hash of the crate's version, features,
//! dependencies and toolchain (not of the code), so a release, a dependency or a toolchain
//! update renames them: rewrite the list then (`tests/bench/obtain.sh` says how much of it the
//! build still has).

#![expect(
    clippy::disallowed_methods,
    reason = "a build script reads the settings cargo gives it from the environment"
)]

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rerun-if-changed=src/link-order.txt");
    println!("cargo::rerun-if-env-changed=CERTKEEP_NO_LINK_ORDER");
    let off = env::var_os("CERTKEEP_NO_LINK_ORDER").is_some_and(|v| !v.is_empty() && v != "0");
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    if off || !release {
        return;
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let order = manifest.join("src").join("link-order.txt");
    let args = [
        format!("-Wl,--symbol-ordering-file={}", order.display()),
        "-Wl,--no-warn-symbol-ordering".to_owned(),
    ];
    if links_with(&args) {
        for arg in args {
            println!("cargo::rustc-link-arg-bins={arg}");
        }
    } else {
        println!(
            "cargo::warning=this build's linker does not take --symbol-ordering-file: \
             the release binary is built without src/link-order.txt (it works the same, with \
             a larger resident size)"
        );
    }
}

/// Whether an empty program links with `link_args` added, built as cargo builds this package's
/// binary: the same rustc, target, flags and configured linker.
fn links_with(link_args: &[String]) -> bool {
    let Some(out_dir) = env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out_dir.join("link_probe.rs");
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut probe = Command::new(rustc);
    probe
        .arg("--crate-type=bin")
        .arg("--crate-name=link_probe")
        .arg("--edition=2021")
        .arg("-o")
        .arg(out_dir.join("link_probe"))
        .arg(&source);
    if let Ok(target) = env::var("TARGET") {
        probe.arg("--target").arg(target);
    }
    if let Some(linker) = env::var_os("RUSTC_LINKER") {
        probe.arg("-C").arg(linker_arg(&linker));
    }
    let rustflags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    probe.args(rustflags.split('\x1f').filter(|flag| !flag.is_empty()));
    for arg in link_args {
        probe.arg("-C").arg(format!("link-arg={arg}"));
    }
    probe
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// `linker=PATH` for rustc's `-C`.
fn linker_arg(linker: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut arg = std::ffi::OsString::from("linker=");
    arg.push(Path::new(linker));
    arg
}
