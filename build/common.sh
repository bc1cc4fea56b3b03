# Shared by the build scripts: repository paths and the SDK version (read from build/Version.props, its one home).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SDK_VERSION="$(sed -n 's:.*<RustLambdaSdkVersion>\(.*\)</RustLambdaSdkVersion>.*:\1:p' "$REPO_ROOT/build/Version.props")"
PACKAGES_DIR="$REPO_ROOT/artifacts/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# A private NuGet cache: re-packing the same version must not be shadowed by an older copy in ~/.nuget/packages.
export NUGET_PACKAGES="$REPO_ROOT/artifacts/nuget-cache"

pack_sdk() {
  rm -rf "$NUGET_PACKAGES/rustlambda.sdk" "$NUGET_PACKAGES/rustlambda.testing" "$NUGET_PACKAGES/rustlambda.hosting"
  mkdir -p "$PACKAGES_DIR"
  # The SDK's pack target builds the local server through the MSBuild task, which does not restore: restore it first.
  dotnet restore "$REPO_ROOT/src/RustLambda.LocalServer/RustLambda.LocalServer.csproj" -nologo -v:q
  dotnet pack "$REPO_ROOT/sdk/RustLambda.Sdk/RustLambda.Sdk.csproj" -c Release -o "$PACKAGES_DIR" -nologo -v:q -clp:NoSummary
  dotnet pack "$REPO_ROOT/src/RustLambda.Hosting/RustLambda.Hosting.csproj" -c Release -o "$PACKAGES_DIR" -nologo -v:q -clp:NoSummary
  dotnet pack "$REPO_ROOT/src/RustLambda.Testing/RustLambda.Testing.csproj" -c Release -o "$PACKAGES_DIR" -nologo -v:q -clp:NoSummary
  # The Aspire hosting integration (AddRustLambdaFunctions); samples/AspireApp takes it from source.
  dotnet pack "$REPO_ROOT/src/RustLambda.Aspire.Hosting/RustLambda.Aspire.Hosting.csproj" -c Release -o "$PACKAGES_DIR" -nologo -v:q -clp:NoSummary
  # The `dotnet new` templates (rustlambda, rustlambda-api): `dotnet new install artifacts/packages/RustLambda.Templates.<version>.nupkg`.
  dotnet pack "$REPO_ROOT/templates/RustLambda.Templates/RustLambda.Templates.csproj" -c Release -o "$PACKAGES_DIR" -nologo -v:q -clp:NoSummary
  # The samples name the SDK without a version, as a team pinning it in global.json would.
  printf '{\n  "msbuild-sdks": {\n    "RustLambda.Sdk": "%s"\n  }\n}\n' "$SDK_VERSION" > "$REPO_ROOT/samples/global.json"
}
