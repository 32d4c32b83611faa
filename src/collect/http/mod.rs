//! Project-owned HTTP clients for the SDK: replay of recorded responses (services the
//! emulator lacks, bug reports), recording, and fault injection for tests.

pub mod fault;
pub mod identify;
pub mod record;
pub mod replay;
