use memoria_auth::throttle::{Counter, Decision, Policy};

#[test]
fn policies() {
    let account = Policy::for_account();
    assert_eq!(
        (
            account.max_failures,
            account.window_secs,
            account.lockout_secs
        ),
        (5, 900, 900)
    );
    assert_eq!(Policy::default(), account);
    let address = Policy::for_address();
    assert_eq!(
        (
            address.max_failures,
            address.window_secs,
            address.lockout_secs
        ),
        (20, 900, 900)
    );
}

/// Records `n` failures a second apart from `start`, checking each attempt first.
fn fail(policy: &Policy, mut counter: Option<Counter>, start: u64, n: u32) -> Counter {
    for i in 0..n {
        let now = start + u64::from(i);
        assert_eq!(
            policy.check(counter.as_ref(), now),
            Decision::Allow,
            "attempt {i}"
        );
        counter = Some(policy.after_failure(counter.as_ref(), now));
    }
    counter.unwrap()
}

#[test]
fn the_fifth_failure_locks_the_account_for_fifteen_minutes() {
    let p = Policy::for_account();
    assert_eq!(p.check(None, 0), Decision::Allow);
    let c = fail(&p, None, 1000, 4);
    assert_eq!(
        c,
        Counter {
            window_start: 1000,
            failures: 4,
            locked_until: None
        }
    );
    assert_eq!(p.check(Some(&c), 1004), Decision::Allow);

    let c = p.after_failure(Some(&c), 1004);
    assert_eq!(c.locked_until, Some(1004 + 900));
    assert_eq!(
        p.check(Some(&c), 1004),
        Decision::Locked {
            retry_after_secs: 900
        }
    );
    assert_eq!(
        p.check(Some(&c), 1500),
        Decision::Locked {
            retry_after_secs: 404
        }
    );
    assert_eq!(
        p.check(Some(&c), 1903),
        Decision::Locked {
            retry_after_secs: 1
        }
    );
    assert_eq!(p.check(Some(&c), 1904), Decision::Allow);

    // Failures during the lock-out do not lengthen it.
    assert_eq!(p.after_failure(Some(&c), 1500), c);

    // After the lock-out the count starts again.
    let after = p.after_failure(Some(&c), 1904);
    assert_eq!(
        after,
        Counter {
            window_start: 1904,
            failures: 1,
            locked_until: None
        }
    );
    assert_eq!(p.check(Some(&after), 1904), Decision::Allow);
}

#[test]
fn failures_outside_the_window_are_forgotten() {
    let p = Policy::for_account();
    let c = fail(&p, None, 0, 4);
    // The window runs 900 s from the first failure: at 899 it still counts...
    let locked = p.after_failure(Some(&c), 899);
    assert!(locked.locked_until.is_some());
    // ...at 900 a new window begins.
    let fresh = p.after_failure(Some(&c), 900);
    assert_eq!(
        fresh,
        Counter {
            window_start: 900,
            failures: 1,
            locked_until: None
        }
    );
    let c = fail(&p, Some(fresh), 901, 3);
    assert_eq!(c.failures, 4);
    assert_eq!(c.locked_until, None);
}

#[test]
fn the_address_allows_twenty() {
    let p = Policy::for_address();
    let c = fail(&p, None, 0, 19);
    assert_eq!(p.check(Some(&c), 19), Decision::Allow);
    let c = p.after_failure(Some(&c), 19);
    assert_eq!(
        p.check(Some(&c), 19),
        Decision::Locked {
            retry_after_secs: 900
        }
    );
}

#[test]
fn a_policy_of_one_failure_locks_at_once() {
    let p = Policy {
        max_failures: 1,
        window_secs: 60,
        lockout_secs: 30,
    };
    let c = p.after_failure(None, 100);
    assert_eq!(
        c,
        Counter {
            window_start: 100,
            failures: 1,
            locked_until: Some(130)
        }
    );
    assert_eq!(
        p.check(Some(&c), 129),
        Decision::Locked {
            retry_after_secs: 1
        }
    );
}
