using System;
using System.Collections.Generic;

namespace RustLambda.Build.Building
{
    /// <summary>One cargo process: a crate or workspace, built for one architecture, glibc floor and profile.</summary>
    public sealed class CargoInvocation
    {
        public string Id { get; set; } = "";
        public BuilderKind Builder { get; set; }
        public string WorkingDirectory { get; set; } = "";

        /// <summary>Arguments after the cargo executable, e.g. <c>lambda build --release --x86-64 --bin a</c>.</summary>
        public IReadOnlyList<string> Arguments { get; set; } = Array.Empty<string>();
        public string Architecture { get; set; } = "";

        /// <summary>Plain cargo for another architecture than the host's: built with --target, after the toolchain checks.</summary>
        public bool CrossCompiles { get; set; }

        /// <summary>The rustc target triple the binaries are built for (without any glibc suffix).</summary>
        public string TargetTriple { get; set; } = "";

        /// <summary>The folder name cargo uses for the profile under the target dir (debug, release, or the custom profile).</summary>
        public string ProfileDirectory { get; set; } = "";

        /// <summary>A folder under obj/ this invocation owns: its lambda dir, its copies of the binaries, its recorded inputs.</summary>
        public string StateDirectory { get; set; } = "";

        /// <summary>cargo-lambda only: the --lambda-dir this invocation owns, so zips of different invocations never mix.</summary>
        public string? LambdaDirectory { get; set; }

        /// <summary>Where the sources cargo reported (dep-info) for the last successful build are listed, one path a line.</summary>
        public string DependencyInputsFile => System.IO.Path.Combine(StateDirectory, "inputs.txt");
        public IReadOnlyList<string> Binaries { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Where a binary of this invocation is once built, in a folder of ours that only this invocation's next build replaces
        /// (never rewritten in place): cargo-lambda's bootstrap in our lambda dir, or our copy of cargo's executable.
        /// The zip and the SAM layout are made from this file, so a build that skips cargo still knows what to check them against.
        /// </summary>
        public string BinaryPath(string binary) => LambdaDirectory != null
            ? System.IO.Path.Combine(LambdaDirectory, binary, "bootstrap")
            : System.IO.Path.Combine(StateDirectory, "bin", binary);
    }
}
