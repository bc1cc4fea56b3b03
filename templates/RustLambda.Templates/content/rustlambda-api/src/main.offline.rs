//! ApiFunction: `GET /hello?name=Ada` answers `{"message":"<GREETING>, Ada!","path":"/hello"}`.
//!
//! The function receives API Gateway's HTTP API (payload format 2.0) event and returns a 2.0 response object. The
//! runtime loop is src/lambda_runtime_lite.rs (standard library only). Before the handler sees an event, it also
//! honours a top-level `"action"` field (`error`, `panic`, `exit`, `sleep`) so that tests can drive each way an
//! invocation ends; see that file.

#[allow(dead_code)]
mod lambda_runtime_lite;

use lambda_runtime_lite::{Context, HandlerError, json_escape, json_string_field};

fn handler(event: &str, _context: &Context) -> Result<String, HandlerError> {
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "Hello".to_string());
    let path = json_string_field(event, "rawPath").unwrap_or_else(|| "/".to_string());
    let query = json_string_field(event, "rawQueryString").unwrap_or_default();
    let name = query_parameter(&query, "name").unwrap_or_else(|| "world".to_string());
    let body = format!("{{\"message\":{},\"path\":{}}}", json_escape(&format!("{greeting}, {name}!")), json_escape(&path));
    Ok(format!(
        "{{\"statusCode\":200,\"headers\":{{\"content-type\":\"application/json\"}},\"body\":{}}}",
        json_escape(&body)
    ))
}

/// The first value of `name` in a raw query string (`a=1&name=Ada`), with `+` and `%XX` decoded.
fn query_parameter(query: &str, name: &str) -> Option<String> {
    query.split('&').filter_map(|pair| pair.split_once('=')).find(|(key, _)| *key == name).map(|(_, value)| percent_decode(value))
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|pair| std::str::from_utf8(pair).ok()).and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
                continue;
            }
            (b'+', _) => decoded.push(b' '),
            (byte, _) => decoded.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn main() {
    lambda_runtime_lite::run(handler)
}
