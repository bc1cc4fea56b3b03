using System;
using System.Collections.Generic;

namespace RustLambda.Build.Cargo
{
    public sealed class CompilerArtifact
    {
        public string TargetName { get; set; } = "";
        public IReadOnlyList<string> Kinds { get; set; } = Array.Empty<string>();
        public string? Executable { get; set; }
    }
}
