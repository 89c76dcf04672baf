//! Who may try a password now: throttling of failed sign-ins, per account and per client
//! address, with growing delays — what Cognito's own lockout does on AWS, for the offline
//! directory.
//!
//! Three counters, because each stops a different attack (OWASP Authentication Cheat Sheet,
//! "Protect against automated attacks"):
//!
//! - **account × address** — one client guessing one user's password: 5 free failures, then a
//!   delay that doubles from 1 s up to 15 minutes, like Cognito's lockout.
//! - **address** — one client spraying many accounts: 20 free failures, then the same delays.
//! - **account** — many clients guessing one user's password: 10 free failures, then delays
//!   capped at one minute, so that an attacker can slow a real user down but never lock them out
//!   for long. An address the user signed in from within the last 30 days is exempt from this
//!   counter altogether: the real user on their usual machine is not slowed by an attack.
//!
//! A refused attempt is not counted (and checks no password): hammering during a delay neither
//! extends it nor costs hashing work. A counter forgets its failures 15 minutes after the last
//! one; a success clears the account's counters (not the address's, or an attacker holding one
//! valid account could launder a spraying address). Memory is bounded: each table keeps at most
//! [`ThrottlePolicy::max_entries`] keys, dropping expired ones first and then the stalest.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// How hard each counter throttles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Failures allowed before any delay.
    pub free_failures: u32,
    /// Delay after the first failure past the free ones; it doubles with each further one.
    pub first_delay: Duration,
    /// The longest delay.
    pub max_delay: Duration,
}

impl Limit {
    /// The delay after `failures` failures in a row (zero while they are free).
    pub fn delay_after(&self, failures: u32) -> Duration {
        let excess = failures.saturating_sub(self.free_failures);
        if excess == 0 {
            return Duration::ZERO;
        }
        let doublings = (excess - 1).min(31);
        self.first_delay.saturating_mul(1 << doublings).min(self.max_delay)
    }
}

/// The policy: one [`Limit`] per counter, how long failures are remembered, and how many keys
/// each table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub account_at_address: Limit,
    pub address: Limit,
    pub account: Limit,
    /// A counter's failures are forgotten this long after the last one.
    pub forget_after: Duration,
    /// How long a successful sign-in makes its address trusted for the account.
    pub trust_for: Duration,
    pub max_entries: usize,
}

impl ThrottlePolicy {
    pub const DEFAULT: ThrottlePolicy = ThrottlePolicy {
        account_at_address: Limit { free_failures: 5, first_delay: Duration::from_secs(1), max_delay: Duration::from_secs(15 * 60) },
        address: Limit { free_failures: 20, first_delay: Duration::from_secs(1), max_delay: Duration::from_secs(15 * 60) },
        account: Limit { free_failures: 10, first_delay: Duration::from_secs(1), max_delay: Duration::from_secs(60) },
        forget_after: Duration::from_secs(15 * 60),
        trust_for: Duration::from_secs(30 * 24 * 3600),
        max_entries: 100_000,
    };
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A refused attempt: try again after this long (whole seconds, at least one, as `Retry-After`
/// carries them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl RetryAfter {
    fn until(blocked_until: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        let millis = (blocked_until - now).num_milliseconds().max(1) as u64;
        RetryAfter(millis.div_ceil(1000))
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: DateTime<Utc>,
    blocked_until: DateTime<Utc>,
}

/// A table of counters with a size bound.
#[derive(Debug)]
struct Table<K> {
    entries: HashMap<K, Failures>,
}

impl<K: Hash + Eq + Clone> Table<K> {
    fn new() -> Self {
        Self { entries: HashMap::new() }
    }

    fn live(&self, key: &K, now: DateTime<Utc>, forget_after: Duration) -> Option<&Failures> {
        self.entries.get(key).filter(|f| !expired(f.last, now, forget_after))
    }

    fn blocked(&self, key: &K, now: DateTime<Utc>, forget_after: Duration) -> Option<DateTime<Utc>> {
        self.live(key, now, forget_after).map(|f| f.blocked_until).filter(|until| *until > now)
    }

    fn fail(&mut self, key: K, limit: &Limit, now: DateTime<Utc>, policy: &ThrottlePolicy) {
        let count = self.live(&key, now, policy.forget_after).map_or(0, |f| f.count).saturating_add(1);
        if !self.entries.contains_key(&key) {
            make_room(&mut self.entries, now, policy, |f| f.last);
        }
        let blocked_until = now + limit.delay_after(count);
        self.entries.insert(key, Failures { count, last: now, blocked_until });
    }

    fn clear(&mut self, key: &K) {
        self.entries.remove(key);
    }
}

fn expired(at: DateTime<Utc>, now: DateTime<Utc>, lifetime: Duration) -> bool {
    chrono::Duration::from_std(lifetime).is_ok_and(|lifetime| at + lifetime <= now)
}

/// Keeps a table under `max_entries`: drops what has expired, then, if that was not enough,
/// the stalest entry.
fn make_room<K: Hash + Eq + Clone, V>(
    entries: &mut HashMap<K, V>,
    now: DateTime<Utc>,
    policy: &ThrottlePolicy,
    last: impl Fn(&V) -> DateTime<Utc>,
) {
    if entries.len() < policy.max_entries {
        return;
    }
    entries.retain(|_, value| !expired(last(value), now, policy.forget_after));
    if entries.len() >= policy.max_entries
        && let Some(stalest) = entries.iter().min_by_key(|(_, value)| last(value)).map(|(key, _)| key.clone())
    {
        entries.remove(&stalest);
    }
}

/// The throttle's state. Account names are compared as given (the directory's own lookup key).
#[derive(Debug)]
pub struct SignInThrottle {
    policy: ThrottlePolicy,
    account_at_address: Table<(String, Option<IpAddr>)>,
    address: Table<Option<IpAddr>>,
    account: Table<String>,
    /// Account × address → the last successful sign-in from there.
    trusted: HashMap<(String, Option<IpAddr>), DateTime<Utc>>,
}

impl SignInThrottle {
    pub fn new(policy: ThrottlePolicy) -> Self {
        Self { policy, account_at_address: Table::new(), address: Table::new(), account: Table::new(), trusted: HashMap::new() }
    }

    fn is_trusted(&self, account: &str, address: Option<IpAddr>, now: DateTime<Utc>) -> bool {
        self.trusted.get(&(account.to_string(), address)).is_some_and(|at| !expired(*at, now, self.policy.trust_for))
    }

    /// Whether an attempt for `account` from `address` may check a password now.
    pub fn check(&self, account: &str, address: Option<IpAddr>, now: DateTime<Utc>) -> Result<(), RetryAfter> {
        let forget = self.policy.forget_after;
        let pair = (account.to_string(), address);
        let mut until = [self.account_at_address.blocked(&pair, now, forget), self.address.blocked(&address, now, forget)];
        if !self.is_trusted(account, address, now) {
            until[0] = until[0].max(self.account.blocked(&account.to_string(), now, forget));
        }
        match until.into_iter().flatten().max() {
            Some(blocked_until) => Err(RetryAfter::until(blocked_until, now)),
            None => Ok(()),
        }
    }

    /// Records a wrong password (or an unknown account).
    pub fn failed(&mut self, account: &str, address: Option<IpAddr>, now: DateTime<Utc>) {
        let policy = self.policy;
        self.account_at_address.fail((account.to_string(), address), &policy.account_at_address, now, &policy);
        self.address.fail(address, &policy.address, now, &policy);
        if !self.is_trusted(account, address, now) {
            self.account.fail(account.to_string(), &policy.account, now, &policy);
        }
    }

    /// Records a successful sign-in: the account's counters are cleared and the address is
    /// trusted for it.
    pub fn succeeded(&mut self, account: &str, address: Option<IpAddr>, now: DateTime<Utc>) {
        let pair = (account.to_string(), address);
        self.account_at_address.clear(&pair);
        self.account.clear(&account.to_string());
        if !self.trusted.contains_key(&pair) {
            let policy = ThrottlePolicy { forget_after: self.policy.trust_for, ..self.policy };
            make_room(&mut self.trusted, now, &policy, |at| *at);
        }
        self.trusted.insert(pair, now);
    }

    /// How many keys the throttle holds, all tables together (for tests of its memory bound).
    pub fn len(&self) -> usize {
        self.account_at_address.entries.len() + self.address.entries.len() + self.account.entries.len() + self.trusted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new(ThrottlePolicy::DEFAULT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn delays_double_after_the_free_failures_up_to_the_cap() {
        let limit = Limit { free_failures: 5, first_delay: Duration::from_secs(1), max_delay: Duration::from_secs(60) };
        let delays: Vec<u64> = (1..=13).map(|n| limit.delay_after(n).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(limit.delay_after(u32::MAX), Duration::from_secs(60));
    }

    #[test]
    fn one_client_guessing_one_password_is_slowed_after_five_failures() {
        let mut throttle = SignInThrottle::default();
        for _ in 0..5 {
            assert_eq!(throttle.check("alice", ip(1), at(0)), Ok(()));
            throttle.failed("alice", ip(1), at(0));
        }
        assert_eq!(throttle.check("alice", ip(1), at(0)), Ok(()), "five failures are free");
        throttle.failed("alice", ip(1), at(0));
        assert_eq!(throttle.check("alice", ip(1), at(0)), Err(RetryAfter(1)));
        assert_eq!(throttle.check("alice", ip(1), at(1)), Ok(()));
        throttle.failed("alice", ip(1), at(1));
        assert_eq!(throttle.check("alice", ip(1), at(1)), Err(RetryAfter(2)));
        // Another user at that address is not held up by alice's counter.
        assert_eq!(throttle.check("bob", ip(1), at(1)), Ok(()));
    }

    #[test]
    fn refused_attempts_do_not_extend_the_delay() {
        let mut throttle = SignInThrottle::default();
        for _ in 0..6 {
            throttle.failed("alice", ip(1), at(0));
        }
        for _ in 0..100 {
            assert_eq!(throttle.check("alice", ip(1), at(0)), Err(RetryAfter(1)));
        }
        assert_eq!(throttle.check("alice", ip(1), at(1)), Ok(()));
    }

    #[test]
    fn an_address_spraying_many_accounts_is_slowed() {
        let mut throttle = SignInThrottle::default();
        for n in 0..20 {
            throttle.failed(&format!("user{n}"), ip(9), at(0));
        }
        assert_eq!(throttle.check("user99", ip(9), at(0)), Ok(()));
        throttle.failed("user20", ip(9), at(0));
        assert_eq!(throttle.check("user99", ip(9), at(0)), Err(RetryAfter(1)));
        assert_eq!(throttle.check("user99", ip(8), at(0)), Ok(()), "other addresses are not affected");
    }

    #[test]
    fn many_addresses_against_one_account_cannot_lock_its_owner_out() {
        let mut throttle = SignInThrottle::default();
        throttle.succeeded("alice", ip(1), at(0));
        // A botnet: one failure from each of many addresses, for hours.
        for n in 0..10_000 {
            let when = at(10 + n);
            let attacker = Some(IpAddr::from([192, 168, (n / 256) as u8, (n % 256) as u8]));
            if throttle.check("alice", attacker, when).is_ok() {
                throttle.failed("alice", attacker, when);
            }
        }
        let later = at(10_010);
        // The owner, from the address they signed in from, is never delayed.
        assert_eq!(throttle.check("alice", ip(1), later), Ok(()));
        // From a new address they wait at most the account counter's cap.
        match throttle.check("alice", ip(2), later) {
            Ok(()) => {}
            Err(RetryAfter(seconds)) => assert!(seconds <= 60, "{seconds}"),
        }
    }

    #[test]
    fn success_clears_the_account_and_failures_are_forgotten() {
        let mut throttle = SignInThrottle::default();
        for _ in 0..6 {
            throttle.failed("alice", ip(1), at(0));
        }
        throttle.succeeded("alice", ip(1), at(5));
        assert_eq!(throttle.check("alice", ip(1), at(5)), Ok(()));

        for _ in 0..8 {
            throttle.failed("bob", ip(2), at(0));
        }
        assert_eq!(throttle.check("bob", ip(2), at(2)), Err(RetryAfter(2)));
        assert_eq!(throttle.check("bob", ip(2), at(15 * 60)), Ok(()), "forgotten 15 minutes after the last failure");
        throttle.failed("bob", ip(2), at(15 * 60));
        assert_eq!(throttle.check("bob", ip(2), at(15 * 60)), Ok(()), "counting starts again");
    }

    #[test]
    fn memory_is_bounded_however_many_keys_an_attacker_uses() {
        let policy = ThrottlePolicy { max_entries: 50, ..ThrottlePolicy::DEFAULT };
        let mut throttle = SignInThrottle::new(policy);
        for n in 0..5_000u32 {
            let address = Some(IpAddr::from(n.to_be_bytes()));
            throttle.failed(&format!("user{n}"), address, at(i64::from(n)));
            throttle.succeeded(&format!("user{n}"), address, at(i64::from(n)));
        }
        assert!(throttle.len() <= 4 * 50, "{}", throttle.len());
    }
}
