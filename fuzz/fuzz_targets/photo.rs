//! The server's photo pipeline on any bytes: a typed refusal or a processed photo within the
//! stated size, never a panic, never a picture over the pixel budget decoded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linli_contract::photo::LONG_SIDE_MAX;

fuzz_target!(|data: &[u8]| {
    let header = linli_server::images::check_header(data);
    match linli_server::images::process(data) {
        Ok(p) => {
            assert!(header.is_ok(), "processed a picture whose header was refused");
            assert!(p.width <= LONG_SIDE_MAX && p.height <= LONG_SIDE_MAX);
            assert!(!p.full.is_empty() && !p.thumb.is_empty());
        }
        Err(code) => assert!((400..500).contains(&code.status()), "{code:?} is a client error"),
    }
});
