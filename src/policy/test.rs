//! `swatch test`: run every policy's examples like a test runner.

use super::{Example, Policies, Policy};
use crate::license::Licenses;
use crate::load::Content;
use crate::source::Sources;
use jiff::civil::Date;

/// One example's result: `Ok`, or why it failed.
#[derive(Debug)]
pub(crate) struct Outcome<'p> {
    pub policy: &'p Policy,
    pub example: &'p Example,
    pub result: Result<(), String>,
}

pub(crate) fn run(policies: &Policies, today: Date) -> Vec<Outcome<'_>> {
    policies
        .policies
        .iter()
        .flat_map(|policy| {
            policy.examples.iter().map(move |example| Outcome {
                policy,
                example,
                result: run_one(policies, policy, example, today),
            })
        })
        .collect()
}

fn run_one(
    policies: &Policies,
    policy: &Policy,
    example: &Example,
    today: Date,
) -> Result<(), String> {
    let files = vec![(
        "example.toml".to_owned(),
        Content::Bytes(example.workspace.as_bytes().to_vec()),
    )];
    // The example was read with its policy file, under the file size limit.
    let limit = crate::load::MaxFileSize::LARGEST;
    let workspace = crate::load::load(Sources::default(), files, limit).map_err(|invalid| {
        let errors: Vec<String> = invalid
            .errors
            .iter()
            .map(|e| match e.loc {
                Some(loc) => {
                    let (line, column) = invalid.sources.get(loc.file).line_col(loc.start);
                    format!(
                        "{}:{}:{column}: {}",
                        example.path,
                        example.first_line + line - 1,
                        e.message
                    )
                }
                None => e.message.clone(),
            })
            .collect();
        format!("the example workspace is invalid:\n{}", errors.join("\n"))
    })?;
    let licenses = Licenses::derive(&workspace.model);
    let findings = policies.check_only(&licenses, today, |p| {
        (p.id == policy.id).then_some(p.severity)
    });
    let mut fired: Vec<&str> = findings.iter().map(|f| f.subject.name.as_ref()).collect();
    fired.sort_unstable();
    fired.dedup();
    let mut expected: Vec<&str> = example.fires_on.iter().map(String::as_str).collect();
    expected.sort_unstable();
    expected.dedup();
    if fired == expected {
        Ok(())
    } else {
        let list = |l: &[&str]| {
            if l.is_empty() {
                "nothing".to_owned()
            } else {
                l.join(", ")
            }
        };
        Err(format!(
            "expected it to fire on: {}\n     but it fired on: {}",
            list(&expected),
            list(&fired)
        ))
    }
}
