//! OrdersFunction: accepts every order.

use lambda_runtime_lite::{Context, HandlerError, json_escape};

fn handler(_event: &str, context: &Context) -> Result<String, HandlerError> {
    Ok(format!(
        "{{\"service\":\"orders\",\"requestId\":{},\"status\":\"accepted\"}}",
        json_escape(&context.request_id)
    ))
}

fn main() {
    lambda_runtime_lite::run(handler)
}
