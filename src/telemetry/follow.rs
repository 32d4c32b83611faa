//! Tailing log groups without losing late events: every poll re-reads from the newest event
//! seen minus an overlap window (CloudWatch may ingest an event minutes after its
//! timestamp, and events sharing a millisecond arrive separately), and events already shown
//! are dropped by event id. Ids older than the overlap are forgotten, so memory stays flat.

use super::lambda_logs::LogEvent;
use std::collections::HashMap;

/// How far back each poll re-reads: late events within this window are still shown.
pub const OVERLAP_MS: i64 = super::cache::SETTLE_MS;

/// The state of a tail.
#[derive(Debug, Clone)]
pub struct Follower {
    start: i64,
    newest: Option<i64>,
    seen: HashMap<String, i64>,
}

impl Follower {
    /// A tail that starts showing events from `start` (epoch ms).
    pub fn new(start: i64) -> Follower {
        Follower {
            start,
            newest: None,
            seen: HashMap::new(),
        }
    }

    /// The start of the next poll's window.
    pub fn window_start(&self) -> i64 {
        match self.newest {
            Some(t) => (t - OVERLAP_MS).max(self.start),
            None => self.start,
        }
    }

    /// The events of one poll not shown before, in time order.
    pub fn accept(&mut self, mut events: Vec<LogEvent>) -> Vec<LogEvent> {
        events.sort_by(|a, b| (a.timestamp, &a.event_id).cmp(&(b.timestamp, &b.event_id)));
        events.retain(|e| {
            e.timestamp >= self.start && self.seen.insert(e.event_id.clone(), e.timestamp).is_none()
        });
        if let Some(last) = events.iter().map(|e| e.timestamp).max() {
            self.newest = Some(self.newest.map_or(last, |n| n.max(last)));
        }
        // Ids older than the window can no longer come back.
        let horizon = self.window_start();
        self.seen.retain(|_, t| *t >= horizon);
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: i64, id: &str) -> LogEvent {
        LogEvent {
            timestamp: t,
            event_id: id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn late_events_are_shown_once_and_duplicates_never() {
        let base = 1_000_000_000;
        let mut f = Follower::new(base);
        let shown = f.accept(vec![ev(base + 10, "a"), ev(base + 20, "b")]);
        assert_eq!(shown.len(), 2);
        assert_eq!(f.window_start(), base);
        // The next poll overlaps: a and b come back, c shares b's millisecond but arrived
        // later, d is new.
        let shown = f.accept(vec![
            ev(base + 10, "a"),
            ev(base + 20, "b"),
            ev(base + 20, "c"),
            ev(base + 30, "d"),
        ]);
        let ids: Vec<&str> = shown.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["c", "d"]);
        // Much later: the window moves on, and an event ingested 2 minutes late (older
        // than the newest seen) is still shown.
        let later = base + 600_000;
        f.accept(vec![ev(later, "e")]);
        assert_eq!(f.window_start(), later - OVERLAP_MS);
        let shown = f.accept(vec![ev(later - 120_000, "late"), ev(later, "e")]);
        let ids: Vec<&str> = shown.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["late"]);
        // Forgotten ids are outside every future window.
        assert!(f.seen.values().all(|t| *t >= f.window_start()));
    }
}
