//! GreetFunction: `GET /greet?name=Ada` answers `{"message":"<GREETING>, Ada!","caller":"<CALLER>"}`.
//!
//! GREETING and CALLER come from the environment: the template sets GREETING, and the Aspire app host's
//! `WithEnvironment` values (forwarded by the local server through RUSTLAMBDA_FORWARD_ENV) override or add to it.

use lambda_runtime_lite::{Context, HandlerError, json_escape, json_string_field};

fn handler(event: &str, _context: &Context) -> Result<String, HandlerError> {
    let greeting = std::env::var("GREETING").unwrap_or_else(|_| "Hello".to_string());
    let caller = std::env::var("CALLER").unwrap_or_else(|_| "unknown".to_string());
    let query = json_string_field(event, "rawQueryString").unwrap_or_default();
    let name = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "name")
        .map(|(_, value)| value.replace('+', " "))
        .unwrap_or_else(|| "world".to_string());
    eprintln!("greeting {name} for {caller}");
    let body = format!("{{\"message\":{},\"caller\":{}}}", json_escape(&format!("{greeting}, {name}!")), json_escape(&caller));
    Ok(format!(
        "{{\"statusCode\":200,\"headers\":{{\"content-type\":\"application/json\"}},\"body\":{}}}",
        json_escape(&body)
    ))
}

fn main() {
    lambda_runtime_lite::run(handler)
}
