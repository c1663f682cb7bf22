//! An affected-records export as the import reads and normalises it (any bytes).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casebook::fuzzing::affected_source(data));
