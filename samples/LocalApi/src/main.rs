//! `api_echo`: answers API Gateway (REST 1.0, HTTP 2.0) and Function URL events with the event it got, so a
//! client can see exactly what the local server sent. A few paths misbehave on purpose, for the server's tests:
//!
//! | path ends with | answer                                                        |
//! |----------------|---------------------------------------------------------------|
//! | `/error`       | a function error (POST /error)                                |
//! | `/panic`       | the process panics                                            |
//! | `/sleep`       | sleeps 30 s (longer than the template's Timeout)              |
//! | `/flood`       | writes 20,000 lines to stdout, then answers                   |
//! | `/bare`        | a bare JSON object without statusCode (payload 2.0 shortcut)  |
//! | `/malformed`   | a response that is not JSON                                   |
//! | `/cookies`     | a 2.0 response with two cookies                               |
//! | `/binary`      | a base64-encoded binary body                                  |
//!
//! Invoked directly (the Invoke API) with an event that has no path, it answers `{"echo": <event>}`.

use lambda_runtime_lite::{Context, HandlerError, json_escape, json_string_field};

/// What this build of the function says in `x-greeting`; the rebuild-on-save test edits this line.
const GREETING: &str = "hello v1";

fn handler(event: &str, context: &Context) -> Result<String, HandlerError> {
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_default();
    let path = json_string_field(event, "rawPath").or_else(|| json_string_field(event, "path"));
    let Some(path) = path else {
        return Ok(format!("{{\"echo\":{event},\"function\":{},\"greeting\":{}}}", json_escape(&function), json_escape(GREETING)));
    };
    if path.ends_with("/error") {
        return Err(HandlerError::new("EchoError", "failed on purpose"));
    }
    if path.ends_with("/panic") {
        panic!("panicked on purpose");
    }
    if path.ends_with("/sleep") {
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
    if path.ends_with("/flood") {
        for i in 0..20_000 {
            println!("flood line {i} of request {}", context.request_id);
        }
    }
    if path.ends_with("/bare") {
        return Ok(format!("{{\"bare\":true,\"function\":{}}}", json_escape(&function)));
    }
    if path.ends_with("/malformed") {
        return Ok("this is not JSON".to_string());
    }
    if path.ends_with("/cookies") {
        return Ok("{\"statusCode\":201,\"cookies\":[\"a=1; Path=/\",\"b=2\"],\"headers\":{\"content-type\":\"text/plain\"},\"body\":\"cookies set\"}".to_string());
    }
    if path.ends_with("/binary") {
        // The bytes 0x00 0x01 0xFE 0xFF.
        return Ok("{\"statusCode\":200,\"headers\":{\"content-type\":\"application/octet-stream\"},\"isBase64Encoded\":true,\"body\":\"AAH+/w==\"}".to_string());
    }
    println!("{function} answering {path}");
    let env_probe = std::env::var("PROBE").unwrap_or_default();
    Ok(format!(
        "{{\"statusCode\":200,\"headers\":{{\"content-type\":\"application/json\",\"x-function\":{},\"x-greeting\":{},\"x-probe\":{}}},\"body\":{}}}",
        json_escape(&function),
        json_escape(GREETING),
        json_escape(&env_probe),
        json_escape(event)
    ))
}

fn main() {
    lambda_runtime_lite::run(handler)
}
