//! Short names for the functions the main WASM module imports from its JS glue.
//!
//! wasm-bindgen names each import after the JS it calls plus a 16-digit hash
//! (`__wbg_remove_8228e91d7ddbc755`); the app's main module has ~290 of them, written once in
//! its import section and once in the glue's import object. The hashes do not compress, so
//! both files carry them in full on the first download. In release they become `a`, `b`, …
//! in both places (the main module 4.1 KB and the glue 2.9 KB brotli smaller). The glue's own
//! exports, which the chunks import by name, are untouched.

use crate::Result;

/// Renames the imports of `wasm` from the glue module `glue_module` (e.g. `./x_bg.js`) that
/// the glue `js` defines exactly once, as an object key (`name: function`); returns both.
pub fn shorten(wasm: &[u8], js: &str, glue_module: &str) -> Result<(Vec<u8>, String)> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a WASM module".into());
    }
    let mut js = js.to_string();
    let mut out = wasm[..8].to_vec();
    let mut pos = 8;
    let mut renamed = 0usize;
    while pos < wasm.len() {
        let id = wasm[pos];
        let (size, body_start) = leb(wasm, pos + 1)?;
        let body = wasm.get(body_start..body_start + size as usize).ok_or("truncated section")?;
        pos = body_start + size as usize;
        if id != 2 {
            out.push(id);
            put_leb(&mut out, size);
            out.extend_from_slice(body);
            continue;
        }
        let mut section = Vec::new();
        let (count, mut p) = leb(body, 0)?;
        put_leb(&mut section, count);
        for _ in 0..count {
            let (module, next) = name(body, p)?;
            let (field, next) = name(body, next)?;
            let desc_end = import_desc_end(body, next)?;
            let desc = &body[next..desc_end];
            p = desc_end;
            let key = format!("{field}:");
            let field = if module == glue_module && js.matches(field).count() == 1 && js.contains(&key) {
                let short = short_name(renamed);
                renamed += 1;
                js = js.replace(&key, &format!("{short}:"));
                short
            } else {
                field.to_string()
            };
            for text in [module, field.as_str()] {
                put_leb(&mut section, text.len() as u64);
                section.extend_from_slice(text.as_bytes());
            }
            section.extend_from_slice(desc);
        }
        out.push(id);
        put_leb(&mut out, section.len() as u64);
        out.extend_from_slice(&section);
    }
    Ok((out, js))
}

/// `a` … `Z`, then `ba` …: never a wasm-bindgen name (those start with `__`).
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

fn leb(bytes: &[u8], mut pos: usize) -> Result<(u64, usize)> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(pos).ok_or("truncated LEB128")?;
        pos += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, pos));
        }
        shift += 7;
        if shift > 63 {
            return Err("LEB128 too long".into());
        }
    }
}

fn put_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name(bytes: &[u8], pos: usize) -> Result<(&str, usize)> {
    let (len, start) = leb(bytes, pos)?;
    let end = start + len as usize;
    let text = bytes.get(start..end).ok_or("truncated name")?;
    Ok((std::str::from_utf8(text)?, end))
}

/// Where an import's description (after its two names) ends.
fn import_desc_end(bytes: &[u8], pos: usize) -> Result<usize> {
    let kind = *bytes.get(pos).ok_or("truncated import")?;
    let limits = |pos: usize| -> Result<usize> {
        let (flags, pos) = leb(bytes, pos)?;
        let (_min, pos) = leb(bytes, pos)?;
        Ok(if flags & 1 == 1 { leb(bytes, pos)?.1 } else { pos })
    };
    match kind {
        0 => Ok(leb(bytes, pos + 1)?.1), // function: type index
        1 => limits(pos + 2),            // table: element type, limits
        2 => limits(pos + 1),            // memory: limits
        3 => Ok(pos + 3),                // global: value type, mutability
        4 => Ok(leb(bytes, pos + 2)?.1), // tag: attribute, type index
        other => Err(format!("unknown import kind {other}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one type, three function imports and a memory import.
    fn module(imports: &[(&str, &str)]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
        let mut section = Vec::new();
        put_leb(&mut section, imports.len() as u64 + 1);
        for (module, field) in imports {
            for text in [module, field] {
                put_leb(&mut section, text.len() as u64);
                section.extend_from_slice(text.as_bytes());
            }
            section.extend_from_slice(&[0, 0]);
        }
        // "env" "memory": a memory of 17 to 300 pages (300 is two LEB128 bytes).
        section.extend_from_slice(b"\x03env\x06memory\x02\x01\x11\xac\x02");
        m.push(2);
        put_leb(&mut m, section.len() as u64);
        m.extend_from_slice(&section);
        m
    }

    #[test]
    fn the_glues_imports_get_short_names_in_both_files() {
        let wasm = module(&[
            ("./x_bg.js", "__wbg_remove_8228e91d7ddbc755"),
            ("./x_split.js", "__wbg_remove_8228e91d7ddbc756"),
            ("./x_bg.js", "__wbg_new_cd4348290afae586"),
            ("./x_bg.js", "__wbindgen_cast_0000000000000001"),
        ]);
        let js = "const import0 = {\n  __wbg_remove_8228e91d7ddbc755: function(a) { a.remove(); },\n  \
                  __wbg_new_cd4348290afae586: function() { return new Object(); },\n  \
                  __wbindgen_cast_0000000000000001: function(a) { return a; },\n};\n\
                  // __wbindgen_cast_0000000000000001 is also named here, so it keeps its name\n";
        let (out, js) = shorten(&wasm, js, "./x_bg.js").unwrap();
        assert!(js.contains("a: function(a) { a.remove(); }"));
        assert!(js.contains("b: function() { return new Object(); }"));
        assert!(js.contains("__wbindgen_cast_0000000000000001: function"));
        assert_eq!(
            out,
            module(&[
                ("./x_bg.js", "a"),
                ("./x_split.js", "__wbg_remove_8228e91d7ddbc756"),
                ("./x_bg.js", "b"),
                ("./x_bg.js", "__wbindgen_cast_0000000000000001"),
            ])
        );
        assert_eq!(shorten(&out, &js, "./x_bg.js").unwrap().0, out, "short names are left alone");
    }

    #[test]
    fn short_names_count_up() {
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(51), "Z");
        assert_eq!(short_name(52), "ba");
        assert!(shorten(b"junk", "", "./x_bg.js").is_err());
    }
}
