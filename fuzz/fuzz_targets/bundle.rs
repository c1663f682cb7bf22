//! A sealed bundle as it is opened (any bytes).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casebook::fuzzing::bundle(data));
