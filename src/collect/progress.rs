//! The scan progress bar on stderr (hidden when stderr is not a terminal).

use super::scan::Progress;
use crate::model::CoverageCell;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// An indicatif bar: cells done, resources found, API calls.
pub struct Bar(ProgressBar);

impl Bar {
    /// A bar drawn on stderr when it is a terminal, hidden otherwise.
    pub fn stderr() -> Bar {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} scanning [{bar:30}] {pos}/{len} cells {msg} ({elapsed})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        Bar(bar)
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn cell_done(&self, _cell: &CoverageCell, resources: usize, calls: u64) {
        self.0.inc(1);
        self.0
            .set_message(format!("· {resources} resources · {calls} API calls"));
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
