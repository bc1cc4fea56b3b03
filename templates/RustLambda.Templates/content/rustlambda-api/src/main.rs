//! ApiFunction: `GET /hello?name=Ada` answers `{"message":"<GREETING>, Ada!","path":"/hello"}`.

use lambda_http::{Body, Error, Request, RequestExt, Response, run, service_fn, tracing};

async fn handler(request: Request) -> Result<Response<Body>, Error> {
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "Hello".to_string());
    let name = request.query_string_parameters_ref().and_then(|query| query.first("name")).unwrap_or("world").to_string();
    let body = serde_json::json!({ "message": format!("{greeting}, {name}!"), "path": request.uri().path() });
    Ok(Response::builder().status(200).header("content-type", "application/json").body(body.to_string().into())?)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    run(service_fn(handler)).await
}
