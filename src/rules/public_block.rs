use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{Subject, capped_names};

declare_rule!(
    PublicBlock,
    id = "public-block",
    severity = Info,
    category = Access
);

impl Check for PublicBlock {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for app in &cx.model.applications {
            let Some(blocks) = app.public_blocks.as_ref().filter(|b| !b.value.is_empty()) else {
                continue;
            };
            cx.report(
                Subject::application(&app.name),
                Some(app.loc),
                format!("{} makes {} block{} readable by every member: {}", quote(&app.name), blocks.value.len(), if blocks.value.len() == 1 { "" } else { "s" }, capped_names(blocks.value.iter().map(String::as_str))),
            )
            .label("has public blocks")
            .help("public blocks bypass roles and data access rights: keep only reference data (rates, calendars) public");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    #[test]
    fn fires_for_declared_public_blocks() {
        let app = "[application]\nname = \"A\"\npublic_blocks = [\"FX Rates\"]\n";
        assert_eq!(subjects(&check(&PublicBlock, &[("a.toml", app)])), ["A"]);
    }

    #[test]
    fn silent_for_an_empty_list() {
        assert!(
            check(
                &PublicBlock,
                &[(
                    "a.toml",
                    "[application]\nname = \"A\"\npublic_blocks = []\n"
                )]
            )
            .is_empty()
        );
    }

    #[test]
    fn ten_thousand_blocks_are_cut_after_five() {
        let blocks: Vec<String> = (0..10_000).map(|i| format!("\"B{i}\"")).collect();
        let app = format!(
            "[application]\nname = \"A\"\npublic_blocks = [{}]\n",
            blocks.join(", ")
        );
        let findings = check(&PublicBlock, &[("a.toml", &app)]);
        assert!(findings[0].message.len() < 200, "{}", findings[0].message);
        assert!(
            findings[0].message.ends_with("`B4`, and 9,995 more"),
            "{}",
            findings[0].message
        );
    }
}
