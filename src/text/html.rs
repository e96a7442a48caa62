//! Text inside HTML.

/// Text for HTML content and attribute values; control characters are made
/// visible first, as everywhere swatch prints user text.
pub(crate) fn escape(text: &str) -> String {
    let text = crate::source::escape_text(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
