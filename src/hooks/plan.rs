//! Which hooks run, once each, in which order, for which certificates: one pure answer for
//! `obtain`, `renew` and the daemon (which renews through `renew`). No I/O; the caller runs
//! the steps in order.
//!
//! Before any order, [`before`]: every `pre` hook of the certificates about to be ordered,
//! each distinct hook once, about all of them. After the orders, [`after`]: the `failure`
//! hooks of each failed certificate (about that one), then each distinct `deploy` hook once
//! about every issued certificate that names it, then every distinct `post` hook once about
//! the issued certificates, with the failed ones named.

use crate::domain::{HookSpec, Hooks};

use super::Stage;

/// How one certificate's attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Issued and stored.
    Issued,
    /// Failed: its failure hooks run.
    Failed,
    /// Did not get through without that being its own failure (stopped by a signal, or
    /// damaged in the store): named as failed to post hooks, no failure hooks.
    Stopped,
}

/// One certificate the plan is about.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// Its hooks (empty on a dry run: dry runs run none).
    pub hooks: &'a Hooks,
    /// How its attempt ended (ignored by [`before`]).
    pub outcome: Outcome,
}

/// One hook to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The stage.
    pub stage: Stage,
    /// The hook.
    pub hook: HookSpec,
    /// The certificates it is about, as indices into the subjects.
    pub certs: Vec<usize>,
    /// The certificates named as failed, as indices into the subjects.
    pub failed: Vec<usize>,
}

/// The `pre` hooks, before any order: each distinct one once, about every subject.
pub fn before(subjects: &[Subject<'_>]) -> Vec<Step> {
    let all: Vec<usize> = (0..subjects.len()).collect();
    distinct(subjects, |h| &h.pre, |_| true)
        .into_iter()
        .map(|hook| Step {
            stage: Stage::Pre,
            hook,
            certs: all.clone(),
            failed: Vec::new(),
        })
        .collect()
}

/// The failure, deploy and post hooks, once the outcomes are known.
pub fn after(subjects: &[Subject<'_>]) -> Vec<Step> {
    let indices = |outcome: &dyn Fn(Outcome) -> bool| -> Vec<usize> {
        subjects
            .iter()
            .enumerate()
            .filter(|(_, s)| outcome(s.outcome))
            .map(|(i, _)| i)
            .collect()
    };
    let issued = indices(&|o| o == Outcome::Issued);
    let failed = indices(&|o| o != Outcome::Issued);
    let mut steps = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        if subject.outcome == Outcome::Failed {
            for hook in &subject.hooks.failure {
                steps.push(Step {
                    stage: Stage::Failure,
                    hook: hook.clone(),
                    certs: vec![i],
                    failed: vec![i],
                });
            }
        }
    }
    for hook in distinct(subjects, |h| &h.deploy, |o| o == Outcome::Issued) {
        let certs = issued
            .iter()
            .copied()
            .filter(|&i| subjects[i].hooks.deploy.contains(&hook))
            .collect();
        steps.push(Step {
            stage: Stage::Deploy,
            hook,
            certs,
            failed: Vec::new(),
        });
    }
    for hook in distinct(subjects, |h| &h.post, |_| true) {
        steps.push(Step {
            stage: Stage::Post,
            hook,
            certs: issued.clone(),
            failed: failed.clone(),
        });
    }
    steps
}

/// The distinct hooks of one stage over the subjects `include` accepts, in first-seen order.
fn distinct(
    subjects: &[Subject<'_>],
    stage: impl Fn(&Hooks) -> &Vec<HookSpec>,
    include: impl Fn(Outcome) -> bool,
) -> Vec<HookSpec> {
    let mut out: Vec<HookSpec> = Vec::new();
    for subject in subjects.iter().filter(|s| include(s.outcome)) {
        for hook in stage(subject.hooks) {
            if !out.contains(hook) {
                out.push(hook.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(command: &str) -> HookSpec {
        HookSpec {
            command: vec![command.into()],
            shell: false,
            timeout_secs: None,
        }
    }

    fn hooks(pre: &[&str], deploy: &[&str], failure: &[&str], post: &[&str]) -> Hooks {
        let list = |names: &[&str]| names.iter().map(|n| hook(n)).collect();
        Hooks {
            pre: list(pre),
            post: list(post),
            deploy: list(deploy),
            failure: list(failure),
        }
    }

    /// (stage, command, certs, failed) for compact expectations.
    type Expected = Vec<(Stage, String, Vec<usize>, Vec<usize>)>;

    fn steps(plan: &[Step]) -> Expected {
        plan.iter()
            .map(|s| (s.stage, s.hook.display(), s.certs.clone(), s.failed.clone()))
            .collect()
    }

    fn subject(hooks: &Hooks, outcome: Outcome) -> Subject<'_> {
        Subject { hooks, outcome }
    }

    fn step(stage: Stage, command: &str, certs: &[usize], failed: &[usize]) -> Expected {
        vec![(stage, command.into(), certs.to_vec(), failed.to_vec())]
    }

    #[test]
    fn pre_hooks_run_once_each_about_every_certificate() {
        let a = hooks(&["stop-web", "snapshot"], &[], &[], &[]);
        let b = hooks(&["stop-web"], &[], &[], &[]);
        let subjects = [subject(&a, Outcome::Issued), subject(&b, Outcome::Issued)];
        assert_eq!(
            steps(&before(&subjects)),
            [
                step(Stage::Pre, "stop-web", &[0, 1], &[]),
                step(Stage::Pre, "snapshot", &[0, 1], &[]),
            ]
            .concat()
        );
        assert!(before(&[]).is_empty());
    }

    #[test]
    fn after_the_orders_failure_then_deploy_then_post() {
        use Outcome::{Failed, Issued, Stopped};
        use Stage::{Deploy, Failure, Post};
        let web = hooks(&[], &["reload-nginx"], &["page-me"], &["start-web"]);
        let mail = hooks(
            &[],
            &["reload-nginx", "reload-postfix"],
            &["page-me"],
            &["start-web"],
        );
        let none = Hooks::default();
        let cases = [
            (
                "one issued",
                vec![subject(&web, Issued)],
                [
                    step(Deploy, "reload-nginx", &[0], &[]),
                    step(Post, "start-web", &[0], &[]),
                ]
                .concat(),
            ),
            (
                "one failed",
                vec![subject(&web, Failed)],
                [
                    step(Failure, "page-me", &[0], &[0]),
                    step(Post, "start-web", &[], &[0]),
                ]
                .concat(),
            ),
            (
                "a shared deploy hook once for both, its own hook for one",
                vec![subject(&web, Issued), subject(&mail, Issued)],
                [
                    step(Deploy, "reload-nginx", &[0, 1], &[]),
                    step(Deploy, "reload-postfix", &[1], &[]),
                    step(Post, "start-web", &[0, 1], &[]),
                ]
                .concat(),
            ),
            (
                "failure hooks per failed certificate, deploy only for the issued",
                vec![
                    subject(&mail, Failed),
                    subject(&web, Issued),
                    subject(&web, Failed),
                ],
                [
                    step(Failure, "page-me", &[0], &[0]),
                    step(Failure, "page-me", &[2], &[2]),
                    step(Deploy, "reload-nginx", &[1], &[]),
                    step(Post, "start-web", &[1], &[0, 2]),
                ]
                .concat(),
            ),
            (
                "a stopped or damaged certificate is named failed, without failure hooks",
                vec![subject(&web, Stopped), subject(&none, Stopped)],
                step(Post, "start-web", &[], &[0, 1]),
            ),
            (
                "a dry run: no hooks",
                vec![subject(&none, Issued)],
                Vec::new(),
            ),
        ];
        for (case, subjects, expected) in cases {
            assert_eq!(steps(&after(&subjects)), expected, "{case}");
        }
    }
}
