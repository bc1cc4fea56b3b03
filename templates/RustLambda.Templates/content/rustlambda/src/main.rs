//! HelloFunction: answers `{"message":"<GREETING>, <name>!","requestId":"..."}`.

use lambda_runtime::{Error, LambdaEvent, service_fn, tracing};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Request {
    name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    message: String,
    request_id: String,
}

async fn handler(event: LambdaEvent<Request>) -> Result<Response, Error> {
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "Hello".to_string());
    let name = event.payload.name.unwrap_or_else(|| "world".to_string());
    Ok(Response { message: format!("{greeting}, {name}!"), request_id: event.context.request_id })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    lambda_runtime::run(service_fn(handler)).await
}
