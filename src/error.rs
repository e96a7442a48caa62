//! Invalid input: everything that stops a model, a config or a policy from
//! being built (exit 2). Errors are data with locations; they become miette
//! diagnostics only when rendered, against the [`Sources`] they point into.

use crate::source::{Loc, Sources, escape};
use miette::{Diagnostic, LabeledSpan, NamedSource, Severity, SourceCode};
use std::fmt;

/// One piece of invalid input.
#[derive(Debug, Clone)]
pub(crate) struct InputError {
    /// A stable code such as `swatch::load::unknown_key`.
    pub code: &'static str,
    pub message: String,
    /// Where it is; `None` for errors about a path or the command line.
    pub loc: Option<Loc>,
    pub label: String,
    pub help: Option<String>,
    /// Other places that explain it ("first defined here"), maybe in other files.
    pub also: Vec<(Loc, String)>,
}

impl InputError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            loc: None,
            label: String::new(),
            help: None,
            also: Vec::new(),
        }
    }

    pub(crate) fn at(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Self {
            loc: Some(loc),
            ..Self::new(code, message)
        }
    }

    #[must_use]
    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    #[must_use]
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub(crate) fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    #[must_use]
    pub(crate) fn also(mut self, loc: Loc, label: impl Into<String>) -> Self {
        self.also.push((loc, label.into()));
        self
    }
}

/// Invalid input found while reading one side of a workspace, with the files
/// it points into.
#[derive(Debug)]
pub(crate) struct Invalid {
    pub sources: Sources,
    pub errors: Vec<InputError>,
}

impl Invalid {
    pub(crate) fn single(error: InputError) -> Self {
        Self {
            sources: Sources::default(),
            errors: vec![error],
        }
    }

    #[must_use]
    /// Sort errors by file and offset, so output is the same in any file order.
    pub(crate) fn sorted(mut self) -> Self {
        let sources = &self.sources;
        self.errors.sort_by(|a, b| {
            let key = |e: &InputError| {
                e.loc
                    .map(|l| (sources.get(l.file).path.clone(), l.start, l.end))
            };
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        self
    }
}

/// A diagnostic with its source snippet attached: what the human renderer
/// hands to miette. Places in other files are notes in `related`, which
/// the renderer prints after it: miette would head each with a bare
/// "Advice:" line.
pub(crate) struct Snippet {
    pub message: String,
    pub code: Option<String>,
    pub severity: Severity,
    pub help: Option<String>,
    pub source: Option<NamedSource<crate::excerpt::Excerpt>>,
    pub labels: Vec<LabeledSpan>,
    pub related: Vec<Snippet>,
}

impl Snippet {
    /// Build from a message and places; the first place is the primary one.
    pub(crate) fn new(
        sources: &Sources,
        message: &str,
        severity: Severity,
        places: &[(Loc, &str)],
    ) -> Self {
        let mut snippet = Snippet {
            message: escape(message).into_owned(),
            code: None,
            severity,
            help: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        let Some(&(primary, _)) = places.first() else {
            return snippet;
        };
        // Places in the primary's file are labels of one excerpt (miette
        // boxes each region with its own file:line:column); places in other
        // files are related diagnostics, each with its own excerpt.
        let (here, elsewhere): (Vec<_>, Vec<_>) =
            places.iter().partition(|(loc, _)| loc.file == primary.file);
        let file = sources.get(primary.file);
        let locs: Vec<Loc> = here.iter().map(|(loc, _)| *loc).collect();
        let (excerpt, spans) = crate::excerpt::Excerpt::around_all(file, &locs);
        snippet.source = Some(
            NamedSource::new(escape(&sources.shown_path(primary.file)), excerpt)
                .with_language("toml"),
        );
        for (i, (&(_, label), span)) in here.iter().zip(spans).enumerate() {
            let label = (!label.is_empty()).then(|| escape(label).into_owned());
            snippet.labels.push(if i == 0 {
                LabeledSpan::new_primary_with_span(label, span)
            } else {
                LabeledSpan::new_with_span(label, span)
            });
        }
        for (loc, label) in elsewhere {
            // The label is the note's message: not repeated under the span.
            snippet
                .related
                .push(Snippet::new(sources, label, Severity::Advice, &[(loc, "")]));
        }
        snippet
    }

    pub(crate) fn from_error(error: &InputError, sources: &Sources) -> Self {
        let mut places: Vec<(Loc, &str)> = Vec::new();
        if let Some(loc) = error.loc {
            places.push((loc, error.label.as_str()));
            places.extend(error.also.iter().map(|(l, s)| (*l, s.as_str())));
        }
        let mut snippet = Snippet::new(sources, &error.message, Severity::Error, &places);
        snippet.code = Some(error.code.to_owned());
        snippet.help = error.help.as_deref().map(|h| escape(h).into_owned());
        snippet
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Snippet {}

impl Diagnostic for Snippet {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_deref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}
