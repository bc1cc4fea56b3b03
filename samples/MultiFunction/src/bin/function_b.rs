//! FunctionB: reports the size of the event.

use lambda_runtime_lite::{Context, HandlerError, json_escape};

fn handler(event: &str, context: &Context) -> Result<String, HandlerError> {
    Ok(format!(
        "{{\"function\":\"function_b\",\"requestId\":{},\"length\":{}}}",
        json_escape(&context.request_id),
        event.len()
    ))
}

fn main() {
    lambda_runtime_lite::run(handler)
}
