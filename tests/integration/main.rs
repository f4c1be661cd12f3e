//! The integration tests of policy-trace's parser: the bundled corpus in every form it may come
//! in, the acceptance checks of the Foundation issue, forwarding notices, tree snapshots and
//! property tests.

mod acceptance;
mod alignment;
mod big_input;
mod corpus;
mod forwarding;
mod fuzz_smoke;
mod properties;
mod snapshots;
mod support;
mod variants;
