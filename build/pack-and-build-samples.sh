#!/usr/bin/env bash
# The main job: pack RustLambda.Sdk into artifacts/packages/, build every sample with it, and print where the zips are.
source "$(dirname "$0")/common.sh"

pack_sdk
echo "Packed: $PACKAGES_DIR/RustLambda.Sdk.$SDK_VERSION.nupkg and RustLambda.Testing.$SDK_VERSION.nupkg"

for project in $(grep -l 'Sdk="RustLambda.Sdk' "$REPO_ROOT"/samples/*/*.csproj); do
  echo "Building $(realpath --relative-to="$REPO_ROOT" "$project")"
  dotnet build "$project" -c Release -nologo -v:m -clp:NoSummary
done

echo
echo "Lambda deployment packages:"
find "$REPO_ROOT/samples" -path '*/bin/Release/*/bootstrap.zip' | sort | sed "s:^$REPO_ROOT/:  :"
