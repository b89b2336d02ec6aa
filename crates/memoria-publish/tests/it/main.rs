//! The publication crate through its public API: the demonstration collection's map.

mod demo_map;
