//! The OpenAPI document is generated from the routed handlers: every route the API serves is
//! in it, and nothing else.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// (method, path) of every operation of the document.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .map(|m| (m.clone(), path.clone()))
        })
        .collect()
}

/// The handlers named in the `routes!(..)` of the route modules: the only way a route is added.
fn routed_handlers() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut handlers = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for bypass in [".route(", ".route_service(", ".nest_service(", "axum::routing", ".fallback("] {
            assert!(!source.contains(bypass), "{}: `{bypass}` would route past the document", path.display());
        }
        for (_, rest) in source.match_indices("routes!(").map(|(i, _)| source.split_at(i + "routes!(".len())) {
            let list = &rest[..rest.find(')').unwrap()];
            handlers.extend(list.split(',').map(str::trim).filter(|h| !h.is_empty()).map(String::from));
        }
    }
    handlers
}

#[tokio::test]
async fn the_served_document_is_the_one_generated_from_the_router() {
    let app = TestApp::new().await;
    let served = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(served.status, StatusCode::OK);
    let generated = serde_json::to_value(linli_server::routes::document()).unwrap();
    assert_eq!(served.body, generated);
    let doc = served.body;
    assert_eq!(doc["info"]["title"], "Linli API");
    assert!(doc["components"]["securitySchemes"]["session"].is_object(), "the session cookie scheme is kept");

    let ops = operations(&doc);
    let handlers = routed_handlers();
    assert_eq!(ops.len(), handlers.len(), "one operation per routed handler: {ops:?} vs {handlers:?}");
    for (method, path) in &ops {
        assert!(path.starts_with("/api/v1/"), "{method} {path} is outside the API");
        let op = &doc["paths"][path][method];
        assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{method} {path} has no tag");
        assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has no responses");
        for requirement in op["security"].as_array().into_iter().flatten() {
            for scheme in requirement.as_object().unwrap().keys() {
                assert!(doc["components"]["securitySchemes"][scheme].is_object(), "{method} {path}: {scheme}");
            }
        }
    }
    let ids: BTreeSet<_> = ops.iter().map(|(m, p)| doc["paths"][p][m]["operationId"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), ops.len(), "operation ids are unique");
}

#[tokio::test]
async fn nothing_outside_the_document_is_served() {
    let app = TestApp::new().await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let ops = operations(&doc);
    // A documented path answers every other method with 405: no undocumented method hides there.
    let paths: BTreeSet<&String> = ops.iter().map(|(_, p)| p).collect();
    for path in paths {
        let uri = path.replace("{id}", "1").replace("{role}", "organiser");
        for method in METHODS.iter().filter(|m| !ops.contains(&(m.to_string(), path.clone()))) {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = app.call(method.clone(), &uri, None, None).await;
            assert_eq!(
                (res.status, res.code()),
                (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
                "{method} {uri} is served but not documented"
            );
        }
    }
    for uri in ["/api/v1/nope", "/api/v1/trades", "/api/v1/listings/1/nope", "/api/v1/openapi.yaml"] {
        let res = app.get(uri, None).await;
        assert_eq!((res.status, res.code()), (StatusCode::NOT_FOUND, "not_found"), "{uri}");
    }
}
