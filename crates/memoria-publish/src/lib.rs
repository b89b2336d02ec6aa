//! Publication: what may leave a collection, and the public site and open data that
//! carry it.
//!
//! Nothing here reads a store or writes a file: the caller hands over the records and
//! the policy, and gets back the site as a map from paths to bytes, with a report of
//! what was withheld, coarsened and suppressed. The same input gives the same bytes.

pub mod datapackage;
pub mod map;
pub mod sdc;
