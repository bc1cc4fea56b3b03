//! HelloFunction: answers `{"message":"<GREETING>, <name>!", ...}`.

use lambda_runtime_lite::{Context, HandlerError, json_escape, json_string_field};

fn handler(event: &str, context: &Context) -> Result<String, HandlerError> {
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "Hello".to_string());
    let name = json_string_field(event, "name").unwrap_or_else(|| "world".to_string());
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "unknown".to_string());
    Ok(format!(
        "{{\"message\":{},\"function\":{},\"requestId\":{}}}",
        json_escape(&format!("{greeting}, {name}!")),
        json_escape(&function),
        json_escape(&context.request_id)
    ))
}

fn main() {
    lambda_runtime_lite::run(handler)
}
