//! The text after each command's `--help`: exit codes and two examples.
//! Kept out of `src/cli/` so that adding a command there stays a small edit.

/// The exit codes, shared by every command (cli.md "Exit codes").
macro_rules! exit_codes {
    ($one:literal) => {
        concat!(
            "Exit codes:\n",
            "  0  done",
            $one,
            "\n  2  invalid input, unreadable path, bad command line, config or user rule\n"
        )
    };
}

pub(crate) const TOP: &str = concat!(
    exit_codes!(
        "\n  1  check and fix: a finding at or above --fail-on; fix --diff: something to fix; diff: a threshold crossed; drift: a difference; test: an example failed"
    ),
    "\nExamples:\n",
    "  swatch check workspace/\n",
    "  swatch diff --base origin/main workspace/ --format markdown\n"
);

pub(crate) const CHECK: &str = concat!(
    exit_codes!(", no finding at or above --fail-on\n  1  a finding at or above --fail-on"),
    "\nExamples:\n",
    "  swatch check workspace/ --fail-on warning\n",
    "  swatch check workspace/ --format sarif > swatch.sarif\n"
);

pub(crate) const LICENSES: &str = concat!(
    exit_codes!(""),
    "\nExamples:\n",
    "  swatch licenses workspace/\n",
    "  swatch licenses workspace/ --format csv > licenses.csv\n"
);

pub(crate) const DIFF: &str = concat!(
    exit_codes!(
        ", licenses changed or not\n  1  a threshold flag (--max-cost-increase, --fail-on-new, --deny-escalation, --max-new-seats) crossed"
    ),
    "\nExamples:\n",
    "  swatch diff old/ new/\n",
    "  swatch diff --base origin/main workspace/ --max-cost-increase 10% --format markdown\n"
);

pub(crate) const RULES: &str = concat!(
    exit_codes!(""),
    "\nExamples:\n",
    "  swatch rules workspace/\n",
    "  swatch rules workspace/ --format json\n"
);

pub(crate) const EXPLAIN: &str = concat!(
    exit_codes!(""),
    "\nExamples:\n",
    "  swatch explain orphaned-api-key\n",
    "  swatch explain acme/no-contractor-editors workspace/ --format markdown\n"
);

pub(crate) const TEST: &str = concat!(
    exit_codes!(", every example gave the expected result\n  1  an example failed"),
    "\nExamples:\n",
    "  swatch test workspace/\n",
    "  swatch test .\n"
);

pub(crate) const WHY: &str = concat!(
    exit_codes!(""),
    "\nExamples:\n",
    "  swatch why dave@acme.com workspace/\n",
    "  swatch why Dave@Acme.com .\n"
);

pub(crate) const REPORT: &str = concat!(
    exit_codes!(", whatever the findings"),
    "\nExamples:\n",
    "  swatch report workspace/ --reviewer \"Grace Hopper\" --out review.html\n",
    "  swatch report workspace/ --format csv --out access.csv\n"
);

pub(crate) const INIT: &str = concat!(
    exit_codes!(", the files were written"),
    "\nExamples:\n",
    "  swatch init workspace/\n",
    "  swatch init .\n"
);

pub(crate) const SCHEMA: &str = concat!(
    exit_codes!(""),
    "\nExamples:\n",
    "  swatch schema > workspace.schema.json\n",
    "  swatch schema | jq .title\n"
);

pub(crate) const COMPLETIONS: &str = concat!(
    exit_codes!(""),
    "\nExamples:\n",
    "  swatch completions bash > /etc/bash_completion.d/swatch\n",
    "  swatch completions zsh > ~/.zfunc/_swatch\n"
);

pub(crate) const MAN: &str = concat!(
    exit_codes!(""),
    "\nExamples:\n",
    "  swatch man > swatch.1\n",
    "  swatch man | man -l -\n"
);

pub(crate) const IMPORT: &str = concat!(
    exit_codes!(", the workspace was written"),
    "\nExamples:\n",
    "  swatch import --members members.csv --assignments FP&A=fpa.csv --out workspace/\n",
    "  swatch import --members members.csv --scim scim.json --seats-from-export --out workspace/\n"
);

pub(crate) const DRIFT: &str = concat!(
    exit_codes!(", the workspace and the exports agree\n  1  they differ"),
    "\nExamples:\n",
    "  swatch drift workspace/ --members members.csv --assignments FP&A=fpa.csv\n",
    "  swatch drift workspace/ --members members.csv --format markdown\n"
);

pub(crate) const FIX: &str = concat!(
    exit_codes!(
        ", the fixes are written and no finding at or above --fail-on remains; with --diff, nothing to fix\n  1  a finding at or above --fail-on remains; with --diff, something would be fixed"
    ),
    "\nExamples:\n",
    "  swatch fix workspace/ --diff\n",
    "  swatch fix workspace/ --unsafe --rule unknown-member --rule unused-role\n"
);

pub(crate) const WHAT_IF: &str = concat!(
    exit_codes!(", the report is printed (and with --write, the files are changed)"),
    "\nExamples:\n",
    "  swatch what-if workspace/ --default-access 'FP&A/Planner=read'\n",
    "  swatch what-if workspace/ --status ada@acme.com=deactivated --format markdown\n",
    "  swatch what-if workspace/ --assign 'FP&A/bob@acme.com=Reader' --write\n"
);
