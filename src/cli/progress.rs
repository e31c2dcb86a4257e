//! A progress bar on stderr with throughput and ETA, shown only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Input bytes read so far, counted by the reading thread and shown by the writing one.
pub struct Progress {
    bar: ProgressBar,
    pub bytes_read: AtomicU64,
}

impl Progress {
    /// A bar over `total` input bytes (unknown for stdin), hidden unless stderr is a terminal.
    pub fn new(total: Option<u64>) -> Progress {
        let visible = std::io::stderr().is_terminal() && std::env::var_os("UNSPIN_NO_PROGRESS").is_none();
        let bar = match (visible, total) {
            (false, _) => ProgressBar::hidden(),
            (true, Some(total)) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}")
                    .expect("valid template"),
            ),
            (true, None) => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{spinner} {bytes} {binary_bytes_per_sec} {msg}").expect("valid template"),
            ),
        };
        if visible {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        Progress { bar, bytes_read: AtomicU64::new(0) }
    }

    pub fn add_read(&self, bytes: u64) {
        self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Shows the bytes read and the documents written so far.
    pub fn update(&self, documents: usize) {
        if !self.bar.is_hidden() {
            self.bar.set_position(self.bytes_read.load(Ordering::Relaxed));
            self.bar.set_message(format!("{documents} docs"));
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Counts the bytes read through it into a [`Progress`].
pub struct CountingReader<R> {
    pub inner: R,
    pub progress: std::sync::Arc<Progress>,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.add_read(n as u64);
        Ok(n)
    }
}
