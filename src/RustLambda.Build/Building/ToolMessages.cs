using System.Text.RegularExpressions;

namespace RustLambda.Build.Building
{
    /// <summary>The messages about finding cargo and cargo-lambda, shared by the resolver and the cargo task.</summary>
    public static class ToolMessages
    {
        public const string CargoLambdaInstall =
            "Install cargo-lambda and Zig (https://www.cargo-lambda.info/guide/getting-started.html: `pip3 install cargo-lambda`, `brew install cargo-lambda/tap/cargo-lambda`, or `cargo install --locked cargo-lambda` plus Zig), " +
            "set RustLambdaCargoLambdaPath to it, or set RustLambdaBuilder=cargo to build with plain cargo on a Linux host (another architecture than the host's needs a cross gcc and the target's Rust std; see the README).";

        public static string CargoNotFound(string where) =>
            $"cargo was not found ({where}). Install Rust with rustup (https://rustup.rs), or set RustLambdaCargoPath to the cargo executable; Visual Studio may need a restart to see a new PATH.";

        private static readonly Regex ManifestPath = new Regex("`([^`]*Cargo\\.toml)`", RegexOptions.CultureInvariant);

        /// <summary>Cargo's manifest errors name the manifest in backticks; that file is where the user must look.</summary>
        public static string? ManifestMentioned(string error)
        {
            var match = ManifestPath.Match(error);
            return match.Success ? match.Groups[1].Value : null;
        }
    }
}
