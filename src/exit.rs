//! The exit-code contract of every command (cli.md), in one place.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done; no finding at or above the fail level; no gate crossed.
    Clean,
    /// `check` found something at or above the fail level, a `diff` gate
    /// was crossed, or a policy test failed.
    Failed,
    /// Invalid input, unreadable path, bad command line, bad config or
    /// bad user rule.
    Invalid,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Clean => ExitCode::SUCCESS,
            Exit::Failed => ExitCode::from(1),
            Exit::Invalid => ExitCode::from(2),
        }
    }
}
