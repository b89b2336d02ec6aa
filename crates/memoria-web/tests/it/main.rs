//! The documentation workspace through HTTP: the router in process (no socket) for most
//! tests, a real server on a loopback port where the network matters.

mod admin;
mod analysis;
mod api;
mod authz;
mod authz_routes;
mod browser;
mod editing;
mod evidence;
mod harness;
mod i18n;
mod log;
mod pages;
mod publication;
mod server;
mod sign_in;
mod upload;
mod validators;
