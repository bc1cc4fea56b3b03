//! A tiny AWS Lambda custom runtime written against the documented Runtime API
//! (2018-06-01) with nothing but the standard library, used by the
//! RustLambda.Testing tests as the function under test.
//!
//! It keeps one HTTP/1.1 keep-alive connection to `AWS_LAMBDA_RUNTIME_API`, and for
//! each event picks a behaviour from the event's `"action"` string:
//!
//! | action     | behaviour                                                              |
//! |------------|------------------------------------------------------------------------|
//! | (none)     | POST /response with the event, the headers, the environment, a counter |
//! | `error`    | POST /error with a JSON error body and the error-type header           |
//! | `error-header-only` | POST /error with a non-JSON body and only the error-type header |
//! | `panic`    | `panic!` (exit status 101)                                             |
//! | `exit`     | `exit(3)`                                                              |
//! | `abort`    | `std::process::abort()` (SIGABRT)                                      |
//! | `sleep`    | sleep `sleepMs` (default 5000) ms, then respond                        |
//! | `log`      | write lines to stdout and stderr, then respond                         |
//! | `big`      | respond with a body of `bytes` bytes                                   |
//! | `flood`    | write `lines` (default 10000) lines of `width` (default 100) bytes to  |
//! |            | stdout, then respond                                                   |
//! | `chunked`  | respond using `Transfer-Encoding: chunked`                             |
//! | `spawn`    | start a child `sleep 60` and respond with its pid in `childPid`       |
//! | `probe`    | call the API wrongly (bad request id, unknown path, late init error)   |
//! |            | and respond with what the API answered                                 |
//!
//! Init behaviour comes from the environment: `INIT_FAIL=1` posts /init/error and
//! exits, `INIT_EXIT=<code>` exits before asking for an event, `INIT_SLEEP_MS=<ms>`
//! sleeps before asking for the first event.

use std::env;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::net::TcpStream;
use std::process;
use std::thread;
use std::time::Duration;

const API_PREFIX: &str = "/2018-06-01/runtime";

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One keep-alive connection to the Runtime API, re-opened when the server closes it.
struct Client {
    addr: String,
    conn: Option<BufReader<TcpStream>>,
}

impl Client {
    fn new(addr: String) -> Self {
        Client { addr, conn: None }
    }

    fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        chunked: bool,
    ) -> io::Result<Response> {
        // A kept-alive connection may have been closed by the server in between: retry once on a fresh one.
        let reused = self.conn.is_some();
        match self.try_request(method, path, headers, body, chunked) {
            Ok(r) => Ok(r),
            Err(e) if reused => {
                eprintln!("runtime api connection lost ({e}), reconnecting");
                self.conn = None;
                self.try_request(method, path, headers, body, chunked)
            }
            Err(e) => Err(e),
        }
    }

    fn try_request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        chunked: bool,
    ) -> io::Result<Response> {
        if self.conn.is_none() {
            let stream = TcpStream::connect(&self.addr)?;
            stream.set_nodelay(true)?;
            self.conn = Some(BufReader::new(stream));
        }
        let reader = self.conn.as_mut().unwrap();

        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: echo-runtime/0.1\r\n", self.addr);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        let mut out: Vec<u8> = Vec::new();
        if chunked {
            head.push_str("Transfer-Encoding: chunked\r\n\r\n");
            out.extend_from_slice(head.as_bytes());
            // Three chunks of uneven sizes, then the last chunk and an empty trailer.
            let mut rest = body;
            let sizes = [1usize, 7, usize::MAX];
            for size in sizes {
                if rest.is_empty() {
                    break;
                }
                let n = size.min(rest.len());
                out.extend_from_slice(format!("{n:x};ext=1\r\n").as_bytes());
                out.extend_from_slice(&rest[..n]);
                out.extend_from_slice(b"\r\n");
                rest = &rest[n..];
            }
            out.extend_from_slice(b"0\r\n\r\n");
        } else {
            if method != "GET" {
                head.push_str(&format!("Content-Length: {}\r\n", body.len()));
            }
            head.push_str("\r\n");
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(body);
        }
        reader.get_mut().write_all(&out)?;
        reader.get_mut().flush()?;

        let mut status_line = String::new();
        if reader.read_line(&mut status_line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed before the response"));
        }
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("bad status line {status_line:?}")))?;
        let mut resp_headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed in the headers"));
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                resp_headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = resp_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut resp_body = vec![0u8; len];
        reader.read_exact(&mut resp_body)?;
        let resp = Response { status, headers: resp_headers, body: resp_body };
        if resp.header("connection").map_or(false, |v| v.eq_ignore_ascii_case("close")) {
            self.conn = None;
        }
        Ok(resp)
    }
}

/// Minimal JSON string escaping for the values this fixture reports.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn opt_json_string(s: Option<&str>) -> String {
    s.map_or_else(|| "null".to_string(), json_string)
}

/// Finds `"key": "value"` in a flat JSON object (good enough for the events the tests send).
fn json_str_field(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let start = json.find(&needle)? + needle.len();
    let rest = json[start..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

/// Finds `"key": 123` in a flat JSON object.
fn json_num_field(json: &str, key: &str) -> Option<u64> {
    let needle = format!("\"{key}\"");
    let start = json.find(&needle)? + needle.len();
    let rest = json[start..].trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn env_report() -> String {
    const NAMES: &[&str] = &[
        "AWS_LAMBDA_RUNTIME_API",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "_HANDLER",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
        "TZ",
        "LANG",
        "PATH",
        "LD_LIBRARY_PATH",
        "MY_VAR",
        "HOME",
    ];
    let fields: Vec<String> = NAMES
        .iter()
        .map(|n| format!("{}:{}", json_string(n), opt_json_string(env::var(n).ok().as_deref())))
        .collect();
    format!("{{{}}}", fields.join(","))
}

fn task_files() -> String {
    let mut names: Vec<String> = std::fs::read_dir(".")
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    let items: Vec<String> = names.iter().map(|n| json_string(n)).collect();
    format!("[{}]", items.join(","))
}

fn probe_json(resp: io::Result<Response>) -> String {
    match resp {
        Ok(r) => {
            let body = r.body_text();
            // The API answers JSON: embed it as is, or as a string if it is not an object.
            let body_json = if body.trim_start().starts_with('{') { body } else { json_string(&body) };
            format!(
                "{{\"status\":{},\"contentType\":{},\"body\":{}}}",
                r.status,
                opt_json_string(r.header("content-type")),
                body_json
            )
        }
        Err(e) => format!("{{\"status\":0,\"error\":{}}}", json_string(&e.to_string())),
    }
}

fn main() {
    let api = env::var("AWS_LAMBDA_RUNTIME_API").expect("AWS_LAMBDA_RUNTIME_API is not set");
    let mut client = Client::new(api);
    println!("echo-runtime init pid={}", process::id());

    if let Ok(ms) = env::var("INIT_SLEEP_MS") {
        let ms: u64 = ms.parse().unwrap_or(0);
        println!("init sleeping {ms} ms");
        thread::sleep(Duration::from_millis(ms));
    }
    if let Ok(code) = env::var("INIT_EXIT") {
        eprintln!("init exiting with {code}");
        process::exit(code.parse().unwrap_or(1));
    }
    if env::var("INIT_FAIL").as_deref() == Ok("1") {
        eprintln!("init failing on purpose");
        let body = br#"{"errorMessage":"init failed on purpose","errorType":"Runtime.InitFailure","stackTrace":[]}"#;
        let r = client
            .request(
                "POST",
                &format!("{API_PREFIX}/init/error"),
                &[("Lambda-Runtime-Function-Error-Type", "Runtime.InitFailure"), ("Content-Type", "application/json")],
                body,
                false,
            )
            .expect("POST /init/error failed");
        eprintln!("init error posted: {}", r.status);
        process::exit(1);
    }

    let mut invocation: u64 = 0;
    loop {
        let next = client
            .request("GET", &format!("{API_PREFIX}/invocation/next"), &[], b"", false)
            .expect("GET /invocation/next failed");
        if next.status != 200 {
            eprintln!("GET /invocation/next answered {}: {}", next.status, next.body_text());
            process::exit(2);
        }
        invocation += 1;
        let request_id = next.header("lambda-runtime-aws-request-id").unwrap_or("").to_string();
        let event = next.body_text();
        let action = json_str_field(&event, "action").unwrap_or_default();
        println!("handling {request_id} invocation={invocation} action={action}");

        let response_path = format!("{API_PREFIX}/invocation/{request_id}/response");
        let error_path = format!("{API_PREFIX}/invocation/{request_id}/error");
        let mut probes = String::from("null");
        let mut chunked = false;
        let mut child_pid: u32 = 0;

        match action.as_str() {
            "error" => {
                let message = json_str_field(&event, "message").unwrap_or_else(|| "something went wrong".into());
                let body = format!(
                    "{{\"errorMessage\":{},\"errorType\":\"MyFunctionError\",\"stackTrace\":[\"main.rs\"]}}",
                    json_string(&message)
                );
                let r = client
                    .request(
                        "POST",
                        &error_path,
                        &[("Lambda-Runtime-Function-Error-Type", "MyFunctionError"), ("Content-Type", "application/json")],
                        body.as_bytes(),
                        false,
                    )
                    .expect("POST /error failed");
                println!("error posted: {}", r.status);
                continue;
            }
            "error-header-only" => {
                let r = client
                    .request(
                        "POST",
                        &error_path,
                        &[("Lambda-Runtime-Function-Error-Type", "HeaderOnlyError")],
                        b"this is not json",
                        false,
                    )
                    .expect("POST /error failed");
                println!("error posted: {}", r.status);
                continue;
            }
            "panic" => panic!("boom: the handler panicked on purpose"),
            "exit" => {
                eprintln!("exiting with 3");
                process::exit(3);
            }
            "abort" => {
                eprintln!("aborting");
                process::abort();
            }
            "sleep" => {
                let ms = json_num_field(&event, "sleepMs").unwrap_or(5000);
                thread::sleep(Duration::from_millis(ms));
            }
            "log" => {
                println!("log line 1 to stdout");
                eprintln!("log line 2 to stderr");
                println!("log line 3 to stdout");
            }
            "big" => {
                let n = json_num_field(&event, "bytes").unwrap_or(7 * 1024 * 1024) as usize;
                let mut body = Vec::with_capacity(n);
                body.push(b'"');
                body.resize(n - 1, b'x');
                body.push(b'"');
                let r = client.request("POST", &response_path, &[], &body, false).expect("POST /response failed");
                println!("big response posted: {} {}", r.status, r.body_text());
                continue;
            }
            "flood" => {
                let lines = json_num_field(&event, "lines").unwrap_or(10_000);
                let width = json_num_field(&event, "width").unwrap_or(100) as usize;
                let stdout = io::stdout();
                let mut out = stdout.lock();
                let filler = "x".repeat(width.saturating_sub(24));
                for i in 0..lines {
                    writeln!(out, "flood line {i:>10} {filler}").expect("stdout closed");
                }
                out.flush().expect("stdout closed");
            }
            "chunked" => chunked = true,
            "spawn" => {
                let child = std::process::Command::new("sleep").arg("60").spawn().expect("could not start sleep");
                child_pid = child.id();
                // Not waited for: the emulator must kill it with the process tree.
                std::mem::forget(child);
            }
            "probe" => {
                let wrong = client.request(
                    "POST",
                    &format!("{API_PREFIX}/invocation/00000000-0000-0000-0000-000000000000/response"),
                    &[],
                    b"{}",
                    false,
                );
                let unknown = client.request("GET", &format!("{API_PREFIX}/does-not-exist"), &[], b"", false);
                let late_init = client.request("POST", &format!("{API_PREFIX}/init/error"), &[], b"{}", false);
                probes = format!(
                    "{{\"wrongRequestId\":{},\"unknownPath\":{},\"lateInitError\":{}}}",
                    probe_json(wrong),
                    probe_json(unknown),
                    probe_json(late_init)
                );
            }
            _ => {}
        }

        let body = format!(
            "{{\"requestId\":{},\"echo\":{},\"invocation\":{},\"pid\":{},\"headers\":{{\"deadlineMs\":{},\"functionArn\":{},\"traceId\":{},\"contentType\":{}}},\"env\":{},\"cwd\":{},\"stdinIsTerminal\":{},\"taskFiles\":{},\"probes\":{},\"childPid\":{}}}",
            json_string(&request_id),
            if event.trim().is_empty() { "null".to_string() } else { event.clone() },
            invocation,
            process::id(),
            opt_json_string(next.header("lambda-runtime-deadline-ms")),
            opt_json_string(next.header("lambda-runtime-invoked-function-arn")),
            opt_json_string(next.header("lambda-runtime-trace-id")),
            opt_json_string(next.header("content-type")),
            env_report(),
            json_string(&env::current_dir().map(|p| p.display().to_string()).unwrap_or_default()),
            io::stdin().is_terminal(),
            task_files(),
            probes,
            child_pid
        );
        let r = client
            .request("POST", &response_path, &[("Content-Type", "application/json")], body.as_bytes(), chunked)
            .expect("POST /response failed");
        if r.status != 202 {
            eprintln!("POST /response answered {}: {}", r.status, r.body_text());
        }
    }
}
