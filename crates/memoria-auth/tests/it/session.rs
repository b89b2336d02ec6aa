use memoria_auth::session::Timeouts;

#[test]
fn defaults_are_thirty_minutes_idle_and_twelve_hours_in_all() {
    let t = Timeouts::default();
    assert_eq!((t.idle_secs, t.absolute_secs), (1800, 43200));
}

#[test]
fn a_session_ends_at_either_time_out() {
    let t = Timeouts::default();
    let created = 1_000_000;
    // Idle.
    assert!(t.is_live(created, created, created));
    assert!(t.is_live(created, created, created + 1799));
    assert!(!t.is_live(created, created, created + 1800));
    assert_eq!(t.expires_at(created, created), created + 1800);
    // Kept busy, it still ends after twelve hours.
    let end = created + 43200;
    assert!(t.is_live(created, end - 10, end - 1));
    assert!(!t.is_live(created, end - 10, end));
    assert!(!t.is_live(created, end, end + 1));
    assert_eq!(t.expires_at(created, end - 10), end);
    assert_eq!(t.expires_at(created, created + 600), created + 2400);
    // A clock set back does not end a session.
    assert!(t.is_live(created, created + 5, created + 1));
    // Custom time-outs.
    let short = Timeouts {
        idle_secs: 10,
        absolute_secs: 20,
    };
    assert!(short.is_live(0, 15, 19));
    assert!(!short.is_live(0, 15, 20));
    assert!(!short.is_live(0, 0, 10));
}
