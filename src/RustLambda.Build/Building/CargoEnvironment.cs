using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// The environment variables cargo, rustc, rustup and build scripts read that can change the binary (or where it is
    /// built): the one list the up-to-date key includes, so that `RUSTFLAGS="-C link-arg=-s" dotnet build` after a build
    /// runs cargo again instead of keeping the unstripped zip. The same settings in .cargo/config.toml are tracked as files.
    /// Sources: cargo's "Environment variables" reference (variables cargo reads, and CARGO_&lt;config key&gt; for every
    /// configuration key), rustup's RUSTUP_TOOLCHAIN, and the cc crate's compiler variables that build scripts read.
    /// </summary>
    public static class CargoEnvironment
    {
        /// <summary>Whole names.</summary>
        public static readonly IReadOnlyList<string> Names = new[]
        {
            // rustc and its flags
            "RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTC", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "RUSTC_BOOTSTRAP", "RUSTC_LINKER",
            // toolchain selection
            "RUSTUP_TOOLCHAIN", "RUSTUP_HOME", "CARGO_HOME",
            // where and how cargo builds
            "CARGO_TARGET_DIR", "CARGO_INCREMENTAL",
            // C compilers and flags that build scripts (the cc crate) pass on
            "CC", "CXX", "AR", "CFLAGS", "CXXFLAGS", "LDFLAGS", "TARGET_CC", "TARGET_CXX", "TARGET_AR", "TARGET_CFLAGS", "TARGET_CXXFLAGS",
            // cargo-lambda's cross compiler
            "ZIG", "CARGO_ZIGBUILD_ZIG_PATH",
        };

        /// <summary>Families: every name starting with one of these.</summary>
        public static readonly IReadOnlyList<string> Prefixes = new[]
        {
            "CARGO_BUILD_",    // [build]: target, rustflags, jobs, ...
            "CARGO_PROFILE_",  // [profile.<name>]: opt-level, strip, lto, debug, ...
            "CARGO_TARGET_",   // [target.<triple>]: linker, rustflags, runner
            "CARGO_UNSTABLE_", // -Z flags
            "CARGO_LAMBDA_",   // cargo-lambda's own settings
            "CC_", "CXX_", "AR_", "CFLAGS_", "CXXFLAGS_", // the cc crate's per-target variants
        };

        public static bool Affects(string name) =>
            Names.Contains(name, StringComparer.Ordinal) || Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

        /// <summary>`NAME=value` for each set variable that affects the build, sorted: the up-to-date key's environment part.</summary>
        public static IReadOnlyList<string> KeyLines(IDictionary environment) =>
            environment.Keys.Cast<object>().Select(k => k.ToString()!)
                .Where(Affects)
                .OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => k + "=" + environment[k])
                .ToList();
    }
}
