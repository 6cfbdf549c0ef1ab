//! Tests of the store's renewal-window cache: read back over the `state.json` it was saved
//! over and nothing else, one file per round, and whatever a crash or a second writer leaves
//! costing at most windows, never the durable state.

use time::macros::datetime;

use super::super::FsStore;
use super::super::certs::Lineage;
use super::*;
use crate::domain::{CertSpec, ChallengeSpec, FailureLedger, KeySpec};

fn window(start: OffsetDateTime) -> AriState {
    AriState {
        window_start: start,
        window_end: start + time::Duration::days(1),
        chosen: start + time::Duration::hours(3),
        explanation_url: None,
        next_fetch: start - time::Duration::days(9),
    }
}

/// A lineage with a spec and a durable state: a failure ledger, a pending hook and no window
/// yet.
fn lineage_with_ledger(store: &FsStore, name: &str) -> (Lineage, LineageState) {
    let lineage = store.lineage(&name.parse().unwrap());
    lineage
        .save_spec(&CertSpec {
            name: name.parse().unwrap(),
            identifiers: vec!["example.org".parse().unwrap()],
            key_type: KeySpec::EcP256,
            ca: "https://ca.test/dir".into(),
            account: "default".into(),
            challenge: ChallengeSpec::Http01Standalone {
                listen: "0.0.0.0:80".into(),
            },
            profile: None,
            preferred_chain: None,
            use_csr: false,
            hooks: crate::domain::Hooks::default(),
            renewal: crate::domain::RenewalPolicy::default(),
            install: Vec::new(),
            created: datetime!(2026-11-26 08:00 UTC),
        })
        .unwrap();
    let state = LineageState {
        failures: FailureLedger {
            count: 3,
            last_failure: Some(datetime!(2026-11-29 08:00 UTC)),
            last_error: Some("the CA said no".into()),
            retry_after: Some(datetime!(2026-11-30 12:00 UTC)),
        },
        pending_hooks: serde_json::from_str(r#"["systemctl reload nginx"]"#).unwrap(),
        ..LineageState::default()
    };
    lineage.save_state(&state).unwrap();
    (lineage, state)
}

fn refreshed(state: &LineageState) -> LineageState {
    let mut new = state.clone();
    new.ari = Some(window(datetime!(2026-12-10 00:00 UTC)));
    new.ari_next_fetch = Some(datetime!(2026-11-30 18:00 UTC));
    new
}

/// Lineages `a0`, `a1` ... with a ledger each, and their states with a window each (a
/// different one per lineage, so that one read for another would show).
fn lineages(store: &FsStore, count: u8) -> Vec<(Lineage, LineageState, LineageState)> {
    (0..count)
        .map(|i| {
            let (lineage, state) = lineage_with_ledger(store, &format!("a{i}"));
            let mut new = refreshed(&state);
            new.ari = Some(window(
                datetime!(2026-12-10 00:00 UTC) + time::Duration::hours(i.into()),
            ));
            (lineage, state, new)
        })
        .collect()
}

fn batch(of: &[&(Lineage, LineageState, LineageState)]) -> Vec<(CertName, LineageState)> {
    of.iter()
        .map(|(lineage, _, new)| (lineage.name().clone(), new.clone()))
        .collect()
}

/// Every lineage's state as a listing reads it, by name.
fn listed(store: &FsStore) -> Vec<(String, LineageState)> {
    store
        .list_lineages()
        .into_iter()
        .map(|entry| (entry.name, entry.state.unwrap()))
        .collect()
}

#[test]
fn a_refreshed_window_is_read_back_and_state_json_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let (lineage, state) = lineage_with_ledger(&store, "example.org");
    let durable = std::fs::read(lineage.dir().join("state.json")).unwrap();
    let new = refreshed(&state);
    lineage.save_ari_state(&new).unwrap();
    assert_eq!(lineage.load_state().unwrap(), new);
    assert_eq!(
        std::fs::read(lineage.dir().join("state.json")).unwrap(),
        durable,
        "the refresh does not rewrite the durable state"
    );
    assert!(dir.path().join(ARI_FILE).exists());
}

#[test]
fn a_round_is_one_file_read_back_by_each_lineage_and_by_a_listing_from_a_fresh_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let all = lineages(&store, 3);
    // The first listing reads every lineage from its files and builds the index.
    listed(&store);
    let index = std::fs::read(dir.path().join("index.json")).unwrap();
    let failed = store
        .save_ari_states(&batch(&all.iter().collect::<Vec<_>>()))
        .unwrap();
    assert!(failed.is_empty());
    for (lineage, _, new) in &all {
        assert_eq!(&lineage.load_state().unwrap(), new);
        assert!(
            !lineage.dir().join(ARI_FILE).exists(),
            "no file of its own in the lineage"
        );
        assert_eq!(store.entry(lineage.name()).unwrap().state.unwrap(), *new);
    }
    let expected: Vec<_> = all
        .iter()
        .map(|(lineage, _, new)| (lineage.name().to_string(), new.clone()))
        .collect();
    assert_eq!(listed(&store), expected);
    assert_eq!(
        std::fs::read(dir.path().join("index.json")).unwrap(),
        index,
        "the round left every index entry fresh: nothing was read from its files again"
    );
}

#[test]
fn a_torn_or_garbage_window_file_is_no_window_and_the_ledger_survives() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let (lineage, state) = lineage_with_ledger(&store, "example.org");
    lineage.save_ari_state(&refreshed(&state)).unwrap();
    let written = std::fs::read(dir.path().join(ARI_FILE)).unwrap();
    // What a crash mid-round can leave: nothing, a prefix, zeros, or another file's bytes.
    let torn: [&[u8]; 6] = [
        b"",
        &written[..written.len() / 2],
        &written[..written.len() - 1],
        &[0u8; 64],
        b"[1, 2]",
        b"{\"format\": 7}\n{\"over\": 7}",
    ];
    for bytes in torn {
        std::fs::write(dir.path().join(ARI_FILE), bytes).unwrap();
        assert_eq!(
            lineage.load_state().unwrap(),
            state,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        assert_eq!(listed(&store), [("example.org".to_owned(), state.clone())]);
    }
    std::fs::remove_file(dir.path().join(ARI_FILE)).unwrap();
    assert_eq!(lineage.load_state().unwrap(), state);
}

#[test]
fn a_torn_round_file_keeps_the_windows_of_its_whole_lines_and_only_those() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let all = lineages(&store, 4);
    store
        .save_ari_states(&batch(&all.iter().collect::<Vec<_>>()))
        .unwrap();
    let written = std::fs::read(dir.path().join(ARI_FILE)).unwrap();
    // Cut in the middle of the third lineage's line (header, a0, a1, then a2).
    let line_starts: Vec<usize> = written
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(at, _)| at + 1)
        .collect();
    let cut = line_starts[2] + 20;
    let mut torn = written[..cut].to_vec();
    // What a crash can leave after the cut: zeros where the data never reached the disk.
    torn.extend_from_slice(&[0u8; 100]);
    std::fs::write(dir.path().join(ARI_FILE), &torn).unwrap();
    let read: Vec<_> = all
        .iter()
        .map(|(lineage, _, _)| lineage.load_state().unwrap())
        .collect();
    let expected = [&all[0].2, &all[1].2, &all[2].1, &all[3].1];
    assert_eq!(read.iter().collect::<Vec<_>>(), expected);
    let listed: Vec<_> = listed(&store).into_iter().map(|(_, s)| s).collect();
    assert_eq!(listed.iter().collect::<Vec<_>>(), expected);
    // The next round writes a whole file again, keeping the whole lines it found.
    store.save_ari_states(&batch(&[&all[3]])).unwrap();
    let read: Vec<_> = all
        .iter()
        .map(|(lineage, _, _)| lineage.load_state().unwrap())
        .collect();
    assert_eq!(
        read.iter().collect::<Vec<_>>(),
        [&all[0].2, &all[1].2, &all[2].1, &all[3].2]
    );
}

#[test]
fn a_window_over_an_older_state_json_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let (lineage, state) = lineage_with_ledger(&store, "example.org");
    lineage.save_ari_state(&refreshed(&state)).unwrap();
    // A new certificate: the durable save drops the old certificate's window.
    let mut issued = lineage.load_state().unwrap();
    issued.issued(datetime!(2026-11-30 09:00 UTC));
    lineage.save_state(&issued).unwrap();
    assert_eq!(lineage.load_state().unwrap(), issued);
    assert_eq!(lineage.load_state().unwrap().ari, None);
    assert_eq!(listed(&store), [("example.org".to_owned(), issued)]);
    // A hand edit of state.json wins over the cache too.
    let mut edited = state.clone();
    edited.failures.count = 4;
    std::fs::write(
        lineage.dir().join("state.json"),
        serde_json::to_vec(&edited).unwrap(),
    )
    .unwrap();
    assert_eq!(lineage.load_state().unwrap(), edited);
    assert_eq!(listed(&store), [("example.org".to_owned(), edited)]);
}

#[test]
fn only_the_window_is_saved_over_a_state_json_changed_since_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let (lineage, state) = lineage_with_ledger(&store, "example.org");
    // The refresh applied its answer to the state as planned; meanwhile a deploy saved
    // state.json with the ledger cleared.
    let answered = refreshed(&state);
    let mut deployed = state.clone();
    deployed.failures = FailureLedger::default();
    lineage.save_state(&deployed).unwrap();
    lineage.save_ari_state(&answered).unwrap();
    let mut expected = deployed.clone();
    expected.ari.clone_from(&answered.ari);
    expected.ari_next_fetch = answered.ari_next_fetch;
    assert_eq!(lineage.load_state().unwrap(), expected);
    let on_disk: LineageState =
        serde_json::from_slice(&std::fs::read(lineage.dir().join("state.json")).unwrap()).unwrap();
    assert_eq!(on_disk, deployed, "state.json is the deploy's");
}

#[test]
fn a_window_for_a_lineage_without_state_json_is_saved_durably() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let lineage = store.lineage(&"example.org".parse().unwrap());
    std::fs::create_dir_all(lineage.dir()).unwrap();
    let new = refreshed(&LineageState::default());
    lineage.save_ari_state(&new).unwrap();
    assert!(!dir.path().join(ARI_FILE).exists());
    assert_eq!(lineage.load_state().unwrap(), new);
}

#[test]
fn other_lineages_windows_are_kept_and_those_of_deleted_lineages_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let all = lineages(&store, 3);
    store.save_ari_states(&batch(&[&all[0], &all[1]])).unwrap();
    store.save_ari_states(&batch(&[&all[2]])).unwrap();
    for (lineage, _, new) in &all {
        assert_eq!(&lineage.load_state().unwrap(), new);
    }
    all[1].0.delete().unwrap();
    store.save_ari_states(&batch(&[&all[0]])).unwrap();
    let text = std::fs::read_to_string(dir.path().join(ARI_FILE)).unwrap();
    assert!(!text.contains("\"a1\""), "{text}");
    assert_eq!(text.lines().count(), 3, "the header, a0 and a2: {text}");
    assert_eq!(all[2].0.load_state().unwrap(), all[2].2);
}

#[test]
fn a_writer_that_lost_the_race_costs_only_the_windows_it_alone_saved() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let all = lineages(&store, 3);
    store.save_ari_states(&batch(&[&all[0]])).unwrap();
    // Two processes read the file as it is (a0's window), each merges its own round in, and
    // both rename: the second one's file wins.
    let gone = |_: &str| false;
    let window_of = |(lineage, _, new): &(Lineage, LineageState, LineageState)| {
        let bytes = std::fs::read(lineage.dir().join("state.json")).unwrap();
        vec![Window::of(lineage.name().as_str(), &bytes, new)]
    };
    let first = merged(dir.path(), window_of(&all[1]), &gone).unwrap();
    let second = merged(dir.path(), window_of(&all[2]), &gone).unwrap();
    atomic::write_file_unsynced(&dir.path().join(ARI_FILE), &first, PRIVATE_FILE).unwrap();
    atomic::write_file_unsynced(&dir.path().join(ARI_FILE), &second, PRIVATE_FILE).unwrap();
    let read: Vec<_> = all
        .iter()
        .map(|(lineage, _, _)| lineage.load_state().unwrap())
        .collect();
    assert_eq!(
        read.iter().collect::<Vec<_>>(),
        [&all[0].2, &all[1].1, &all[2].2],
        "a0's window kept, a1's asked for again, a2's kept"
    );
}

#[test]
fn writers_saving_at_once_leave_each_lineage_its_own_window_or_none_and_its_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsStore::new(dir.path());
    let all = lineages(&store, 6);
    let halves = [
        batch(&[&all[0], &all[2], &all[4]]),
        batch(&[&all[1], &all[3], &all[5]]),
    ];
    std::thread::scope(|scope| {
        for half in &halves {
            let store = store.clone();
            scope.spawn(move || {
                for _ in 0..50 {
                    assert!(store.save_ari_states(half).unwrap().is_empty());
                }
            });
        }
    });
    for (lineage, state, new) in &all {
        let read = lineage.load_state().unwrap();
        assert!(
            read == *new || read == *state,
            "{}: {read:?}",
            lineage.name()
        );
    }
    // Whichever file won, the last save of each half is a whole round.
    let text = std::fs::read_to_string(dir.path().join(ARI_FILE)).unwrap();
    assert!(text.lines().count() >= 4, "{text}");
}

#[test]
fn each_lineage_finds_its_own_line_among_many_of_any_length_and_others_none() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..300)
        .map(|i| format!("n{i:03}"))
        .filter(|name| !name.ends_with('7'))
        .collect();
    // Lines from a hundred bytes to well over a read's chunk, each bound to its own "state".
    let problem_len = |i: usize| i * 7 % 1500;
    let windows = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let state = LineageState {
                ari_problem: Some("x".repeat(problem_len(i))),
                ..LineageState::default()
            };
            Window::of(name, name.as_bytes(), &state)
        })
        .collect();
    save(dir.path(), windows, &|_| false).unwrap();
    for (i, name) in names.iter().enumerate() {
        let mut state = LineageState::default();
        overlay_one(dir.path(), name, &digest(name.as_bytes()), &mut state);
        assert_eq!(
            state.ari_problem.as_deref().map(str::len),
            Some(problem_len(i)),
            "{name}"
        );
    }
    for absent in ["a", "n007", "n1", "n2999", "z"] {
        let mut state = LineageState::default();
        overlay_one(dir.path(), absent, &digest(absent.as_bytes()), &mut state);
        assert_eq!(state, LineageState::default(), "{absent}");
    }
}
