//! Statistical disclosure control for published tables: small counts are hidden, and
//! enough other entries with them that the hidden ones cannot be worked out from what
//! is shown.
//!
//! A count such as "3 victims of torture in district X in 2019" can point at a witness
//! or a victim. [`protect`] takes a one- or two-way [`Table`] of counts and a threshold
//! ([`DEFAULT_THRESHOLD`] is 5) and returns what may be published, [`Protected`]: every
//! cell, row total, column total and the grand total as [`Shown::Value`] or
//! [`Shown::Suppressed`], and the list of suppressed entries with the reason for each.
//! That list belongs in the private report, never on the public site: it holds the
//! very values it hides.
//!
//! # What it protects against
//!
//! A reader who has the published table, knows that counts are never negative, and
//! subtracts: a row total minus the row's shown cells, the grand total minus the shown
//! margins, or any combination of the row, column and total equations at once. After
//! [`protect`], no suppressed entry has a single value consistent with everything
//! published, whether the reader allows fractional counts or only whole ones (the tests
//! check this against an exact whole-number attacker on hundreds of tables).
//!
//! # What it does not protect against
//!
//! Said plainly, so that nobody relies on it for these:
//!
//! - **Differencing between publications.** The same table published last year and
//!   this year, or before and after a correction, can give away a cell that each
//!   alone hides. Nothing here knows about other publications.
//! - **Linked tables.** Two tables that share a margin (victims by region × year and
//!   by region × violation, with the same region totals) are protected each on its
//!   own, not together; a reader who combines them may recover cells. Publish such
//!   tables as slices of one protected cross-table, or audit them together by other
//!   means.
//! - **Narrowing.** Protection means "not determined exactly". A reader may still
//!   bound a hidden cell, e.g. learn that it lies between 2 and 6. And as zeros are
//!   shown and complements are never zero, anyone who knows this rule knows that every
//!   suppressed count is above zero.
//! - **A reader who knows the algorithm** and reasons about which complements it would
//!   have chosen.
//!
//! # How
//!
//! 1. The table and its margins form an (r+1)×(c+1) grid; each row and each column of
//!    the grid is a *line* whose last entry is the sum of the others.
//! 2. Primary suppression: every entry, margins included, with 0 < value < threshold.
//! 3. Seen as a graph with one node per line and one edge per entry (joining its row
//!    line and its column line), a suppressed entry is determined exactly if and only
//!    if its edge lies on no cycle of suppressed edges (the reason is written at
//!    `Grid`, below).
//! 4. For each primary entry in turn, the cheapest path between its two lines that
//!    avoids it is suppressed; the entry then lies on a cycle, as does every
//!    complement added, and adding suppressions never breaks a cycle, so one pass
//!    suffices.
//! 5. "Cheapest" is the sum of the values newly hidden (already suppressed entries
//!    cost nothing), so small counts go first and totals, which are large, last; ties
//!    go to the path found first when lines are visited top to bottom, then left to
//!    right.
//!
//! Zero entries are never used as complements. A suppressed zero protects little (the
//! reader knows it cannot be negative), and worse, it breaks step 3: a cycle through
//! zeros may be unable to move in either direction, so the cycle test would call an
//! entry protected when non-negativity pins it. They are never needed either: every
//! non-zero cell lies on the cycle cell, column total, grand total, row total, all
//! non-zero.

/// The threshold used unless a publication policy says otherwise: counts from 1 to 4
/// are hidden.
pub const DEFAULT_THRESHOLD: f64 = 5.0;

/// A two-way table of non-negative counts; a one-way table has one column.
///
/// Counts may be fractional (an act dated only by year is shared out over the months
/// it may fall in), hence `f64`. The margins are not part of the table: [`protect`]
/// computes them, so that they always agree with the cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `rows.len()` rows of `columns.len()` counts each.
    pub cells: Vec<Vec<f64>>,
}

/// One published entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shown {
    Value(f64),
    Suppressed,
}

/// Why an entry was suppressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Its own value is above zero and below the threshold.
    BelowThreshold,
    /// Hidden so that some entry below the threshold cannot be computed from the rest.
    Complementary,
}

/// An entry of the private suppression report.
#[derive(Clone, Debug, PartialEq)]
pub struct SuppressedCell {
    /// `None` for the column totals (and the grand total).
    pub row: Option<usize>,
    /// `None` for the row totals (and the grand total).
    pub column: Option<usize>,
    pub value: f64,
    pub why: Why,
}

/// What may be published of a [`Table`], and the private list of what was not.
#[derive(Clone, Debug, PartialEq)]
pub struct Protected {
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Vec<Shown>,
    /// For a one-way table, its single column total equals the grand total.
    pub column_totals: Vec<Shown>,
    pub total: Shown,
    /// Row by row, each row's cells then its total; then the column totals, then the
    /// grand total.
    pub suppressed: Vec<SuppressedCell>,
}

/// Suppresses every count above zero and below `threshold`, and enough others that
/// none of them can be computed from the published cells and margins.
///
/// # Panics
///
/// If `threshold` is NaN, if a count is negative or not finite, or if `cells` is not
/// `rows.len()` × `columns.len()`. These are bugs in the code that built the table,
/// and publishing anyway could leak what this function exists to hide.
pub fn protect(table: &Table, threshold: f64) -> Protected {
    assert!(
        !threshold.is_nan(),
        "the disclosure threshold must be a number"
    );
    let grid = Grid::with_margins(table);
    let mut why: Vec<Option<Why>> = grid
        .values
        .iter()
        .map(|&value| (value > 0.0 && value < threshold).then_some(Why::BelowThreshold))
        .collect();
    let primary: Vec<usize> = (0..why.len())
        .filter(|&entry| why[entry].is_some())
        .collect();
    for entry in primary {
        for complement in grid.cheapest_cycle_through(entry, &why) {
            why[complement].get_or_insert(Why::Complementary);
        }
    }
    grid.publish(&why)
}

/// A table extended with its margins: `rows + 1` lines of `columns + 1` entries, row
/// major, the last column holding the row totals and the last row the column totals
/// and the grand total.
///
/// Lines are numbered rows first (`0..=rows`, the column-totals row last), then
/// columns (`rows + 1 + j`, the row-totals column last). Entry `(i, j)` is an edge
/// between line `i` and line `rows + 1 + j`.
///
/// Why a suppressed entry is determined exactly if and only if its edge is on no cycle
/// of suppressed edges, when every suppressed value is above zero: flip the sign of the
/// margins' equations so that each line reads "the entries on it, margins negated,
/// sum to zero". Around a cycle, which in this bipartite graph has even length, a
/// reader can add ε and subtract ε alternately without breaking any line's sum, and a
/// small enough ε keeps every value positive: two values fit. An edge on no cycle
/// splits its component in two; summing one side's line equations, rows with `+` and
/// columns with `−`, cancels every other edge of that side (each joins a row and a
/// column) and leaves the entry alone, equal to published numbers.
struct Grid {
    rows: usize,
    columns: usize,
    values: Vec<f64>,
}

impl Grid {
    fn with_margins(table: &Table) -> Grid {
        let (rows, columns) = (table.rows.len(), table.columns.len());
        assert_eq!(
            table.cells.len(),
            rows,
            "a table needs one line of cells per row label"
        );
        let width = columns + 1;
        let mut values = vec![0.0; (rows + 1) * width];
        for (i, counts) in table.cells.iter().enumerate() {
            assert_eq!(
                counts.len(),
                columns,
                "row {i} needs one cell per column label"
            );
            for (j, &count) in counts.iter().enumerate() {
                assert!(
                    count.is_finite() && count >= 0.0,
                    "cell ({i}, {j}) holds {count}; counts must be finite and not negative"
                );
                values[i * width + j] = count;
                values[i * width + columns] += count;
                values[rows * width + j] += count;
                values[rows * width + columns] += count;
            }
        }
        Grid {
            rows,
            columns,
            values,
        }
    }

    fn line_count(&self) -> usize {
        self.rows + 1 + self.columns + 1
    }

    /// The row line and the column line an entry lies on.
    fn lines_of(&self, entry: usize) -> (usize, usize) {
        let width = self.columns + 1;
        (entry / width, self.rows + 1 + entry % width)
    }

    fn other_line(&self, entry: usize, line: usize) -> usize {
        let (row, column) = self.lines_of(entry);
        if line == row { column } else { row }
    }

    /// The entries on a line, in position order.
    fn entries_on(&self, line: usize) -> impl Iterator<Item = usize> {
        let width = self.columns + 1;
        let (start, step, count) = if line <= self.rows {
            (line * width, 1, width)
        } else {
            (line - self.rows - 1, width, self.rows + 1)
        };
        (0..count).map(move |k| start + k * step)
    }

    /// The entries to suppress, besides those already suppressed, so that `through`
    /// lies on a cycle of suppressed entries: the cheapest path between its two lines
    /// that does not use it (Dijkstra; already suppressed entries cost nothing, shown
    /// ones their value, zeros are not allowed). Empty when it is already on a cycle.
    fn cheapest_cycle_through(&self, through: usize, why: &[Option<Why>]) -> Vec<usize> {
        let (from, to) = self.lines_of(through);
        let lines = self.line_count();
        let mut cost = vec![f64::INFINITY; lines];
        let mut reached_by: Vec<Option<usize>> = vec![None; lines];
        let mut settled = vec![false; lines];
        cost[from] = 0.0;
        // A scan for the cheapest line rather than a heap: tables have tens of lines,
        // and `min_by` keeping the first of equals makes ties go to the lowest-numbered
        // line, which is what makes the result reproducible.
        while let Some(line) = (0..lines)
            .filter(|&line| !settled[line] && cost[line].is_finite())
            .min_by(|&a, &b| cost[a].total_cmp(&cost[b]))
        {
            if line == to {
                break;
            }
            settled[line] = true;
            for entry in self.entries_on(line) {
                let step = match why[entry] {
                    _ if entry == through => continue,
                    Some(_) => 0.0,
                    None if self.values[entry] > 0.0 => self.values[entry],
                    None => continue,
                };
                let next = self.other_line(entry, line);
                if !settled[next] && cost[line] + step < cost[next] {
                    cost[next] = cost[line] + step;
                    reached_by[next] = Some(entry);
                }
            }
        }
        let mut path = Vec::new();
        let mut line = to;
        while line != from {
            let entry = reached_by[line].expect(
                "a path exists: a non-zero entry lies on the cycle of a non-zero cell, \
                 its row and column totals and the grand total",
            );
            if why[entry].is_none() {
                path.push(entry);
            }
            line = self.other_line(entry, line);
        }
        path
    }

    fn publish(&self, why: &[Option<Why>]) -> Protected {
        let width = self.columns + 1;
        let shown = |i: usize, j: usize| match why[i * width + j] {
            Some(_) => Shown::Suppressed,
            None => Shown::Value(self.values[i * width + j]),
        };
        let suppressed = why
            .iter()
            .enumerate()
            .filter_map(|(entry, why)| {
                let (i, j) = (entry / width, entry % width);
                Some(SuppressedCell {
                    row: (i < self.rows).then_some(i),
                    column: (j < self.columns).then_some(j),
                    value: self.values[entry],
                    why: (*why)?,
                })
            })
            .collect();
        Protected {
            cells: (0..self.rows)
                .map(|i| (0..self.columns).map(|j| shown(i, j)).collect())
                .collect(),
            row_totals: (0..self.rows).map(|i| shown(i, self.columns)).collect(),
            column_totals: (0..self.columns).map(|j| shown(self.rows, j)).collect(),
            total: shown(self.rows, self.columns),
            suppressed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cells: &[&[f64]]) -> Table {
        Table {
            rows: (0..cells.len()).map(|i| format!("row {i}")).collect(),
            columns: (0..cells.first().map_or(0, |row| row.len()))
                .map(|j| format!("column {j}"))
                .collect(),
            cells: cells.iter().map(|row| row.to_vec()).collect(),
        }
    }

    /// The published grid with its margins, row major, as the rows and columns lines
    /// of [`Grid`]: `None` where suppressed.
    fn published(protected: &Protected) -> Vec<Option<f64>> {
        let value = |shown: &Shown| match *shown {
            Shown::Value(value) => Some(value),
            Shown::Suppressed => None,
        };
        let mut grid = Vec::new();
        for (cells, total) in protected.cells.iter().zip(&protected.row_totals) {
            grid.extend(cells.iter().map(value));
            grid.push(value(total));
        }
        grid.extend(protected.column_totals.iter().map(value));
        grid.push(value(&protected.total));
        grid
    }

    /// The table as a reader sees it: cells then ` | ` and the row total, one row per
    /// line, the column totals and grand total last; `x` where suppressed.
    fn render(protected: &Protected) -> String {
        let text = |shown: &Shown| match shown {
            Shown::Value(value) => value.to_string(),
            Shown::Suppressed => "x".to_string(),
        };
        let line = |cells: &[Shown], total: &Shown| {
            let cells: Vec<String> = cells.iter().map(text).collect();
            format!("{} | {}", cells.join(" "), text(total))
        };
        let mut lines: Vec<String> = protected
            .cells
            .iter()
            .zip(&protected.row_totals)
            .map(|(cells, total)| line(cells, total))
            .collect();
        lines.push(line(&protected.column_totals, &protected.total));
        lines.join("\n")
    }

    /// Protects `cells` at the default threshold, checks that what is shown is true,
    /// that the report and the grid agree, and that no whole-number reader can pin a
    /// hidden entry (when the counts are whole); then compares the rendering.
    #[track_caller]
    fn check(cells: &[&[f64]], expected: &str) -> Protected {
        let table = table(cells);
        let protected = protect(&table, DEFAULT_THRESHOLD);
        check_consistent(&table, &protected, DEFAULT_THRESHOLD);
        if cells
            .iter()
            .flat_map(|row| row.iter())
            .all(|v| v.fract() == 0.0)
        {
            let pinned = attacker::pinned(&published(&protected), &truth(&table), cells.len());
            assert!(pinned.is_empty(), "entries {pinned:?} can be recovered");
        }
        let expected: Vec<&str> = expected.trim().lines().map(str::trim).collect();
        assert_eq!(render(&protected), expected.join("\n"));
        protected
    }

    /// The table's grid with margins, summed here independently of [`Grid`].
    fn truth(table: &Table) -> Vec<f64> {
        let mut grid = Vec::new();
        for row in &table.cells {
            grid.extend(row);
            grid.push(row.iter().sum());
        }
        let column_totals: Vec<f64> = (0..table.columns.len())
            .map(|j| table.cells.iter().map(|row| row[j]).sum())
            .collect();
        grid.extend(&column_totals);
        grid.push(column_totals.iter().sum());
        grid
    }

    /// Shown values are the true ones, the report lists exactly the hidden entries in
    /// grid order with their true values, everything in (0, threshold) is hidden as
    /// below the threshold, zeros are shown, and no line hides exactly one entry.
    #[track_caller]
    fn check_consistent(table: &Table, protected: &Protected, threshold: f64) {
        let truth = truth(table);
        let shown = published(protected);
        let width = table.columns.len() + 1;
        let mut reported = protected.suppressed.iter();
        for (entry, (&value, shown)) in truth.iter().zip(&shown).enumerate() {
            let (i, j) = (entry / width, entry % width);
            match shown {
                Some(shown) => {
                    assert_eq!(*shown, value, "entry ({i}, {j}) shown wrong");
                    assert!(value == 0.0 || value >= threshold, "({i}, {j}) shown");
                }
                None => {
                    let report = reported.next().expect("a hidden entry is reported");
                    let position = (report.row.unwrap_or(table.rows.len()), report.column);
                    assert_eq!(position, (i, (j < table.columns.len()).then_some(j)));
                    assert_eq!(report.value, value);
                    let small = value > 0.0 && value < threshold;
                    let why = if small {
                        Why::BelowThreshold
                    } else {
                        Why::Complementary
                    };
                    assert_eq!(report.why, why, "entry ({i}, {j})");
                    assert!(value > 0.0, "zero at ({i}, {j}) used as a complement");
                }
            }
        }
        assert_eq!(
            reported.next(),
            None,
            "the report lists more than is hidden"
        );
        let rows = table.rows.len() + 1;
        let row_lines = (0..rows).map(|i| (0..width).map(|j| i * width + j).collect());
        let column_lines = (0..width).map(|j| (0..rows).map(|i| i * width + j).collect());
        for line in row_lines.chain(column_lines).collect::<Vec<Vec<usize>>>() {
            let hidden = line.iter().filter(|&&entry| shown[entry].is_none()).count();
            assert_ne!(hidden, 1, "line {line:?} hides a single entry");
        }
    }

    #[test]
    fn hides_counts_below_the_threshold_and_shows_zeros() {
        let protected = check(
            &[&[0.0, 3.0, 20.0], &[12.0, 8.0, 9.0], &[0.0, 6.0, 25.0]],
            "
            0 x x | 23
            12 x x | 29
            0 6 25 | 31
            12 17 54 | 83
            ",
        );
        assert_eq!(
            protected.suppressed[0],
            SuppressedCell {
                row: Some(0),
                column: Some(1),
                value: 3.0,
                why: Why::BelowThreshold,
            }
        );
    }

    #[test]
    fn hides_margins_below_the_threshold() {
        // Row 0 totals 4, column 2 totals 3: both hidden as small in their own right,
        // and they close most of the cycles; the 18 joins the 1 to them, and 8 + 23
        // (row 2, first of two equal ways) the row total 4.
        check(
            &[
                &[1.0, 0.0, 3.0, 0.0],
                &[9.0, 7.0, 0.0, 6.0],
                &[8.0, 10.0, 0.0, 5.0],
            ],
            "
            x 0 x 0 | x
            9 7 0 6 | 22
            x 10 0 5 | x
            x 17 x 11 | 49
            ",
        );
    }

    #[test]
    fn a_total_below_the_threshold_hides_every_non_zero_entry() {
        check(
            &[&[1.0, 0.0], &[2.0, 1.0]],
            "
            x 0 | x
            x x | x
            x x | x
            ",
        );
    }

    #[test]
    fn all_small_cells_are_hidden_but_a_large_enough_total_is_shown() {
        check(
            &[&[1.0, 2.0], &[3.0, 1.0]],
            "
            x x | x
            x x | x
            x x | 7
            ",
        );
    }

    #[test]
    fn complements_are_the_cheapest_cells_to_hide() {
        // Around the 3, the cheapest cycle is 8, 9 and 30 (47 hidden); via 20 it would
        // be 20, 6 and 25 (51), and via any total far more.
        check(
            &[&[3.0, 20.0, 8.0], &[30.0, 40.0, 9.0], &[25.0, 6.0, 50.0]],
            "
            x 20 x | 31
            x 40 x | 79
            25 6 50 | 81
            58 66 67 | 191
            ",
        );
    }

    #[test]
    fn ties_go_to_the_top_left() {
        check(
            &[&[3.0, 10.0, 10.0], &[10.0, 10.0, 10.0], &[10.0, 10.0, 10.0]],
            "
            x x 10 | 23
            x x 10 | 30
            10 10 10 | 30
            23 30 30 | 83
            ",
        );
    }

    #[test]
    fn a_complement_serves_several_small_cells() {
        // The two small cells in row 0 protect each other along their row but not
        // their columns; one more cycle through row 1 closes both.
        check(
            &[&[2.0, 4.0, 30.0], &[11.0, 12.0, 40.0], &[20.0, 25.0, 50.0]],
            "
            x x 30 | 36
            x x 40 | 63
            20 25 50 | 95
            33 41 120 | 194
            ",
        );
    }

    #[test]
    fn a_row_whose_only_non_zero_cell_is_small_hides_its_total_and_more() {
        // The cell equals its row total, so both are hidden; the cheapest way round
        // them is row 2's total and its 9 (31), not row 1's and its 8 (38).
        check(
            &[&[0.0, 3.0, 0.0], &[10.0, 8.0, 12.0], &[6.0, 9.0, 7.0]],
            "
            0 x 0 | x
            10 8 12 | 30
            6 x 7 | x
            16 20 19 | 55
            ",
        );
    }

    #[test]
    fn a_column_whose_only_non_zero_cell_is_small_hides_its_total_and_more() {
        // The 3 and its column total; then the 9 and its column total (31), cheaper
        // than the 8 and its column total (38).
        check(
            &[&[0.0, 10.0, 6.0], &[3.0, 8.0, 9.0], &[0.0, 12.0, 7.0]],
            "
            0 10 6 | 16
            x 8 x | 20
            0 12 7 | 19
            x 30 x | 55
            ",
        );
    }

    #[test]
    fn a_two_by_two_table_with_one_small_cell_hides_all_four_cells() {
        check(
            &[&[2.0, 9.0], &[7.0, 8.0]],
            "
            x x | 11
            x x | 15
            9 17 | 26
            ",
        );
    }

    #[test]
    fn a_one_way_table_hides_a_second_row() {
        // Row totals of a one-way table repeat its cells, and are hidden with them;
        // the column total is the grand total.
        let protected = check(
            &[&[3.0], &[10.0], &[7.0], &[20.0]],
            "
            x | x
            10 | 10
            x | x
            20 | 20
            40 | 40
            ",
        );
        assert_eq!(protected.column_totals, vec![protected.total]);
    }

    #[test]
    fn a_one_row_table_hides_a_second_column() {
        check(
            &[&[3.0, 10.0, 7.0]],
            "
            x 10 x | 20
            x 10 x | 20
            ",
        );
    }

    #[test]
    fn fractional_counts_are_compared_as_they_are() {
        // 4.5 and 0.25 are below 5 and hidden; 5.25 is not. Shares of an act dated
        // only by year make such counts. The 5.25 and the 6 (11.25) join the two small
        // cells more cheaply than 5.25, 9.75 and 7 (22).
        check(
            &[&[4.5, 5.25, 12.0], &[0.25, 6.0, 30.5], &[7.0, 9.75, 11.0]],
            "
            x x 12 | 21.75
            x x 30.5 | 36.75
            7 9.75 11 | 27.75
            11.75 21 53.5 | 86.25
            ",
        );
    }

    #[test]
    fn empty_tables_publish_empty_tables() {
        let nothing = protect(&table(&[]), DEFAULT_THRESHOLD);
        assert_eq!(render(&nothing), " | 0");
        assert!(nothing.suppressed.is_empty());
        let no_columns = protect(&table(&[&[], &[]]), DEFAULT_THRESHOLD);
        assert_eq!(render(&no_columns), " | 0\n | 0\n | 0");
        let no_rows = Table {
            rows: vec![],
            columns: vec!["a".into(), "b".into()],
            cells: vec![],
        };
        assert_eq!(render(&protect(&no_rows, DEFAULT_THRESHOLD)), "0 0 | 0");
    }

    #[test]
    fn a_threshold_of_zero_hides_nothing() {
        let protected = protect(&table(&[&[1.0, 2.0], &[0.0, 3.0]]), 0.0);
        assert!(protected.suppressed.is_empty());
        assert_eq!(render(&protected), "1 2 | 3\n0 3 | 3\n1 5 | 6");
    }

    #[test]
    #[should_panic(expected = "counts must be finite and not negative")]
    fn refuses_a_negative_count() {
        protect(&table(&[&[1.0, -2.0]]), DEFAULT_THRESHOLD);
    }

    #[test]
    #[should_panic(expected = "the disclosure threshold must be a number")]
    fn refuses_a_threshold_that_is_not_a_number() {
        // A NaN threshold would compare false with everything and hide nothing.
        protect(&table(&[&[1.0]]), f64::NAN);
    }

    /// Primary suppression alone, as a naive publisher would do it.
    fn primary_only(table: &Table, threshold: f64) -> Vec<Option<f64>> {
        let small = |value: f64| value > 0.0 && value < threshold;
        truth(table)
            .into_iter()
            .map(|value| (!small(value)).then_some(value))
            .collect()
    }

    #[test]
    fn the_margins_cannot_be_subtracted() {
        let table = table(&[&[3.0, 12.0, 20.0], &[15.0, 9.0, 11.0], &[14.0, 16.0, 8.0]]);
        let truth = truth(&table);
        // Hiding only the 3 is useless: 35 − 12 − 20 gives it back.
        let naive = primary_only(&table, DEFAULT_THRESHOLD);
        assert_eq!(naive.iter().filter(|v| v.is_none()).count(), 1);
        assert_eq!(attacker::pinned(&naive, &truth, 3), vec![0]);
        assert_eq!(
            naive[3].unwrap() - naive[1].unwrap() - naive[2].unwrap(),
            3.0
        );

        let protected = protect(&table, DEFAULT_THRESHOLD);
        assert_eq!(
            render(&protected),
            "x x 20 | 35\nx x 11 | 35\n14 16 8 | 38\n32 37 39 | 108"
        );
        assert_eq!(
            attacker::pinned(&published(&protected), &truth, 3),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn two_hidden_entries_per_line_are_not_enough() {
        // Two 2×2 blocks of hidden cells, joined by the hidden cell (0, 2): every line
        // hides two or three entries, yet rows 0 and 1 minus columns 0 and 1 give
        // (0, 2) exactly. This is why `protect` looks for cycles, not pairs.
        let cells: &[&[f64]] = &[
            &[1.0, 2.0, 3.0, 10.0],
            &[4.0, 1.0, 9.0, 11.0],
            &[12.0, 13.0, 2.0, 3.0],
            &[14.0, 15.0, 4.0, 1.0],
        ];
        let table = table(cells);
        let truth = truth(&table);
        let width = 5;
        let hidden = [
            (0, 0),
            (0, 1),
            (1, 0),
            (1, 1),
            (0, 2),
            (2, 2),
            (2, 3),
            (3, 2),
            (3, 3),
        ];
        let mut pairs = truth.iter().map(|&value| Some(value)).collect::<Vec<_>>();
        for (i, j) in hidden {
            pairs[i * width + j] = None;
        }
        assert_eq!(attacker::pinned(&pairs, &truth, 4), vec![2]);

        let protected = protect(&table, DEFAULT_THRESHOLD);
        check_consistent(&table, &protected, DEFAULT_THRESHOLD);
        assert!(attacker::pinned(&published(&protected), &truth, 4).is_empty());
    }

    #[test]
    fn the_same_table_gives_the_same_result() {
        let table = table(&[
            &[3.0, 10.0, 10.0, 1.0],
            &[10.0, 10.0, 10.0, 0.0],
            &[2.0, 10.0, 10.0, 7.0],
        ]);
        let first = protect(&table, DEFAULT_THRESHOLD);
        for _ in 0..10 {
            assert_eq!(protect(&table, DEFAULT_THRESHOLD), first);
        }
    }

    /// A fixed-seed generator (SplitMix64), so that the random tables are the same on
    /// every run and a failure can be replayed.
    struct SplitMix(u64);

    impl SplitMix {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % bound
        }
    }

    #[test]
    fn no_hidden_entry_of_a_random_table_can_be_recovered() {
        let mut random = SplitMix(2024);
        let (mut complements, mut naive_recovered) = (0, 0);
        for _ in 0..500 {
            let (rows, columns) = (1 + random.below(5) as usize, 1 + random.below(5) as usize);
            let cells: Vec<Vec<f64>> = (0..rows)
                .map(|_| {
                    (0..columns)
                        // Zeros a third of the time, else 1 to 12: many small cells.
                        .map(|_| {
                            if random.below(3) == 0 {
                                0.0
                            } else {
                                (1 + random.below(12)) as f64
                            }
                        })
                        .collect()
                })
                .collect();
            let rows_of_cells: Vec<&[f64]> = cells.iter().map(Vec::as_slice).collect();
            let table = table(&rows_of_cells);
            let protected = protect(&table, DEFAULT_THRESHOLD);
            check_consistent(&table, &protected, DEFAULT_THRESHOLD);
            let pinned = attacker::pinned(&published(&protected), &truth(&table), rows);
            assert!(
                pinned.is_empty(),
                "{cells:?}: entries {pinned:?} can be recovered"
            );
            complements += protected
                .suppressed
                .iter()
                .filter(|cell| cell.why == Why::Complementary)
                .count();
            let naive = primary_only(&table, DEFAULT_THRESHOLD);
            naive_recovered +=
                usize::from(!attacker::pinned(&naive, &truth(&table), rows).is_empty());
        }
        // The test means something only if complements were needed, and if the attacker
        // breaks primary suppression alone on a good share of the same tables.
        assert!(complements > 500, "only {complements} complements in all");
        assert!(
            naive_recovered > 200,
            "the attacker broke only {naive_recovered} naive tables"
        );
    }

    /// An exact attacker for small whole-number tables: what can be worked out from the
    /// published entries, the row, column and total equations, and the knowledge that
    /// every count is a whole number ≥ 0.
    ///
    /// It searches for whole-number tables that fit everything published, with bounds
    /// propagated along every line to a fixed point before each branch. It is told one
    /// thing more than a real reader, that no entry exceeds the true grand total + 1;
    /// that only shrinks the set of tables that fit, so it can only make the attacker
    /// stronger.
    mod attacker {
        /// The grid entries (row major, margins included, as in `published`) that are
        /// hidden yet have a single value consistent with what is shown.
        pub fn pinned(published: &[Option<f64>], truth: &[f64], rows: usize) -> Vec<usize> {
            let width = published.len() / (rows + 1);
            let whole = |value: f64| {
                assert_eq!(value.fract(), 0.0, "the attacker works on whole numbers");
                value as i64
            };
            let truth: Vec<i64> = truth.iter().map(|&value| whole(value)).collect();
            let cap = truth[truth.len() - 1] + 1;
            let domains: Vec<(i64, i64)> = published
                .iter()
                .map(|shown| shown.map_or((0, cap), |value| (whole(value), whole(value))))
                .collect();
            let puzzle = Puzzle::new(rows + 1, width, truth);
            assert!(puzzle.solvable(domains.clone()), "the true table must fit");
            (0..published.len())
                .filter(|&entry| published[entry].is_none())
                .filter(|&entry| {
                    let value = puzzle.truth[entry];
                    let mut below = domains.clone();
                    below[entry].1 = value - 1;
                    let mut above = domains.clone();
                    above[entry].0 = value + 1;
                    !puzzle.solvable(below) && !puzzle.solvable(above)
                })
                .collect()
        }

        /// A line: its summands add up to its total.
        struct Line {
            summands: Vec<usize>,
            total: usize,
        }

        struct Puzzle {
            lines: Vec<Line>,
            /// Only to try likely values first; it never decides what fits.
            truth: Vec<i64>,
        }

        impl Puzzle {
            fn new(rows: usize, width: usize, truth: Vec<i64>) -> Puzzle {
                let row = |i: usize| Line {
                    summands: (0..width - 1).map(|j| i * width + j).collect(),
                    total: i * width + width - 1,
                };
                let column = |j: usize| Line {
                    summands: (0..rows - 1).map(|i| i * width + j).collect(),
                    total: (rows - 1) * width + j,
                };
                let lines = (0..rows).map(row).chain((0..width).map(column)).collect();
                Puzzle { lines, truth }
            }

            /// Narrows every entry's bounds by every line until nothing changes;
            /// false if some entry is left without a possible value.
            fn propagate(&self, domains: &mut [(i64, i64)]) -> bool {
                let mut changed = true;
                while changed {
                    changed = false;
                    for line in &self.lines {
                        let low: i64 = line.summands.iter().map(|&s| domains[s].0).sum();
                        let high: i64 = line.summands.iter().map(|&s| domains[s].1).sum();
                        let (total_low, total_high) = domains[line.total];
                        let mut narrow = |domains: &mut [(i64, i64)], entry: usize, low, high| {
                            let old = domains[entry];
                            domains[entry] = (old.0.max(low), old.1.min(high));
                            changed |= domains[entry] != old;
                        };
                        narrow(domains, line.total, low, high);
                        for &summand in &line.summands {
                            let (own_low, own_high) = domains[summand];
                            let (others_low, others_high) = (low - own_low, high - own_high);
                            let bounds = (total_low - others_high, total_high - others_low);
                            narrow(domains, summand, bounds.0, bounds.1);
                        }
                        if domains.iter().any(|(low, high)| low > high) {
                            return false;
                        }
                    }
                }
                true
            }

            fn solvable(&self, mut domains: Vec<(i64, i64)>) -> bool {
                if !self.propagate(&mut domains) {
                    return false;
                }
                let open = (0..domains.len())
                    .filter(|&entry| domains[entry].0 < domains[entry].1)
                    .min_by_key(|&entry| domains[entry].1 - domains[entry].0);
                let Some(entry) = open else {
                    return true; // every entry fixed, and every line holds
                };
                let (low, high) = domains[entry];
                let mut values: Vec<i64> = (low..=high).collect();
                values.sort_by_key(|&value| ((value - self.truth[entry]).abs(), value));
                values.into_iter().any(|value| {
                    let mut fixed = domains.clone();
                    fixed[entry] = (value, value);
                    self.solvable(fixed)
                })
            }
        }
    }
}
