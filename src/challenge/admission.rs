//! Which connections certkeep's own http-01 server holds, so that no client can keep the CA's
//! validation request out. Each client (an IPv4 address, an IPv6 /64) holds a bounded number of
//! connections, and all clients together a bound; at either bound the oldest connection that has
//! not yet sent its complete request head (an idle or trickling one) is closed to make room for
//! the newcomer. Only when every connection concerned has sent its head (it is being answered,
//! which takes a moment) is the newcomer closed instead.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::oneshot;

/// The bounds on connections held at once.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// All clients together.
    pub total: usize,
    /// One client.
    pub per_client: usize,
}

/// The connections held, shared by the accept loop and the connections' tasks.
#[derive(Debug)]
pub(super) struct Admission {
    limits: Limits,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Numbered in order of arrival: the first is the oldest.
    open: BTreeMap<u64, Open>,
    per_client: HashMap<IpAddr, usize>,
    next: u64,
}

#[derive(Debug)]
struct Open {
    client: IpAddr,
    head_read: bool,
    /// Dropped to close the connection (its task waits on the other end).
    _close: oneshot::Sender<()>,
}

/// One admitted connection; leaving its place when dropped.
#[derive(Debug)]
pub(super) struct Ticket {
    admission: Arc<Admission>,
    id: u64,
}

/// Resolves when the connection was closed to make room for another.
pub(super) type Evicted = oneshot::Receiver<()>;

impl Admission {
    pub(super) fn new(limits: Limits) -> Arc<Self> {
        Arc::new(Self {
            limits,
            state: Mutex::default(),
        })
    }

    /// Admits a connection from `peer`, closing an older one without a complete head if a
    /// bound is reached; `None` (close the newcomer) when nothing could make room.
    pub(super) fn admit(self: &Arc<Self>, peer: IpAddr) -> Option<(Ticket, Evicted)> {
        let client = client_of(peer);
        let mut state = self.state();
        let held = state.per_client.get(&client).copied().unwrap_or(0);
        if held >= self.limits.per_client && !state.evict_oldest_idle(Some(client)) {
            return None;
        }
        if state.open.len() >= self.limits.total && !state.evict_oldest_idle(None) {
            return None;
        }
        let (close, evicted) = oneshot::channel();
        let id = state.next;
        state.next += 1;
        state.open.insert(
            id,
            Open {
                client,
                head_read: false,
                _close: close,
            },
        );
        *state.per_client.entry(client).or_default() += 1;
        let ticket = Ticket {
            admission: self.clone(),
            id,
        };
        Some((ticket, evicted))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    /// Closes the oldest connection (of `client`, or of anyone) that has not sent its head.
    fn evict_oldest_idle(&mut self, client: Option<IpAddr>) -> bool {
        let oldest = self
            .open
            .iter()
            .find(|(_, open)| !open.head_read && client.is_none_or(|c| c == open.client))
            .map(|(id, _)| *id);
        match oldest {
            Some(id) => {
                self.remove(id);
                true
            }
            None => false,
        }
    }

    fn remove(&mut self, id: u64) {
        if let Some(open) = self.open.remove(&id)
            && let Some(held) = self.per_client.get_mut(&open.client)
        {
            *held -= 1;
            if *held == 0 {
                self.per_client.remove(&open.client);
            }
        }
    }
}

impl Ticket {
    /// The connection sent its complete request head: it is no longer evicted for a newcomer.
    pub(super) fn head_read(&self) {
        if let Some(open) = self.admission.state().open.get_mut(&self.id) {
            open.head_read = true;
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admission.state().remove(self.id);
    }
}

/// The client a peer address counts as: an IPv4 address (also when mapped into IPv6 by a
/// dual-stack listener), or an IPv6 /64 (one host commonly has a whole /64 to pick from).
fn client_of(peer: IpAddr) -> IpAddr {
    match peer.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        IpAddr::V4(v4) => IpAddr::V4(v4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        total: 4,
        per_client: 2,
    };

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn evicted(rx: &mut Evicted) -> bool {
        matches!(rx.try_recv(), Err(oneshot::error::TryRecvError::Closed))
    }

    #[test]
    fn a_client_at_its_bound_loses_its_oldest_idle_connection_not_the_newcomer() {
        let admission = Admission::new(LIMITS);
        let (first, mut first_rx) = admission.admit(ip("192.0.2.1")).unwrap();
        let (_second, mut second_rx) = admission.admit(ip("192.0.2.1")).unwrap();
        let (_other, mut other_rx) = admission.admit(ip("192.0.2.2")).unwrap();
        let (_third, mut third_rx) = admission.admit(ip("192.0.2.1")).unwrap();
        assert!(
            evicted(&mut first_rx),
            "the oldest idle one of that client went"
        );
        assert!(!evicted(&mut second_rx) && !evicted(&mut third_rx));
        assert!(!evicted(&mut other_rx), "another client's connection stays");
        // The evicted ticket's own drop later does not free a second place.
        drop(first);
        assert_eq!(admission.state().per_client[&ip("192.0.2.1")], 2);
    }

    #[test]
    fn a_connection_that_sent_its_head_is_never_evicted() {
        let admission = Admission::new(LIMITS);
        let (a, mut a_rx) = admission.admit(ip("192.0.2.1")).unwrap();
        let (b, mut b_rx) = admission.admit(ip("192.0.2.1")).unwrap();
        a.head_read();
        b.head_read();
        assert!(
            admission.admit(ip("192.0.2.1")).is_none(),
            "nothing to evict"
        );
        assert!(!evicted(&mut a_rx) && !evicted(&mut b_rx));
        drop(a);
        assert!(
            admission.admit(ip("192.0.2.1")).is_some(),
            "a place came free"
        );
    }

    #[test]
    fn at_the_total_bound_the_oldest_idle_connection_of_anyone_goes() {
        let admission = Admission::new(LIMITS);
        let (busy, _busy_rx) = admission.admit(ip("192.0.2.1")).unwrap();
        busy.head_read();
        let (_idle, mut idle_rx) = admission.admit(ip("192.0.2.2")).unwrap();
        let _c = admission.admit(ip("192.0.2.3")).unwrap();
        let _d = admission.admit(ip("192.0.2.4")).unwrap();
        let newcomer = admission.admit(ip("192.0.2.5"));
        assert!(newcomer.is_some());
        assert!(
            evicted(&mut idle_rx),
            "the oldest idle one, not the busy one"
        );
        assert_eq!(admission.state().open.len(), 4);
    }

    #[test]
    fn ipv6_clients_count_by_slash_64_and_mapped_ipv4_by_address() {
        assert_eq!(
            client_of(ip("2001:db8:1:2:aaaa::1")),
            client_of(ip("2001:db8:1:2:bbbb::2"))
        );
        assert_ne!(
            client_of(ip("2001:db8:1:2::1")),
            client_of(ip("2001:db8:1:3::1"))
        );
        assert_eq!(client_of(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_ne!(
            client_of(ip("::ffff:192.0.2.1")),
            client_of(ip("::ffff:192.0.2.2"))
        );
    }
}
