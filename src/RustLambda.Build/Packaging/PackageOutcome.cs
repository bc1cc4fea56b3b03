using System.Collections.Generic;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;

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

        /// <summary>The zip's stamp as packaging left it (size, time, hash), so the record of written files need not hash it.</summary>
        public FileStamp? WrittenStamp { get; set; }

        /// <summary>What the zip was made from (<see cref="PackageStamp.MadeFrom"/>): equal means byte-identical zips.</summary>
        public string? MadeFrom { get; set; }
    }
}
