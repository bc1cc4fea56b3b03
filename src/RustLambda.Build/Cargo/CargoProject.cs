using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Cargo
{
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
