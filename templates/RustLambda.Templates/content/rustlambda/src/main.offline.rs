//! HelloFunction: answers `{"message":"<GREETING>, <name>!","requestId":"..."}`.
//!
//! The runtime loop is src/lambda_runtime_lite.rs (standard library only). Before the handler sees an event, it also
//! honours a top-level `"action"` field (`error`, `panic`, `exit`, `sleep`) so that tests can drive each way an
//! invocation ends; see that file.

#[allow(dead_code)]
mod lambda_runtime_lite;

use lambda_runtime_lite::{Context, HandlerError, json_escape, json_string_field};

fn handler(event: &str, context: &Context) -> Result<String, HandlerError> {
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "Hello".to_string());
    let name = json_string_field(event, "name").unwrap_or_else(|| "world".to_string());
    Ok(format!(
        "{{\"message\":{},\"requestId\":{}}}",
        json_escape(&format!("{greeting}, {name}!")),
        json_escape(&context.request_id)
    ))
}

fn main() {
    lambda_runtime_lite::run(handler)
}
