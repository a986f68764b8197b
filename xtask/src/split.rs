//! Splitting the web app's WASM at its lazy routes, so the first visit downloads the shell and
//! the Browse page only; every other page arrives as a chunk when first opened.
//!
//! Leptos' `#[lazy_route]` marks split points (wasm_split_helpers); the cargo build links with
//! `--emit-relocs` (.cargo/config.toml) so the code can be cut apart afterwards. trunk runs this
//! as its `post_build` hook (`cargo xtask split`, see Trunk.toml) on its staging directory:
//!
//! 1. split the raw cargo `.wasm` into a main module, chunks and a JS loader;
//! 2. run wasm-bindgen on the main module (keeping the exports the chunks link against); in
//!    release, give its imports from the glue short names (`short_imports.rs`);
//! 3. in release, wasm-opt -Oz every module, to a fixed point (trunk's own wasm-opt is off for
//!    this reason);
//! 4. put the results where trunk's files were, named after trunk's content hash, update the
//!    subresource-integrity hashes in index.html, and list every file the app may need in
//!    `precache.json` for the service worker (a chunk missing offline would stop the app);
//! 5. in release, write brotli and gzip copies of every text and WASM file
//!    (`precompress.rs`), which the server sends as they are.

use crate::{root, target_dir, tools, Result};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = "linli-web";

/// Written beside index.html: `{ group: [file, …] }`, the code files a group of lazy pages
/// (a `wasm_split` module name, see src/lazy.rs) fetches when first opened.
pub const REQUESTS_FILE: &str = "code-requests.json";

/// The code requests per page group: its own module and the chunks it shares, under their
/// final (hashed) names.
fn code_requests(
    prefetch: &std::collections::HashMap<String, Vec<String>>,
    stem: &str,
) -> std::collections::BTreeMap<String, Vec<String>> {
    prefetch
        .iter()
        .map(|(group, files)| (group.clone(), files.iter().map(|f| format!("{stem}.{f}.wasm")).collect()))
        .collect()
}

fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

fn run(cmd: &mut Command) -> Result {
    let status = cmd.status().map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})").into())
    }
}

/// `cargo xtask split`, as trunk's hook: reads TRUNK_STAGING_DIR and TRUNK_PROFILE.
pub fn hook() -> Result {
    let stage =
        PathBuf::from(std::env::var("TRUNK_STAGING_DIR").map_err(|_| "run by trunk: TRUNK_STAGING_DIR is not set")?);
    let release = std::env::var("TRUNK_PROFILE").as_deref() == Ok("release");
    let profile_dir = if release { "wasm-release" } else { "debug" };
    let raw = target_dir().join("wasm32-unknown-unknown").join(profile_dir).join(format!("{BIN}.wasm"));
    split(&stage, &raw, release)
}

/// `cargo xtask split --stats [raw.wasm]`: how the lazy pages would be split (chunks, code
/// requests and raw bytes per page group), without building or optimising anything.
pub fn stats(raw: Option<&str>) -> Result {
    let raw = raw.map(PathBuf::from).unwrap_or_else(|| {
        target_dir().join("wasm32-unknown-unknown").join("wasm-release").join(format!("{BIN}.wasm"))
    });
    let work = std::env::temp_dir().join(format!("linli-split-stats-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let main = work.join("main.wasm");
    let input = std::fs::read(&raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let out = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(&input);
        o.output_dir = &work;
        o.main_out_path = &main;
        o.link_name = "./split.js";
        o.main_module = "./main.js";
        o
    })
    .map_err(|e| format!("splitting the wasm: {e}"))?;
    let size = |f: &str| std::fs::metadata(work.join(format!("{f}.wasm"))).map(|m| m.len()).unwrap_or(0);
    println!(
        "main module: {} bytes (unoptimised); {} chunks",
        std::fs::metadata(&main)?.len(),
        out.split_modules.len()
    );
    let mut groups: Vec<_> = out.prefetch_map.iter().collect();
    groups.sort();
    for (group, files) in groups {
        let bytes: u64 = files.iter().map(|f| size(f)).sum();
        println!("  {group:<40} {:>3} requests {:>9} bytes", files.len(), bytes);
    }
    // LINLI_KEEP_SPLIT=1 keeps the modules (with their names) for a size analysis.
    if std::env::var_os("LINLI_KEEP_SPLIT").is_some() {
        println!("kept: {}", work.display());
    } else {
        std::fs::remove_dir_all(&work)?;
    }
    Ok(())
}

/// What trunk's loader script in index.html starts with: a static import of the glue, which
/// fetches the app's code at once.
fn trunk_import(glue: &str) -> String {
    format!("import init, * as bindings from '{glue}';")
}

/// trunk's loader with the app's code fetched only once the first screen the server wrote into
/// the page (`#first-screen`, crates/server/src/first_screen.rs) has painted with its first
/// photos (at most 3 s later): on a phone those photos and the content paint as on a static
/// page, and do not wait behind the WASM or share the line with it. Pages without a first
/// screen start the app at once, as before. The server leaves out trunk's preload of the main
/// module on the pages it pre-renders, for the same reason.
fn boot_after_first_screen(html: &str, glue: &str) -> Result<String> {
    let import = trunk_import(glue);
    if !html.contains(&import) {
        return Err(format!("index.html: trunk's loader no longer starts with `{import}`").into());
    }
    let deferred = format!(
        "const screen = document.getElementById('first-screen');\n\
         if (screen) {{\n\
         \x20 const photos = [...screen.querySelectorAll('img:not([loading=lazy])')];\n\
         \x20 await Promise.race([\n\
         \x20   Promise.all(photos.map((img) => img.decode().catch(() => {{}}))),\n\
         \x20   new Promise((resolve) => setTimeout(resolve, 3000)),\n\
         \x20 ]);\n\
         \x20 await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));\n\
         }}\n\
         const bindings = await import('{glue}');\n\
         const init = bindings.default;"
    );
    Ok(html.replacen(&import, &deferred, 1))
}

fn split(stage: &Path, raw: &Path, release: bool) -> Result {
    // trunk's output: <bin>-<hash>_bg.wasm and <bin>-<hash>.js.
    let stem = std::fs::read_dir(stage)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix("_bg.wasm").map(str::to_string))
        .find(|s| s.starts_with(&format!("{BIN}-")) || s == BIN)
        .ok_or("trunk's _bg.wasm is not in the staging directory")?;
    let js_path = stage.join(format!("{stem}.js"));
    let wasm_path = stage.join(format!("{stem}_bg.wasm"));
    let old_sri = [sri(&std::fs::read(&js_path)?), sri(&std::fs::read(&wasm_path)?)];

    let work = std::env::temp_dir().join(format!("linli-split-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let loader = format!("{stem}_split.js");
    let main_split = work.join("main.wasm");
    let (link_name, main_module) = (format!("./{loader}"), format!("./{stem}.js"));
    let input = std::fs::read(raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let out = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(&input);
        o.output_dir = &work;
        o.main_out_path = &main_split;
        // The main module imports the loader by this name; the loader imports the glue by this.
        o.link_name = &link_name;
        o.main_module = &main_module;
        o
    })
    .map_err(|e| format!("splitting the wasm: {e}"))?;

    let requests = code_requests(&out.prefetch_map, &stem);
    let bindgen = work.join("bindgen");
    run(Command::new("wasm-bindgen")
        .env("PATH", tools::path_with_tools())
        .args(["--target=web", "--no-typescript", "--keep-lld-exports", "--no-demangle"])
        .arg(format!("--out-dir={}", bindgen.display()))
        .arg(format!("--out-name={stem}"))
        .arg(&main_split))?;

    if release {
        let (glue_wasm, glue_js) = (bindgen.join(format!("{stem}_bg.wasm")), bindgen.join(format!("{stem}.js")));
        let (wasm, js) = crate::short_imports::shorten(
            &std::fs::read(&glue_wasm)?,
            &std::fs::read_to_string(&glue_js)?,
            &format!("./{stem}_bg.js"),
        )?;
        std::fs::write(&glue_wasm, wasm)?;
        std::fs::write(&glue_js, js)?;
    }

    let wasm_opt = root().join("tests/node_modules/.bin/wasm-opt");
    let optimise = |from: &Path, to: &Path| -> Result {
        if release {
            run(Command::new(&wasm_opt)
                .stderr(std::process::Stdio::null())
                // --converge: repeat -Oz until it stops shrinking (~1.2 KB brotli off the main module).
                .args([
                    "-Oz",
                    "--converge",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-sign-ext",
                ])
                .args(["--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"])
                // LINLI_WASM_NAMES=1 keeps the function names, for a profile of the release build.
                .args(std::env::var_os("LINLI_WASM_NAMES").map(|_| "-g"))
                .arg(from)
                .arg("-o")
                .arg(to))
        } else {
            std::fs::copy(from, to).map(|_| ()).map_err(Into::into)
        }
    };
    std::fs::copy(bindgen.join(format!("{stem}.js")), &js_path)?;
    let mut loader_js = std::fs::read_to_string(work.join(&loader))?;
    let mut files = vec![format!("/{stem}.js"), format!("/{stem}_bg.wasm"), format!("/{loader}")];
    let mut jobs = vec![(bindgen.join(format!("{stem}_bg.wasm")), wasm_path.clone())];
    for chunk in &out.split_modules {
        let name = chunk.file_name().and_then(|n| n.to_str()).ok_or("chunk name")?;
        let hashed = format!("{stem}.{name}");
        loader_js = loader_js.replace(&format!("\"./{name}\""), &format!("\"./{hashed}\""));
        files.push(format!("/{hashed}"));
        jobs.push((chunk.clone(), stage.join(&hashed)));
    }
    // wasm-opt on every module, one worker per core.
    crate::on_every_core(&jobs, |(from, to)| optimise(from, to).map_err(|e| e.to_string()))?;
    std::fs::write(stage.join(&loader), loader_js)?;
    if release {
        // The glue and the loader are part of the first download (the glue 10.1 -> 8.2 KB
        // brotli); their exports, which the chunks import by name, keep their names.
        for js in [&js_path, &stage.join(&loader)] {
            run(Command::new(root().join("tests/node_modules/.bin/terser"))
                .arg(js)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(js))?;
        }
    }
    if bindgen.join("snippets").exists() {
        run(Command::new("cp").arg("-r").arg(bindgen.join("snippets")).arg(stage))?;
    }

    let html_path = stage.join("index.html");
    let mut html = std::fs::read_to_string(&html_path)?;
    let new_sri = [sri(&std::fs::read(&js_path)?), sri(&std::fs::read(&wasm_path)?)];
    for (old, new) in old_sri.iter().zip(&new_sri) {
        html = html.replace(old, new);
    }
    if !new_sri.iter().all(|s| html.contains(s.as_str())) {
        return Err("index.html: could not update the integrity hashes".into());
    }
    let html = boot_after_first_screen(&html, &format!("/{stem}.js"))?;
    std::fs::write(&html_path, html)?;
    for entry in std::fs::read_dir(stage)? {
        let name = entry?.file_name().to_string_lossy().to_string();
        if name.ends_with(".css") {
            files.push(format!("/{name}"));
        }
    }
    let list = files.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(",");
    std::fs::write(stage.join("precache.json"), format!("[{list}]"))?;
    // LINLI_KEEP_SPLIT=1 keeps the unoptimised modules (with names) for size analysis (twiggy).
    if std::env::var_os("LINLI_KEEP_SPLIT").is_some() {
        eprintln!("kept the split work directory: {}", work.display());
    } else {
        std::fs::remove_dir_all(&work)?;
    }
    eprintln!("split the web app: a main module and {} lazily loaded chunks", out.split_modules.len());
    for (group, files) in &requests {
        eprintln!("  page group {group}: {} code requests when first opened", files.len());
    }
    // For `cargo xtask bench`: the files each group of pages fetches when first opened.
    let json = requests
        .iter()
        .map(|(group, files)| {
            let files = files.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(",");
            format!("\"{group}\":[{files}]")
        })
        .collect::<Vec<_>>()
        .join(",");
    std::fs::write(stage.join(REQUESTS_FILE), format!("{{{json}}}"))?;
    // Last, so the copies match the final files (index.html's hashes, the loader's names).
    if release {
        let n = crate::precompress::precompress(stage)?;
        eprintln!("precompressed {n} files (brotli 11 and gzip 9)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_starts_after_the_first_screen_has_painted() {
        let html = "<script type=\"module\">\nimport init, * as bindings from '/app-1a.js';\n\
                    const wasm = await init({ module_or_path: '/app-1a_bg.wasm' });\n</script>";
        let out = boot_after_first_screen(html, "/app-1a.js").unwrap();
        assert!(!out.contains("import init"), "no static import: the glue is fetched when the app starts");
        assert!(out.contains("const bindings = await import('/app-1a.js');\nconst init = bindings.default;"));
        let wait = out.find("getElementById('first-screen')").unwrap();
        assert!(wait < out.find("await import(").unwrap());
        assert!(out.contains("const wasm = await init("), "trunk's start is kept");
        assert!(boot_after_first_screen("<script>other()</script>", "/app-1a.js").is_err());
    }
}
