//! The windowed table's arithmetic: which rows to draw for a scroll position, where a key
//! moves the focus, and how far to scroll to show a row. Pure, so the edges (the first and
//! last row, a view taller than the list, nonsense sizes from the browser) are host-tested.

/// Rows drawn beyond each edge of the visible area, so a fast scroll or a Tab into the next
/// row finds it already there.
const OVERSCAN: usize = 3;

/// The windowed table's first and one-past-last drawn place, for `len` shown rows of `row_px`
/// each, scrolled by `scroll_top` in a view `viewport_px` high.
pub fn drawn_range(len: usize, scroll_top: f64, viewport_px: f64, row_px: f64) -> (usize, usize) {
    let row_px = row_px.max(1.0);
    let first = ((scroll_top / row_px).floor().max(0.0) as usize).saturating_sub(OVERSCAN).min(len);
    let count = (viewport_px.max(0.0) / row_px).ceil() as usize + 2 * OVERSCAN;
    (first, (first + count).min(len))
}

/// The places of the rows at least partly inside the view, without any margin: what must be
/// drawn in the very frame that shows a new list.
pub fn visible_range(len: usize, scroll_top: f64, viewport_px: f64, row_px: f64) -> (usize, usize) {
    let row_px = row_px.max(1.0);
    let top = scroll_top.max(0.0);
    let first = ((top / row_px).floor() as usize).min(len);
    let last = (((top + viewport_px.max(0.0)) / row_px).ceil() as usize).min(len);
    (first, last.max(first))
}

/// A key press that moves the focus between the table's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
}

impl Move {
    /// The move a key asks for: the arrows by one row, PageUp and PageDown by a screenful,
    /// Ctrl (or Cmd) with Home or End to the ends. Any other key is not a table move.
    pub fn from_key(key: &str, ctrl: bool) -> Option<Move> {
        Some(match (key, ctrl) {
            ("ArrowDown", _) => Move::Down,
            ("ArrowUp", _) => Move::Up,
            ("PageDown", _) => Move::PageDown,
            ("PageUp", _) => Move::PageUp,
            ("Home", true) => Move::First,
            ("End", true) => Move::Last,
            _ => return None,
        })
    }

    /// The place the focus moves to from `place`, in a list of `len` rows of which `page`
    /// fill a screen. It never leaves the list.
    pub fn from_place(self, place: usize, len: usize, page: usize) -> usize {
        let to = match self {
            Move::Down => place + 1,
            Move::Up => place.saturating_sub(1),
            Move::PageDown => place + page,
            Move::PageUp => place.saturating_sub(page),
            Move::First => 0,
            Move::Last => len.saturating_sub(1),
        };
        to.min(len.saturating_sub(1))
    }
}

/// The rows a PageUp or PageDown moves by: a screenful less one, kept on screen for context,
/// and at least one.
pub fn page_rows(viewport_px: f64, row_px: f64) -> usize {
    ((viewport_px.max(0.0) / row_px.max(1.0)) as usize).saturating_sub(1).max(1)
}

/// The scroll position that shows the row at `place`: unchanged when it is in view already,
/// else just far enough to bring it in at the top, or at the bottom of a view `viewport_px`
/// high whose sticky header takes `header_px`.
pub fn scroll_to_show(place: usize, row_px: f64, header_px: f64, scroll_top: f64, viewport_px: f64) -> f64 {
    let row_top = place as f64 * row_px;
    if row_top < scroll_top {
        row_top
    } else if row_top + row_px + header_px > scroll_top + viewport_px {
        row_top + row_px + header_px - viewport_px
    } else {
        scroll_top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visible_range_is_inside_the_drawn_one_and_covers_the_view() {
        assert_eq!(visible_range(100_000, 0.0, 600.0, 60.0), (0, 10));
        assert_eq!(visible_range(100_000, 90.0, 600.0, 60.0), (1, 12));
        assert_eq!(visible_range(5, 0.0, 600.0, 60.0), (0, 5));
        assert_eq!(visible_range(0, 500.0, 600.0, 60.0), (0, 0));
        for len in [0, 1, 7, 40, 1_000] {
            for scroll in [0.0, 1.0, 59.9, 60.0, 333.3, 2_000.0, 59_990.0] {
                for (view, row) in [(600.0, 60.0), (661.0, 58.5625), (100.0, 52.0)] {
                    let (vf, vl) = visible_range(len, scroll, view, row);
                    let (df, dl) = drawn_range(len, scroll, view, row);
                    assert!(
                        df <= vf && vl <= dl && vf <= vl && vl <= len,
                        "{len} {scroll} {view} {row}: {vf}..{vl} not in {df}..{dl}"
                    );
                    // Every row that shows a pixel in the view is drawn.
                    for place in 0..len {
                        let (top, bottom) = (place as f64 * row, (place + 1) as f64 * row);
                        if bottom > scroll && top < scroll + view {
                            assert!(
                                (vf..vl).contains(&place),
                                "{len} {scroll} {view} {row}: row {place} shows but is not in {vf}..{vl}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_drawn_range_covers_the_view_plus_a_margin_and_never_overflows() {
        assert_eq!(drawn_range(0, 0.0, 600.0, 60.0), (0, 0));
        assert_eq!(drawn_range(5, 0.0, 600.0, 60.0), (0, 5));
        // 10 rows in view, 3 more each side.
        assert_eq!(drawn_range(100_000, 0.0, 600.0, 60.0), (0, 16));
        assert_eq!(drawn_range(100_000, 60_000.0, 600.0, 60.0), (997, 1013));
        // Scrolled to the very end.
        assert_eq!(drawn_range(100_000, 99_990.0 * 60.0, 600.0, 60.0), (99_987, 100_000));
        // Nonsense from the browser (negative, zero height) stays in bounds.
        assert_eq!(drawn_range(10, -50.0, -1.0, 0.0), (0, 6));
    }

    #[test]
    fn keys_move_the_focus_by_a_row_a_screen_or_to_an_end_and_never_out_of_the_list() {
        assert_eq!(Move::from_key("ArrowDown", false), Some(Move::Down));
        assert_eq!(Move::from_key("PageUp", true), Some(Move::PageUp));
        assert_eq!(Move::from_key("End", true), Some(Move::Last));
        // Home and End alone belong to the focused control (a text field, a button row).
        assert_eq!(Move::from_key("End", false), None);
        assert_eq!(Move::from_key("Home", false), None);
        assert_eq!(Move::from_key("a", true), None);

        assert_eq!(Move::Down.from_place(4, 10, 3), 5);
        assert_eq!(Move::Down.from_place(9, 10, 3), 9);
        assert_eq!(Move::Up.from_place(0, 10, 3), 0);
        assert_eq!(Move::PageDown.from_place(8, 10, 3), 9);
        assert_eq!(Move::PageUp.from_place(2, 10, 3), 0);
        assert_eq!(Move::PageDown.from_place(2, 100_000, 12), 14);
        assert_eq!(Move::First.from_place(50_000, 100_000, 12), 0);
        assert_eq!(Move::Last.from_place(3, 100_000, 12), 99_999);
        // An empty list has no place to go but 0.
        assert_eq!(Move::Last.from_place(0, 0, 12), 0);

        assert_eq!(page_rows(600.0, 50.0), 11);
        assert_eq!(page_rows(40.0, 50.0), 1);
        assert_eq!(page_rows(-1.0, 0.0), 1);
    }

    #[test]
    fn scrolling_to_a_row_moves_only_as_far_as_needed() {
        // Rows of 50 px, a 40 px header, a 540 px view: rows 0..=9 fit below the header.
        assert_eq!(scroll_to_show(3, 50.0, 40.0, 0.0, 540.0), 0.0);
        assert_eq!(scroll_to_show(9, 50.0, 40.0, 0.0, 540.0), 0.0);
        // Row 10 would end below the view: scrolled just until its bottom edge shows.
        assert_eq!(scroll_to_show(10, 50.0, 40.0, 0.0, 540.0), 50.0);
        // A row above the view comes in at the top.
        assert_eq!(scroll_to_show(2, 50.0, 40.0, 500.0, 540.0), 100.0);
        // Far away (Ctrl+End of 100,000 rows).
        assert_eq!(scroll_to_show(99_999, 50.0, 40.0, 0.0, 540.0), 99_999.0 * 50.0 + 50.0 + 40.0 - 540.0);
    }
}
