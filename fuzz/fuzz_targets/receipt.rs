//! A receipt as it is read back from a file or a packet (any bytes).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casebook::fuzzing::receipt(data));
