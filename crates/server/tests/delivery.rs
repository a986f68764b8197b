//! Delivering the built web app: precompressed copies chosen by Accept-Encoding and sent as
//! they are, and caching by kind of file (content-hashed files for a year, the rest revalidated).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Answer, TestApp};

const WASM: &str = "linli-web-0123456789abcdef_bg.wasm";
const CHUNK: &str = "linli-web-0123456789abcdef.split_Sell.wasm";

/// A fake build: each file's `.br` and `.gz` hold marker text, so a test sees which copy was
/// sent and that nothing compressed it again.
async fn built_app() -> TestApp {
    TestApp::with_dist(|dist| {
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html><body></body></html>").unwrap();
        for name in [WASM, CHUNK, "sw.js", "precache.json"] {
            std::fs::write(dist.join(name), format!("plain {name} ").repeat(50)).unwrap();
            std::fs::write(dist.join(format!("{name}.br")), format!("brotli copy of {name}")).unwrap();
            std::fs::write(dist.join(format!("{name}.gz")), format!("gzip copy of {name}")).unwrap();
        }
        // A file the build did not precompress (a copied vendor file, say).
        std::fs::write(dist.join("vendor.js"), "let x = 1;\n".repeat(200)).unwrap();
    })
    .await
}

async fn fetch(app: &TestApp, path: &str, accept: Option<&str>) -> Answer {
    let mut req = Request::get(path);
    if let Some(accept) = accept {
        req = req.header(header::ACCEPT_ENCODING, accept);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

fn encoding(res: &Answer) -> Option<&str> {
    res.headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn the_precompressed_copy_is_chosen_by_accept_encoding_and_sent_as_it_is() {
    let app = built_app().await;
    for name in [WASM, CHUNK, "sw.js"] {
        let path = format!("/{name}");
        let br = fetch(&app, &path, Some("gzip, deflate, br")).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(encoding(&br), Some("br"), "{name}");
        assert_eq!(br.text, format!("brotli copy of {name}"), "sent as built, not compressed again");
        let vary =
            br.headers.get_all(header::VARY).iter().map(|v| v.to_str().unwrap().to_lowercase()).collect::<Vec<_>>();
        assert!(vary.iter().any(|v| v.contains("accept-encoding")), "{name}: {vary:?}");

        let gz = fetch(&app, &path, Some("gzip")).await;
        assert_eq!((encoding(&gz), gz.text.as_str()), (Some("gzip"), format!("gzip copy of {name}").as_str()));

        let plain = fetch(&app, &path, None).await;
        assert_eq!(encoding(&plain), None);
        assert_eq!(plain.text, format!("plain {name} ").repeat(50));
    }
    let wasm = fetch(&app, &format!("/{WASM}"), Some("br")).await;
    assert_eq!(wasm.headers[header::CONTENT_TYPE], "application/wasm", "the type of the file, not of the copy");
}

#[tokio::test]
async fn files_without_a_copy_are_still_compressed_on_the_fly() {
    let app = built_app().await;
    let res = fetch(&app, "/vendor.js", Some("br")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(encoding(&res), Some("br"));
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_rest_revalidated() {
    let app = built_app().await;
    for path in [format!("/{WASM}"), format!("/{CHUNK}")] {
        for accept in [Some("br"), Some("gzip"), None] {
            let res = fetch(&app, &path, accept).await;
            assert_eq!(res.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable", "{path} {accept:?}");
        }
    }
    for path in ["/", "/listings/3", "/sw.js", "/precache.json", "/vendor.js"] {
        let res = fetch(&app, path, Some("br, gzip")).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.headers[header::CACHE_CONTROL], "no-cache", "{path}");
    }
}
