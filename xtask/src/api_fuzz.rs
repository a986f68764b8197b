//! The API against its own published contract: the OpenAPI document is validated as OpenAPI
//! 3.1 (openapi-spec-validator) and Schemathesis (both from PyPI, pinned) sends generated
//! requests to every operation of a real debug server on a fresh seeded database, signed in
//! as a demo resident, checking that no input yields a 5xx and every response matches its
//! schema. Bounded: a fixed number of examples per operation and a fixed seed.

use crate::{root, sh, step, Result, TestServer};
use std::io::{Read, Write};
use std::process::Command;

const SCHEMATHESIS: &str = "schemathesis==4.32.5";
const SPEC_VALIDATOR: &str = "openapi-spec-validator==0.9.0";
const EXAMPLES_PER_OPERATION: &str = "30";

pub fn run(data: &std::path::Path, port: u16) -> Result {
    step("API contract (OpenAPI 3.1 validation, Schemathesis: no 5xx, responses match schemas)");
    sh(Command::new("python3").args(["-m", "pip", "install", "--quiet", SCHEMATHESIS, SPEC_VALIDATOR]))?;
    let url = format!("http://127.0.0.1:{port}");
    let server = TestServer::start(data, port, &format!("sqlite://{}/linli.db?mode=rwc", data.display()))?;
    server.wait_ready(&url)?;
    let spec = format!("{url}/api/v1/openapi.json");
    let document = data.join("openapi.json");
    std::fs::write(&document, http(port, "GET /api/v1/openapi.json", "")?.1)?;
    sh(Command::new("python3").args([
        "-c",
        "import json, sys; from openapi_spec_validator import validate; \
         validate(json.load(open(sys.argv[1]))); print('OpenAPI 3.1 document is valid')",
        &document.display().to_string(),
    ]))?;
    let (head, _) = http(port, "POST /api/v1/auth/login", r#"{"login":"13800000001","password":"linli-demo-2026"}"#)?;
    let session = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().starts_with("set-cookie:").then(|| l.to_string()))
        .and_then(|l| l.split_once("linli_session=").map(|(_, v)| v.split(';').next().unwrap_or("").to_string()))
        .ok_or("demo log-in gave no session")?;
    let result = sh(Command::new("schemathesis")
        .current_dir(root())
        .args(["run", &spec, "--url", &url])
        .args(["--checks", "not_a_server_error,response_schema_conformance"])
        .args(["--max-examples", EXAMPLES_PER_OPERATION, "--seed", "1", "--request-timeout", "10"])
        .args(["--header", &format!("Cookie: linli_session={session}")])
        // Logging out would end the session the other operations run under.
        .args(["--exclude-path", "/api/v1/auth/logout"]));
    drop(server);
    result
}

/// A bare HTTP/1.1 request (no client library in xtask): (head, body).
fn http(port: u16, request_line: &str, json: &str) -> Result<(String, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(
        stream,
        "{request_line} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    Ok((head.to_string(), body.to_string()))
}
