//! An order-preserving parallel map with bounded memory, for streaming documents through the
//! pipeline: one thread produces items, `threads` workers transform them, and the calling thread
//! receives the results in production order while reading, cleaning and writing overlap.
//!
//! Memory stays flat whatever the input size: the producer may run ahead of the consumer by at
//! most [`Limits::max_items`] items and [`Limits::max_bytes`] bytes of item weight (counted from
//! when an item is produced until its result has been consumed, so results waiting for an earlier
//! slow item count too). An item heavier than the byte budget on its own still goes through, alone.
//!
//! ```
//! use unspin::stream::{ordered_map, Limits};
//!
//! let mut out = Vec::new();
//! ordered_map(
//!     Limits { threads: 2, max_items: 4, max_bytes: 1 << 20 },
//!     |push| {
//!         for i in 0..100u64 {
//!             if !push(i, 8) {
//!                 break; // the consumer stopped
//!             }
//!         }
//!     },
//!     |i| i * i,
//!     |sq| {
//!         out.push(sq);
//!         Ok::<(), ()>(())
//!     },
//! )
//! .unwrap();
//! assert_eq!(out, (0..100).map(|i| i * i).collect::<Vec<_>>());
//! ```

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// How much may be in flight at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Items produced but not yet consumed.
    pub max_items: usize,
    /// Total weight (bytes) of items produced but not yet consumed.
    pub max_bytes: usize,
}

impl Limits {
    /// Limits for `threads` workers: enough items in flight to keep them busy while one slow
    /// document holds up the output, and 8 MiB of input per worker (16 MiB at least).
    pub fn for_threads(threads: usize) -> Limits {
        let threads = threads.max(1);
        Limits { threads, max_items: 64 * threads, max_bytes: (8 << 20) * threads.max(2) }
    }
}

/// Counts what is in flight; the producer waits on it, the consumer releases it.
struct Budget {
    state: Mutex<BudgetState>,
    freed: Condvar,
    limits: Limits,
}

struct BudgetState {
    items: usize,
    bytes: usize,
    closed: bool,
}

impl Budget {
    /// Waits until `weight` fits; false when the run was stopped.
    fn acquire(&self, weight: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if s.closed {
                return false;
            }
            let fits = s.items < self.limits.max_items.max(1)
                && (s.items == 0 || s.bytes.saturating_add(weight) <= self.limits.max_bytes);
            if fits {
                s.items += 1;
                s.bytes += weight;
                return true;
            }
            s = self.freed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn release(&self, weight: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.items -= 1;
        s.bytes -= weight;
        self.freed.notify_all();
    }

    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        self.freed.notify_all();
    }
}

/// Closes the budget if a worker or the producer panics, so that nobody waits forever; the
/// panic is then propagated by the thread scope.
struct CloseOnPanic<'a>(&'a Budget);

impl Drop for CloseOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.close();
        }
    }
}

/// Runs `work` over the items that `produce` pushes, on `limits.threads` worker threads, and
/// passes each result to `consume` on the calling thread, in the order the items were pushed.
///
/// `produce` runs on its own thread and gets a `push(item, weight)` function that blocks while
/// the budget is full and returns false once the run is stopping (then `produce` should return).
/// When `consume` returns an error the run stops: nothing more is produced or consumed, the
/// threads are joined, and the error is returned.
pub fn ordered_map<T, U, E, P, W, C>(limits: Limits, produce: P, work: W, mut consume: C) -> Result<(), E>
where
    T: Send,
    U: Send,
    P: FnOnce(&mut dyn FnMut(T, usize) -> bool) + Send,
    W: Fn(T) -> U + Sync,
    C: FnMut(U) -> Result<(), E>,
{
    let budget =
        Budget { state: Mutex::new(BudgetState { items: 0, bytes: 0, closed: false }), freed: Condvar::new(), limits };
    let (job_tx, job_rx) = mpsc::channel::<(u64, T, usize)>();
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, U, usize)>();
    std::thread::scope(|scope| {
        let budget = &budget;
        scope.spawn(move || {
            let _guard = CloseOnPanic(budget);
            let mut seq = 0u64;
            let mut push = |item: T, weight: usize| {
                if !budget.acquire(weight) {
                    return false;
                }
                let ok = job_tx.send((seq, item, weight)).is_ok();
                seq += 1;
                ok
            };
            produce(&mut push);
            // Dropping `job_tx` here lets the workers finish.
        });
        for _ in 0..limits.threads.max(1) {
            let (job_rx, done_tx, work) = (&job_rx, done_tx.clone(), &work);
            scope.spawn(move || {
                let _guard = CloseOnPanic(budget);
                loop {
                    let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((seq, item, weight)) = job else { break };
                    if done_tx.send((seq, work(item), weight)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<u64, (U, usize)> = BTreeMap::new();
        let mut next = 0u64;
        let mut result = Ok(());
        'run: for (seq, out, weight) in done_rx.iter() {
            pending.insert(seq, (out, weight));
            while let Some((out, weight)) = pending.remove(&next) {
                next += 1;
                result = consume(out);
                budget.release(weight);
                if result.is_err() {
                    break 'run;
                }
            }
        }
        // Stop the producer (it may be waiting for budget) and drop what is left.
        budget.close();
        drop(done_rx);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn squares(limits: Limits, n: u64) -> Vec<u64> {
        let mut out = Vec::new();
        ordered_map(
            limits,
            |push| {
                for i in 0..n {
                    if !push(i, 10) {
                        break;
                    }
                }
            },
            |i| {
                // Uneven work so results arrive out of order.
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                i * i
            },
            |x| {
                out.push(x);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        out
    }

    #[test]
    fn results_come_in_input_order() {
        for threads in [1, 2, 4] {
            let want: Vec<u64> = (0..500).map(|i| i * i).collect();
            assert_eq!(squares(Limits { threads, max_items: 8, max_bytes: 1000 }, 500), want);
        }
    }

    #[test]
    fn in_flight_items_stay_within_the_limits() {
        let in_flight = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let limits = Limits { threads: 3, max_items: 5, max_bytes: 1 << 20 };
        ordered_map(
            limits,
            |push| {
                for i in 0..300 {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    if !push(i, 1) {
                        break;
                    }
                }
            },
            |i| i,
            |_| {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        // The producer counts an item just before it waits for room, hence the +1.
        assert!(peak.load(Ordering::SeqCst) <= limits.max_items + 1, "peak {}", peak.load(Ordering::SeqCst));
    }

    #[test]
    fn byte_budget_lets_an_oversized_item_through_alone() {
        let out = squares(Limits { threads: 2, max_items: 100, max_bytes: 5 }, 50);
        assert_eq!(out.len(), 50);
    }

    #[test]
    fn a_consumer_error_stops_the_run() {
        let produced = AtomicUsize::new(0);
        let mut seen = 0;
        let r = ordered_map(
            Limits { threads: 2, max_items: 4, max_bytes: 1 << 20 },
            |push| {
                for i in 0..1_000_000u64 {
                    produced.fetch_add(1, Ordering::SeqCst);
                    if !push(i, 1) {
                        break;
                    }
                }
            },
            |i| i,
            |i| {
                seen += 1;
                if i == 10 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("stop"));
        assert_eq!(seen, 11);
        assert!(produced.load(Ordering::SeqCst) < 100);
    }

    #[test]
    #[should_panic]
    fn a_worker_panic_is_propagated_not_a_hang() {
        let _ = ordered_map(
            Limits { threads: 2, max_items: 4, max_bytes: 1 << 20 },
            |push| {
                for i in 0..1000u64 {
                    if !push(i, 1) {
                        break;
                    }
                }
            },
            |i| if i == 3 { panic!("boom") } else { i },
            |_| Ok::<(), ()>(()),
        );
    }
}
