using System;
using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Packaging
{
    /// <summary>What a built binary is: format, OS ABI, machine, linking, and the glibc versions it needs.</summary>
    public sealed class ElfFacts
    {
        public bool IsElf { get; set; }
        public string? NotElfReason { get; set; }

        /// <summary>EI_OSABI: 0 (System V) and 3 (GNU/Linux) both run on Linux.</summary>
        public int OsAbi { get; set; }
        public bool IsExecutable { get; set; }

        /// <summary>x86_64, arm64, or the ELF machine name for anything else.</summary>
        public string Architecture { get; set; } = "";
        public bool IsDynamic { get; set; }

        /// <summary>Every GLIBC_x.y version the binary needs, with one symbol-versioned library that needs it.</summary>
        public IReadOnlyList<(Version Version, string Library)> GlibcNeeds { get; set; } = Array.Empty<(Version, string)>();

        public (Version Version, string Library)? HighestGlibc => GlibcNeeds.Count == 0 ? null : GlibcNeeds.OrderByDescending(n => n.Version).First();
    }
}
