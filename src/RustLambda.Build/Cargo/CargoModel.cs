using System;
using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Cargo
{
    /// <summary>A `bin` target of a package, as Cargo resolves it (explicit [[bin]] or discovered).</summary>
    public sealed class CargoBinary
    {
        internal CargoBinary(string name, string sourcePath, CargoPackage package)
        {
            Name = name;
            SourcePath = sourcePath;
            Package = package;
        }

        public string Name { get; }

        /// <summary>Absolute path of the crate root (main.rs or equivalent); may not exist when Cargo.toml names a missing file.</summary>
        public string SourcePath { get; }

        public CargoPackage Package { get; }

        public override string ToString() => $"{Name} ({Package.Name})";
    }

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

        /// <summary>`autobins = false`: worth mentioning when no binary is found although src/main.rs exists.</summary>
        internal bool AutobinsDisabled { get; set; }

        public override string ToString() => $"{Name} ({ManifestPath})";
    }

    public sealed class CargoProject
    {
        internal CargoProject(string codeUriDirectory, string buildRoot, bool isWorkspace, IReadOnlyList<CargoPackage> packages,
            IReadOnlyList<CargoBinary> binaries, CargoWorkspace? workspace, IReadOnlyList<CargoBinary> workspaceBinaries)
        {
            CodeUriDirectory = codeUriDirectory;
            BuildRoot = buildRoot;
            IsWorkspace = isWorkspace;
            Packages = packages;
            Binaries = binaries;
            Workspace = workspace;
            WorkspaceBinaries = workspaceBinaries;
        }

        /// <summary>The function's CodeUri, absolute and normalised.</summary>
        public string CodeUriDirectory { get; }

        /// <summary>Where cargo runs: the workspace root, or the package folder when the package is in no workspace.</summary>
        public string BuildRoot { get; }

        /// <summary>BuildRoot is a workspace root (so one cargo invocation, target dir and Cargo.lock serve all its members).</summary>
        public bool IsWorkspace { get; }

        /// <summary>When CodeUri is a package: that package. When CodeUri is a workspace root: the root package (if any), then every member.</summary>
        public IReadOnlyList<CargoPackage> Packages { get; }

        /// <summary>Every binary of <see cref="Packages"/>: the ones a function with this CodeUri may select.</summary>
        public IReadOnlyList<CargoBinary> Binaries { get; }

        internal CargoWorkspace? Workspace { get; }

        /// <summary>The manifests this project was read from: its packages' and the workspace root's.</summary>
        internal IEnumerable<string> ManifestPaths => Packages.Select(p => p.ManifestPath).Append(CargoPaths.ManifestIn(BuildRoot));

        /// <summary>Every binary of every workspace member: the build passes `--workspace --bin X`, so X must be unique across all of them.</summary>
        internal IReadOnlyList<CargoBinary> WorkspaceBinaries { get; }

        /// <summary>CodeUri is the workspace root itself rather than one member of it.</summary>
        internal bool CodeUriIsWorkspaceRoot => IsWorkspace && string.Equals(CodeUriDirectory, BuildRoot, CargoPaths.Comparison);
    }
}
