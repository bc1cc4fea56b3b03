using System;
using System.Collections.Generic;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// What a resolution depended on besides its settings, so <see cref="ResolutionCache"/> can tell when it still holds:
    /// the files it parsed, the files it only listed, the files whose appearance would change it, and the folders whose
    /// set of .rs files decides the binaries (src/bin/*.rs, workspace members).
    /// </summary>
    public sealed class ResolutionDependencies
    {
        /// <summary>Templates, samconfig.toml, every Cargo.toml read, the resolved tools: any change resolves again.</summary>
        public ISet<string> FilesRead { get; } = new SortedSet<string>(StringComparer.Ordinal);

        /// <summary>Sources and lock files the resolution only listed: their edits are cargo's business, their removal is not.</summary>
        public ISet<string> FilesListed { get; } = new SortedSet<string>(StringComparer.Ordinal);

        /// <summary>Paths looked for and not found (a template name, samconfig.toml, a parent Cargo.toml, a tool on PATH).</summary>
        public ISet<string> MustStayAbsent { get; } = new SortedSet<string>(StringComparer.Ordinal);

        /// <summary>Package and workspace folders whose .rs files (found as the input list finds them) must stay the same set.</summary>
        public ISet<string> SourceFolders { get; } = new SortedSet<string>(StringComparer.Ordinal);
    }
}
