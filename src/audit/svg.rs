//! The pictures of the HTML review, as inline SVG written here: no
//! library, no external asset, every label escaped.

use crate::text::html::escape;
use std::fmt::Write as _;

/// Colours by license tier, highest first, and for "over purchased".
pub(super) const TIER_COLORS: [&str; 3] = ["#3b4cc0", "#7b9ff9", "#c0d4f5"];
const OVER: &str = "#d62728";
const TRACK: &str = "#e8e8e8";

const WIDTH: usize = 640;
const LABEL: usize = 200;
const ROW: usize = 22;

fn open(out: &mut String, height: usize, title: &str) {
    let _ = write!(
        out,
        r#"<svg role="img" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12"><title>{}</title>"#,
        escape(title)
    );
}

fn label(out: &mut String, y: usize, text: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
        LABEL - 8,
        y + 15,
        escape(text)
    );
}

fn rect(out: &mut String, x: usize, y: usize, w: usize, h: usize, fill: &str) {
    let _ = write!(
        out,
        r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>"#
    );
}

/// Width in pixels of `value` on a `scale` of `span` pixels.
fn scaled(value: u64, scale: u64, span: usize) -> usize {
    value
        .saturating_mul(span as u64)
        .checked_div(scale)
        .map_or(0, |w| usize::try_from(w).unwrap_or(span))
}

/// One bar per license: purchased as the track, used on it, the part over
/// the purchase in red. Rows: (license, used, purchased).
pub(super) fn licenses(rows: &[(&str, u64, Option<u64>)]) -> String {
    let span = WIDTH - LABEL - 120;
    let scale = rows
        .iter()
        .map(|&(_, used, purchased)| used.max(purchased.unwrap_or(0)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    open(
        &mut out,
        rows.len() * ROW + 4,
        "Licenses used against purchased",
    );
    for (i, &(name, used, purchased)) in rows.iter().enumerate() {
        let y = i * ROW;
        label(&mut out, y, name);
        let bought = purchased.unwrap_or(used);
        rect(
            &mut out,
            LABEL,
            y + 3,
            scaled(bought, scale, span),
            16,
            TRACK,
        );
        let within = used.min(bought);
        rect(
            &mut out,
            LABEL,
            y + 3,
            scaled(within, scale, span),
            16,
            TIER_COLORS[i.min(2)],
        );
        if used > bought {
            let x = LABEL + scaled(bought, scale, span);
            rect(
                &mut out,
                x,
                y + 3,
                scaled(used - bought, scale, span),
                16,
                OVER,
            );
        }
        let text = match purchased {
            Some(p) if used > p => format!("{used} / {p}, {} over", used - p),
            Some(p) => format!("{used} / {p}"),
            None => format!("{used} (no purchase recorded)"),
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            LABEL + scaled(used.max(bought), scale, span) + 6,
            y + 15,
            escape(&text)
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one per row: (label, value, the value as text).
pub(super) fn bars(title: &str, rows: &[(String, u64, String)]) -> String {
    let span = WIDTH - LABEL - 110;
    let scale = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let mut out = String::new();
    open(&mut out, rows.len().max(1) * ROW + 4, title);
    for (i, (name, value, text)) in rows.iter().enumerate() {
        let y = i * ROW;
        label(&mut out, y, name);
        rect(
            &mut out,
            LABEL,
            y + 3,
            scaled(*value, scale, span).max(1),
            16,
            TIER_COLORS[0],
        );
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            LABEL + scaled(*value, scale, span) + 6,
            y + 15,
            escape(text)
        );
    }
    out.push_str("</svg>");
    out
}

/// The member × application matrix: one cell per holding, coloured by
/// the license tier (0 highest) the role gives; `cells[m][a]`.
pub(super) fn heat_map(
    members: &[&str],
    applications: &[&str],
    cells: &[Vec<Option<usize>>],
) -> String {
    const CELL: usize = 16;
    const LEFT: usize = 220;
    const TOP: usize = 130;
    let width = LEFT + applications.len() * CELL + 140;
    let height = TOP + members.len() * CELL + 10;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11"><title>Member by application access</title>"#
    );
    for (a, name) in applications.iter().enumerate() {
        let x = LEFT + a * CELL + CELL / 2 + 3;
        let _ = write!(
            out,
            r#"<text transform="translate({x},{}) rotate(-45)">{}</text>"#,
            TOP - 4,
            escape(name)
        );
    }
    for (m, name) in members.iter().enumerate() {
        let y = TOP + m * CELL;
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            LEFT - 4,
            y + CELL - 2,
            escape(name)
        );
        for (a, cell) in cells[m].iter().enumerate() {
            let x = LEFT + a * CELL;
            let fill = cell.map_or("#f7f7f7", |tier| TIER_COLORS[tier.min(2)]);
            let _ = write!(
                out,
                r#"<rect x="{x}" y="{y}" width="{}" height="{}" fill="{fill}"/>"#,
                CELL - 1,
                CELL - 1
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_over_purchase_is_red() {
        let svg = licenses(&[("<editor>", 7, Some(6)), ("explorer", 2, None)]);
        assert!(svg.contains("&lt;editor&gt;"));
        assert!(!svg.contains("<editor>"));
        assert!(svg.contains(OVER));
        assert!(svg.contains("1 over"));
        let map = heat_map(&["a&b"], &["x\"y"], &[vec![Some(0)]]);
        assert!(map.contains("a&amp;b") && map.contains("x&quot;y"));
    }
}
