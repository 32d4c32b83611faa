//! Replay client (being written).
