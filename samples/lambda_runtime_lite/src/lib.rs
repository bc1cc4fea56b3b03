//! The AWS Lambda custom runtime shared by the sample functions (`provided.al2023`), the
//! part a real project takes from the `lambda_runtime` crate; written against the standard
//! library only (this repository's machines reach no crate registry). It speaks the Lambda
//! Runtime API (<https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html>)
//! over plain HTTP/1.1 on `std::net::TcpStream`, one connection per request.
//!
//! Every sample function calls [`run`] with its handler. Before the handler
//! sees an event, [`run`] checks the event's top-level `"action"` field so that tests
//! can drive each way a Lambda invocation can end:
//!
//! | `"action"` | what happens                                                      |
//! |------------|-------------------------------------------------------------------|
//! | `"error"`  | POST to `/error` with errorType `HandlerError`, "requested failure" |
//! | `"panic"`  | `panic!("requested panic")`: the process dies                     |
//! | `"exit"`   | `std::process::exit(3)`                                           |
//! | `"sleep"`  | sleep 30 s, then run the handler normally (timeout tests)         |
//! | other/none | run the handler and POST its JSON to `/response`                  |

use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const API_PREFIX: &str = "/2018-06-01/runtime";

/// What the Runtime API told us about one invocation (from the `next` response headers).
pub struct Context {
    pub request_id: String,
    /// Deadline as milliseconds since the Unix epoch (`Lambda-Runtime-Deadline-Ms`).
    pub deadline_ms: Option<u64>,
    pub invoked_function_arn: Option<String>,
    /// X-Ray trace header (`Lambda-Runtime-Trace-Id`), also exported as `_X_AMZN_TRACE_ID`.
    pub trace_id: Option<String>,
}

/// A handled failure, reported to Lambda through the `/error` endpoint.
pub struct HandlerError {
    pub error_type: String,
    pub message: String,
}

impl HandlerError {
    pub fn new(error_type: &str, message: &str) -> Self {
        HandlerError { error_type: error_type.to_string(), message: message.to_string() }
    }
}

/// Runs the Runtime API loop forever. `handler` gets the raw event JSON and returns the
/// response JSON (already serialized).
pub fn run<F>(mut handler: F) -> !
where
    F: FnMut(&str, &Context) -> Result<String, HandlerError>,
{
    let api = match env::var("AWS_LAMBDA_RUNTIME_API") {
        Ok(value) if !value.trim().is_empty() => value.trim().to_string(),
        _ => {
            eprintln!(
                "error: AWS_LAMBDA_RUNTIME_API is not set. This program is an AWS Lambda custom \
                 runtime (bootstrap); run it in Lambda, `sam local`, or against a Runtime API emulator."
            );
            process::exit(1);
        }
    };

    loop {
        let next = match request(&api, "GET", &format!("{API_PREFIX}/invocation/next"), &[], b"") {
            Ok(response) if response.status == 200 => response,
            Ok(response) => fatal(&format!(
                "GET invocation/next returned HTTP {}: {}",
                response.status,
                String::from_utf8_lossy(&response.body)
            )),
            Err(err) => fatal(&format!("cannot reach the Runtime API at {api}: {err}")),
        };

        let request_id = match next.header("Lambda-Runtime-Aws-Request-Id") {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => fatal("invocation/next response has no Lambda-Runtime-Aws-Request-Id header"),
        };
        let context = Context {
            request_id,
            deadline_ms: next.header("Lambda-Runtime-Deadline-Ms").and_then(|v| v.parse().ok()),
            invoked_function_arn: next.header("Lambda-Runtime-Invoked-Function-Arn").map(str::to_string),
            trace_id: next.header("Lambda-Runtime-Trace-Id").map(str::to_string),
        };
        // SAFETY: the runtime is single-threaded; nothing else reads or writes the
        // environment concurrently.
        unsafe {
            match &context.trace_id {
                Some(trace) => env::set_var("_X_AMZN_TRACE_ID", trace),
                None => env::remove_var("_X_AMZN_TRACE_ID"),
            }
        }
        log_invocation(&context);

        let event = String::from_utf8_lossy(&next.body).into_owned();
        let base = format!("{API_PREFIX}/invocation/{}", context.request_id);
        let posted = match dispatch(&event, &context, &mut handler) {
            Ok(body) => request(
                &api,
                "POST",
                &format!("{base}/response"),
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            ),
            Err(error) => {
                eprintln!("handler error {}: {}", error.error_type, error.message);
                let body = format!(
                    "{{\"errorMessage\":{},\"errorType\":{}}}",
                    json_escape(&error.message),
                    json_escape(&error.error_type)
                );
                request(
                    &api,
                    "POST",
                    &format!("{base}/error"),
                    &[
                        ("Content-Type", "application/json"),
                        ("Lambda-Runtime-Function-Error-Type", &error.error_type),
                    ],
                    body.as_bytes(),
                )
            }
        };
        match posted {
            Ok(response) if (200..300).contains(&response.status) => {}
            Ok(response) => eprintln!(
                "warning: Runtime API rejected the result of {} with HTTP {}: {}",
                context.request_id,
                response.status,
                String::from_utf8_lossy(&response.body)
            ),
            Err(err) => fatal(&format!("cannot post the result of {}: {err}", context.request_id)),
        }
    }
}

/// The failure modes shared by every function, then the function's own handler.
fn dispatch<F>(event: &str, context: &Context, handler: &mut F) -> Result<String, HandlerError>
where
    F: FnMut(&str, &Context) -> Result<String, HandlerError>,
{
    match json_string_field(event, "action").as_deref() {
        Some("error") => return Err(HandlerError::new("HandlerError", "requested failure")),
        Some("panic") => panic!("requested panic"),
        Some("exit") => {
            eprintln!("exiting with code 3 as requested");
            process::exit(3);
        }
        Some("sleep") => thread::sleep(Duration::from_secs(30)),
        _ => {}
    }
    handler(event, context)
}

fn log_invocation(context: &Context) {
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
    let remaining = match context.deadline_ms {
        Some(deadline) => format!("{} ms left", deadline.saturating_sub(now_ms)),
        None => "no deadline".to_string(),
    };
    eprintln!(
        "invocation {} of {} ({remaining})",
        context.request_id,
        context.invoked_function_arn.as_deref().unwrap_or("unknown function")
    );
}

fn fatal(message: &str) -> ! {
    eprintln!("error: {message}");
    process::exit(1);
}

// ---------------------------------------------------------------------------------
// HTTP/1.1 client: just enough for the Runtime API.
// ---------------------------------------------------------------------------------

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

fn request(api: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> io::Result<Response> {
    let mut stream = TcpStream::connect(api)?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {api}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    read_response(&mut BufReader::new(stream))
}

fn read_response<R: BufRead>(reader: &mut R) -> io::Result<Response> {
    loop {
        let status_line = read_line(reader)?;
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| invalid(&format!("bad HTTP status line: {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = read_line(reader)?;
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        if (100..200).contains(&status) {
            continue; // interim response (e.g. 100 Continue): the real one follows
        }
        let mut response = Response { status, headers, body: Vec::new() };
        let chunked = response
            .header("Transfer-Encoding")
            .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
        if chunked {
            response.body = read_chunked(reader)?;
        } else if let Some(length) = response.header("Content-Length") {
            let length: usize = length.parse().map_err(|_| invalid("bad Content-Length"))?;
            response.body = vec![0; length];
            reader.read_exact(&mut response.body)?;
        } else if status != 204 && status != 304 {
            reader.read_to_end(&mut response.body)?; // body delimited by connection close
        }
        return Ok(response);
    }
}

fn read_chunked<R: BufRead>(reader: &mut R) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
        if size == 0 {
            while !read_line(reader)?.is_empty() {} // trailers
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        read_line(reader)?; // CRLF after the chunk data
    }
}

/// One CRLF- (or LF-) terminated line, without the terminator.
fn read_line<R: BufRead>(reader: &mut R) -> io::Result<String> {
    let mut bytes = Vec::new();
    if reader.read_until(b'\n', &mut bytes)? == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed mid-response"));
    }
    while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        bytes.pop();
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

// ---------------------------------------------------------------------------------
// JSON: write strings, read one top-level string field.
// ---------------------------------------------------------------------------------

/// `value` as a JSON string literal, quotes included.
pub fn json_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The value of the top-level field `name` of a JSON object, if that value is a string.
/// Nested objects and arrays are skipped, so `{"a":{"name":"x"}}` has no `name`.
pub fn json_string_field(json: &str, name: &str) -> Option<String> {
    let mut p = JsonReader { bytes: json.as_bytes(), pos: 0 };
    p.expect(b'{')?;
    if p.peek()? == b'}' {
        return None;
    }
    loop {
        let key = p.string()?;
        p.expect(b':')?;
        if key == name {
            return if p.peek()? == b'"' { p.string() } else { None };
        }
        p.skip_value()?;
        match p.next()? {
            b',' => continue,
            _ => return None, // `}` or malformed
        }
    }
}

struct JsonReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl JsonReader<'_> {
    /// Next non-whitespace byte, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while self.pos < self.bytes.len() && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\r' | b'\n') {
            self.pos += 1;
        }
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        (self.next()? == wanted).then_some(())
    }

    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let escape = *self.bytes.get(self.pos)?;
                    self.pos += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{08}',
                        b'f' => '\u{0c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }

    /// After `\u`: four hex digits, combining a surrogate pair when one follows.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if (0xD800..0xDC00).contains(&high) && self.bytes[self.pos..].starts_with(b"\\u") {
            let saved = self.pos;
            self.pos += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                return char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
            }
            self.pos = saved;
        }
        Some(char::from_u32(high).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.bytes.get(self.pos..self.pos + 4)?).ok()?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
            }
            _ => {
                // number, true, false, null
                let start = self.pos;
                while self.pos < self.bytes.len() && !matches!(self.bytes[self.pos], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }
}
