# Generators for build/benchmark.sh: synthetic SAM + Cargo projects (std-only Rust) and the .NET files that build them.
# Sourced, not run. Every function takes the folder to write into; nothing here runs a build.

# The function names: f001, f002, … (package binaries) and m01, m02, … (workspace members).
function_name() { printf 'f%03d' "$1"; }
member_name() { printf 'm%02d' "$1"; }
logical_id() { printf 'Function%03d' "$1"; }

# A tiny Lambda Runtime API loop over std::net, shared by every function of a project (the lib target or a shared crate).
write_runtime_lib() {
  cat > "$1" <<'RUST'
//! A minimal std-only AWS Lambda custom runtime: GET the next invocation, run the handler, POST its response.
use std::env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

const API: &str = "/2018-06-01/runtime/invocation";

pub struct Invocation {
    pub request_id: String,
    pub body: String,
}

fn call(host: &str, method: &str, path: &str, body: &str) -> std::io::Result<(Vec<(String, String)>, String)> {
    let mut stream = TcpStream::connect(host)?;
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len())?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?; // status line
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let mut rest = String::new();
    reader.read_to_string(&mut rest)?;
    Ok((headers, rest))
}

/// `value` as a JSON string literal.
pub fn json_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Serves invocations forever with `handler`, which returns the response JSON.
pub fn run(handler: fn(&Invocation) -> String) -> ! {
    let host = env::var("AWS_LAMBDA_RUNTIME_API").expect("AWS_LAMBDA_RUNTIME_API is not set: run this as a Lambda bootstrap");
    loop {
        let (headers, body) = call(&host, "GET", &format!("{API}/next"), "").expect("cannot reach the Runtime API");
        let request_id = headers.iter().find(|(name, _)| name == "lambda-runtime-aws-request-id").map(|(_, v)| v.clone()).unwrap_or_default();
        let invocation = Invocation { request_id, body };
        let response = handler(&invocation);
        if let Err(err) = call(&host, "POST", &format!("{API}/{}/response", invocation.request_id), &response) {
            eprintln!("cannot post the response of {}: {err}", invocation.request_id);
        }
    }
}
RUST
}

# One function's binary: $1 file, $2 function name, $3 the crate that holds the runtime.
write_function_main() {
  cat > "$1" <<RUST
//! Lambda function $2: reports the request id and the size of the event.
use $3::{json_string, run, Invocation};

fn handler(invocation: &Invocation) -> String {
    format!("{{\"function\":\"$2\",\"requestId\":{},\"eventBytes\":{}}}", json_string(&invocation.request_id), invocation.body.len())
}

fn main() {
    run(handler)
}
RUST
}

# A SAM template with $2 functions; $3 is "package" (CodeUri ., Binary fNNN) or "workspace" (CodeUri functions/mNN).
# Each function carries what real ones do (a name, an event, environment variables with !Ref/!Sub) so reading it is realistic.
write_template() {
  local file=$1 count=$2 layout=$3 i name codeuri
  {
    cat <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: Synthetic RustLambda.Sdk benchmark project.

Parameters:
  Stage:
    Type: String
    Default: bench

Globals:
  Function:
    Runtime: provided.al2023
    Handler: bootstrap
    Architectures:
      - x86_64
    Timeout: 10
    MemorySize: 128
    Environment:
      Variables:
        STAGE: !Ref Stage

Resources:
YAML
    for ((i = 1; i <= count; i++)); do
      if [ "$layout" = workspace ]; then name=$(member_name "$i"); codeuri="functions/$name"; else name=$(function_name "$i"); codeuri="."; fi
      cat <<YAML
  $(logical_id "$i"):
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: $codeuri
      FunctionName: !Sub "\${Stage}-$name"
      Environment:
        Variables:
          FUNCTION: $name
      Events:
        Api:
          Type: HttpApi
          Properties:
            Path: /$name
            Method: post
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties:
        Binary: $name

YAML
    done
  } > "$file"
}

# One Cargo package with $2 [[bin]] functions sharing its lib target.
generate_package() {
  local dir=$1 count=$2 i name
  mkdir -p "$dir/src/bin"
  {
    printf '[package]\nname = "bench_functions"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[lib]\npath = "src/lib.rs"\n'
    for ((i = 1; i <= count; i++)); do
      name=$(function_name "$i")
      printf '\n[[bin]]\nname = "%s"\npath = "src/bin/%s.rs"\n' "$name" "$name"
    done
    printf '\n[dependencies]\n'
  } > "$dir/Cargo.toml"
  write_runtime_lib "$dir/src/lib.rs"
  for ((i = 1; i <= count; i++)); do
    name=$(function_name "$i")
    write_function_main "$dir/src/bin/$name.rs" "$name" bench_functions
  done
  write_template "$dir/template.yaml" "$count" package
}

# A Cargo workspace of $2 members under functions/, each one binary, sharing the runtime crate shared/rt.
generate_workspace() {
  local dir=$1 count=$2 i name
  mkdir -p "$dir/shared/rt/src"
  printf '[workspace]\nmembers = ["functions/*", "shared/rt"]\nresolver = "2"\n' > "$dir/Cargo.toml"
  printf '[package]\nname = "rt"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n' > "$dir/shared/rt/Cargo.toml"
  write_runtime_lib "$dir/shared/rt/src/lib.rs"
  for ((i = 1; i <= count; i++)); do
    name=$(member_name "$i")
    mkdir -p "$dir/functions/$name/src"
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\nrt = { path = "../../shared/rt" }\n' "$name" > "$dir/functions/$name/Cargo.toml"
    write_function_main "$dir/functions/$name/src/main.rs" "$name" rt
  done
  write_template "$dir/template.yaml" "$count" workspace
}

# The compile-cache case: a workspace of $2 one-binary members depending on a path library crate, shared/model, that
# takes seconds to compile (generated code: what a team's shared domain crate costs), plus the runtime crate. sccache can
# serve the library crates from its cache; binaries it never caches (they are linked), so those compile every time.
generate_cached_workspace() {
  local dir=$1 count=$2 i name
  generate_workspace "$dir" "$count"
  printf '[workspace]\nmembers = ["functions/*", "shared/rt", "shared/model"]\nresolver = "2"\n' > "$dir/Cargo.toml"
  mkdir -p "$dir/shared/model/src"
  printf '[package]\nname = "model"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n' > "$dir/shared/model/Cargo.toml"
  {
    echo '//! Generated: records with formatting and parsing, enough code for the compiler to take a few seconds.'
    for ((i = 0; i < 100; i++)); do
      cat <<RUST
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record$i { pub id: u64, pub name: String, pub tags: Vec<String>, pub score: f64 }
impl Record$i {
    pub fn render(&self) -> String { format!("{}:{}:{}:{:.3}", self.id, self.name, self.tags.join(","), self.score * $i.0) }
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split(':');
        Some(Self { id: parts.next()?.parse().ok()?, name: parts.next()?.to_string(), tags: parts.next()?.split(',').map(str::to_string).collect(), score: parts.next()?.parse().ok()? })
    }
}
RUST
    done
    echo 'pub fn describe(n: u64) -> String { let r = Record0 { id: n, name: "x".into(), tags: vec![], score: 1.0 }; r.render() }'
  } > "$dir/shared/model/src/lib.rs"
  for ((i = 1; i <= count; i++)); do
    name=$(member_name "$i")
    printf 'model = { path = "../../shared/model" }\n' >> "$dir/functions/$name/Cargo.toml"
    sed -i 's/format!("{{\\"function\\"/let _ = model::describe(1); format!("{{\\"function\\"/' "$dir/functions/$name/src/main.rs"
  done
}

# The files that make $1 a RustLambda.Sdk project consuming the packed SDK: $2 is the SDK version, $3 the package folder.
write_sdk_project() {
  local dir=$1 version=$2 packages=$3
  cat > "$dir/Functions.csproj" <<'XML'
<Project Sdk="RustLambda.Sdk"><PropertyGroup><SamBetaFeatures>true</SamBetaFeatures></PropertyGroup></Project>
XML
  printf '{\n  "msbuild-sdks": {\n    "RustLambda.Sdk": "%s"\n  }\n}\n' "$version" > "$dir/global.json"
  cat > "$dir/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="RustLambda.Sdk local" value="$packages" />
  </packageSources>
</configuration>
XML
}

# The baseline: a plain .NET SDK project with no sources.
write_empty_project() {
  mkdir -p "$1"
  cat > "$1/Empty.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup></Project>
XML
}

# About $2 bytes of realistic binary content in $1: real ELF files of this machine, concatenated, then cut to size.
write_binary_blob() {
  local out=$1 size=$2 file
  : > "$out"
  while IFS= read -r file; do
    [ "$(head -c 4 "$file" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    cat "$file" >> "$out"
    [ "$(stat -c %s "$out")" -ge "$size" ] && break
  done < <(find /usr/bin /usr/lib /usr/share/dotnet -type f -size +100k 2>/dev/null | LC_ALL=C sort)
  [ "$(stat -c %s "$out")" -ge "$size" ] || { echo "error: not enough ELF files on this machine for a $size-byte blob" >&2; return 1; }
  truncate -s "$size" "$out"
}
