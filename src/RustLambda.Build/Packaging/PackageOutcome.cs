using System.Collections.Generic;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Packaging
{
    /// <summary>What packaging one function did: its problems, a line for the build log, and the zip it wrote.</summary>
    public sealed class PackageOutcome
    {
        public List<Diagnostic> Diagnostics { get; } = new List<Diagnostic>();

        /// <summary>"Id -> zip", for the build log.</summary>
        public string? Message { get; set; }

        /// <summary>The zip written (or kept because the binary is unchanged); null when none was.</summary>
        public string? Written { get; set; }
    }
}
