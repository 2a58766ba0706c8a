//! Work split over the machine's cores: a long list cut into one part a core (four at most),
//! each part run on a thread of its own, the results back in the list's order.
//!
//! Written here rather than taken from a crate (rayon): two callers, each with a few
//! thousand items at most a part, need only this, and a thread pool would outlive them.

/// Runs `work` on `items` cut into one part a core (up to four), at the same time, and returns
/// each part's result in order; on one core, or for fewer than `min_items`, all at once here.
/// A panic in a part is raised again here.
pub fn in_parts<T: Send, R: Send>(
    items: Vec<T>,
    min_items: usize,
    work: impl Fn(Vec<T>) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(4);
    if threads < 2 || items.len() < min_items.max(2) {
        return vec![work(items)];
    }
    let size = items.len().div_ceil(threads);
    let mut parts: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        parts.push(items.by_ref().take(size).collect());
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn parts_come_back_in_order_and_whole() {
        let items: Vec<u32> = (0..10_000).collect();
        let parts = super::in_parts(items, 100, |part| part);
        let joined: Vec<u32> = parts.into_iter().flatten().collect();
        assert_eq!(joined, (0..10_000).collect::<Vec<u32>>());
    }

    #[test]
    fn a_short_list_is_one_part() {
        let parts = super::in_parts(vec![1, 2, 3], 100, |part| part.len());
        assert_eq!(parts, vec![3]);
    }
}
