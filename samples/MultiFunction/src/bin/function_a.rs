//! FunctionA: echoes the event back.

use lambda_runtime_lite::{Context, HandlerError, json_escape};

fn handler(event: &str, context: &Context) -> Result<String, HandlerError> {
    // The event is JSON already, so it is embedded as is.
    let echo = if event.trim().is_empty() { "null" } else { event };
    Ok(format!(
        "{{\"function\":\"function_a\",\"requestId\":{},\"echo\":{echo}}}",
        json_escape(&context.request_id)
    ))
}

fn main() {
    lambda_runtime_lite::run(handler)
}
