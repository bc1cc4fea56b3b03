using System;
using System.Collections.Generic;

namespace RustLambda.Build.Cargo
{
    public sealed class CargoPackage
    {
        internal CargoPackage(string name, string manifestPath)
        {
            Name = name;
            ManifestPath = manifestPath;
            Directory = System.IO.Path.GetDirectoryName(manifestPath)!;
        }

        public string Name { get; }

        /// <summary>Absolute path of the package's Cargo.toml.</summary>
        public string ManifestPath { get; }

        /// <summary>Absolute folder holding Cargo.toml.</summary>
        public string Directory { get; }

        public IReadOnlyList<CargoBinary> Binaries { get; internal set; } = Array.Empty<CargoBinary>();

        /// <summary>The build script Cargo will run, if any (absolute; may not exist when `package.build` names a missing file).</summary>
        internal string? BuildScriptPath { get; set; }

        /// <summary>Folders of `path` dependencies (all kinds): their sources are inputs too, and inside a workspace they are members.</summary>
        internal IReadOnlyList<string> PathDependencyDirectories { get; set; } = Array.Empty<string>();

        /// <summary>1-based line and column of `[package] name =`: the name of the binary src/main.rs builds.</summary>
        internal (int Line, int Column) NamePosition { get; set; }

        /// <summary>`autobins = false`: worth mentioning when no binary is found although src/main.rs exists.</summary>
        internal bool AutobinsDisabled { get; set; }

        public override string ToString() => $"{Name} ({ManifestPath})";
    }
}
