//! One sort for the whole panel: every list it orders (workspaces, memberships, choices, ranks)
//! goes through [`order_by`], which sorts row indices with a comparator passed as `&dyn Fn`.
//!
//! Why not `sort_by` at each place: the standard sorts are generic over both the element and the
//! comparator, so each call site compiles a sorting algorithm of its own, about 2–4 KB of wasm
//! each (40 KB of the panel's code was sort instances). Sorting indices through one `dyn`
//! comparator compiles one. The cost is an indirect call per comparison, which is small next
//! to the string comparisons these sorts do. The two sorts of 100,000 users on the hot paths
//! keep their inlined sorts: the load's username order (`Table::new`) and the order of each
//! click (`table::sorted_indices`), where the comparison is a few integers and the call would
//! dominate.

use std::cmp::Ordering;

/// The indices `0..len` ordered by `cmp`; ties keep index order, so the result is stable.
pub fn order_by(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len as u32).collect();
    order.sort_by(|&a, &b| cmp(a as usize, b as usize));
    order
}

/// Puts `items` in the order given by `order` (a permutation of its indices).
fn permute<T>(items: &mut Vec<T>, order: &[u32]) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

/// A stable sort of `items` by `cmp`.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order_by(items.len(), &|a, b| cmp(&items[a], &items[b]));
    permute(items, &order);
}

/// A stable sort of `items` by a key computed once per item (like `sort_by_cached_key`).
pub fn sort_by_cached_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = order_by(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(items, &order);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::fold::lower_case;

    #[test]
    fn sorts_stably_and_keeps_every_item() {
        let mut items = vec![("b", 1), ("a", 2), ("b", 0), ("a", 1), ("c", 9)];
        sort_by(&mut items, |x, y| x.0.cmp(y.0));
        assert_eq!(items, [("a", 2), ("a", 1), ("b", 1), ("b", 0), ("c", 9)]);
        let mut words = vec!["Beta".to_owned(), "alpha".into(), "ALPHA".into(), "gamma".into()];
        sort_by_cached_key(&mut words, |w| lower_case(w));
        assert_eq!(words, ["alpha", "ALPHA", "Beta", "gamma"]);
    }

    #[test]
    fn equal_keys_keep_their_order_in_long_lists() {
        // Long enough that the unstable sort underneath would reorder equal keys without the
        // tie-break (short lists are insertion-sorted, which is stable anyway).
        let mut items: Vec<(u32, u32)> = (0..500).map(|i| ((i * 7919) % 5, i)).collect();
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items.len(), 500);
        assert!(items.windows(2).all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
    }

    #[test]
    fn orders_indices_and_handles_empty() {
        let values = [30, 10, 20, 10];
        assert_eq!(order_by(values.len(), &|a, b| values[a].cmp(&values[b])), [1, 3, 2, 0]);
        assert!(order_by(0, &|_, _| Ordering::Equal).is_empty());
        let mut none: Vec<u8> = Vec::new();
        sort_by(&mut none, u8::cmp);
        assert!(none.is_empty());
    }
}
