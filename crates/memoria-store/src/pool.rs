//! A small connection pool shared by both backends.
//!
//! Connections are opened on demand, with no upper bound on how many are in use at
//! once (the database's own limit applies), and up to `keep` idle ones are kept for
//! the next caller. It does no health checks in the background, no timeouts and no
//! fairness: a store has few concurrent users, and a connection found broken is
//! simply dropped and replaced.

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, PoisonError};

use crate::Result;

type Open<C> = Box<dyn Fn() -> Result<C> + Send + Sync>;

pub(crate) struct Pool<C> {
    idle: Mutex<Vec<C>>,
    keep: usize,
    open: Open<C>,
    /// Whether an idle connection may be handed out again.
    usable: fn(&C) -> bool,
}

impl<C: Send> Pool<C> {
    pub fn new(keep: usize, usable: fn(&C) -> bool, open: Open<C>) -> Pool<C> {
        Pool {
            idle: Mutex::new(Vec::new()),
            keep,
            open,
            usable,
        }
    }

    /// An idle connection, or a new one.
    pub fn get(&self) -> Result<Pooled<'_, C>> {
        loop {
            // The lock guards a Vec that is never left half-updated, so a panic elsewhere
            // while it was held does not make its contents wrong.
            let popped = self
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop();
            match popped {
                Some(c) if (self.usable)(&c) => {
                    return Ok(Pooled {
                        pool: self,
                        conn: Some(c),
                    });
                }
                Some(_) => continue,
                None => {
                    return Ok(Pooled {
                        pool: self,
                        conn: Some((self.open)()?),
                    });
                }
            }
        }
    }
}

/// A connection on loan; it goes back to the pool when dropped, unless discarded.
pub(crate) struct Pooled<'a, C: Send> {
    pool: &'a Pool<C>,
    conn: Option<C>,
}

impl<C: Send> Pooled<'_, C> {
    /// Closes the connection instead of returning it: for a connection left in an
    /// unknown state (a failed rollback).
    pub fn discard(mut self) {
        self.conn = None;
    }
}

impl<C: Send> Deref for Pooled<'_, C> {
    type Target = C;
    fn deref(&self) -> &C {
        self.conn
            .as_ref()
            .expect("a pooled connection is present until dropped")
    }
}

impl<C: Send> DerefMut for Pooled<'_, C> {
    fn deref_mut(&mut self) -> &mut C {
        self.conn
            .as_mut()
            .expect("a pooled connection is present until dropped")
    }
}

impl<C: Send> Drop for Pooled<'_, C> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            let mut idle = self
                .pool
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if idle.len() < self.pool.keep {
                idle.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn reuses_idle_connections_and_drops_discarded_ones() {
        static OPENED: AtomicUsize = AtomicUsize::new(0);
        let pool: Pool<usize> = Pool::new(
            1,
            |_| true,
            Box::new(|| Ok(OPENED.fetch_add(1, Ordering::SeqCst))),
        );
        let a = pool.get().unwrap();
        let b = pool.get().unwrap();
        assert_eq!((*a, *b), (0, 1));
        drop(a);
        drop(b); // over `keep`: closed
        assert_eq!(*pool.get().unwrap(), 0);
        pool.get().unwrap().discard();
        assert_eq!(*pool.get().unwrap(), 2);
    }
}
