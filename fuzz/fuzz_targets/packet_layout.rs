//! The packet's text layout with any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casebook::fuzzing::packet_layout(data));
