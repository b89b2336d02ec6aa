//! Work shared out over threads, in order.

/// `part` of each of `threads` consecutive parts of `items`, each on a thread of its
/// own, the results in the order of the parts; below `least` items (or with one
/// thread), `part` of all of them on this thread.
pub(crate) fn in_parts<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    least: usize,
    part: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let threads = threads.max(1);
    if threads == 1 || items.len() < least {
        return vec![part(items)];
    }
    let chunk = items.len().div_ceil(threads);
    let part = &part;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|p| s.spawn(move || part(p)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker thread panicked"))
            .collect()
    })
}
