//! `swatch why`: how one member's license is derived, and the change that
//! lowers it.

use super::{Common, Failure, invalid};
use crate::error::InputError;
use crate::exit::Exit;
use crate::license::Licenses;
use crate::load;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct WhyArgs {
    /// The member's email (any case).
    email: String,
    /// The workspace folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    common: Common,
}

pub(super) fn run(args: &WhyArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let common = &args.common;
    let email = args.email.as_str();
    let (config, workspace) = load::open(
        &args.path,
        common.config.as_deref(),
        common.limits.max_file_size,
        None,
    )?;
    let Some(index) = workspace.model.member_index(email) else {
        return Err(invalid(
            InputError::new(
                "swatch::cli::unknown_member",
                format!(
                    "`{}` is no member of the workspace",
                    crate::source::escape(email)
                ),
            )
            .help(
                crate::toml_read::did_you_mean_email(
                    &email.to_lowercase(),
                    workspace.model.members.iter().map(|m| &*m.key),
                )
                .map_or_else(
                    || "`swatch licenses` lists every member".to_owned(),
                    |close| format!("did you mean `{}`?", crate::source::escape(close)),
                ),
            ),
        ));
    };
    let licenses = Licenses::derive(&workspace.model);
    let explanation = crate::why::explain(&licenses, index, &config, common.today());
    crate::why::render(out, &licenses, &explanation)?;
    Ok(Exit::Clean)
}
