using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Cargo
{
    /// <summary>
    /// Reads Cargo manifests the way Cargo does, for the functions of one build. Manifests and projects are cached by full
    /// path, so functions sharing a CodeUri (or a workspace) parse each Cargo.toml once, and a problem in a shared manifest
    /// is reported once per diagnostic bag rather than once per function. Never throws: every failure becomes a diagnostic.
    /// </summary>
    public sealed class CargoManifestReader
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, (CargoManifest? Manifest, Diagnostic? Failure)> _manifests = new Dictionary<string, (CargoManifest?, Diagnostic?)>(CargoPaths.Comparer);
        private readonly Dictionary<string, (CargoProject? Project, IReadOnlyList<Diagnostic> Diagnostics)> _projects = new Dictionary<string, (CargoProject?, IReadOnlyList<Diagnostic>)>(CargoPaths.Comparer);
        private readonly ConditionalWeakTable<DiagnosticBag, HashSet<string>> _alreadyReported = new ConditionalWeakTable<DiagnosticBag, HashSet<string>>();

        /// <param name="templateFile">Where RL0030 points: the template holding the function's CodeUri.</param>
        /// <param name="templateLine">The CodeUri's line in <paramref name="templateFile"/> (0 when unknown).</param>
        public CargoProject? LoadProject(string codeUriDirectory, DiagnosticBag diagnostics, string? templateFile = null, int templateLine = 0)
        {
            lock (_gate)
            {
                try
                {
                    string? directory = CheckCodeUri(codeUriDirectory, diagnostics, templateFile, templateLine);
                    if (directory == null)
                    {
                        return null;
                    }
                    if (!_projects.TryGetValue(directory, out var loaded))
                    {
                        var found = new DiagnosticBag();
                        loaded = (LoadProjectUncached(directory, found), found.Items.ToList());
                        _projects[directory] = loaded;
                    }
                    ReportOnce(diagnostics, loaded.Diagnostics);
                    return loaded.Project;
                }
                catch (Exception e) when (!UnexpectedFailure.IsFatal(e))
                {
                    diagnostics.Add(UnexpectedFailure.Diagnostic($"reading the Cargo project in '{codeUriDirectory}'", e, templateFile, templateLine));
                    return null;
                }
            }
        }

        /// <summary>
        /// The binary a function deploys: the one named by BuildProperties.Binary, or the only one there is.
        /// Reports RL0032/33/34/35/38 at the template location; returns null after reporting.
        /// </summary>
        public CargoBinary? SelectBinary(CargoProject project, string? binary, string logicalId, DiagnosticBag diagnostics, string? templateFile, int templateLine)
        {
            try
            {
                return SelectBinaryCore(project, binary, logicalId, diagnostics, templateFile, templateLine);
            }
            catch (Exception e) when (!UnexpectedFailure.IsFatal(e))
            {
                diagnostics.Add(UnexpectedFailure.Diagnostic($"choosing the binary of function '{logicalId}'", e, templateFile, templateLine));
                return null;
            }
        }

        /// <summary>
        /// The package of a path dependency's manifest, through this reader's cache; null when it cannot be read (the
        /// dependency's own errors are cargo's to report). For <see cref="CargoInputFiles"/>.
        /// </summary>
        internal CargoPackage? LoadPathDependency(string manifestPath, CargoWorkspace? workspace)
        {
            lock (_gate)
            {
                var manifest = GetManifest(manifestPath, new DiagnosticBag());
                return manifest == null ? null : CargoPackageLoader.Load(manifest, workspace, new DiagnosticBag());
            }
        }

        private string? CheckCodeUri(string codeUriDirectory, DiagnosticBag diagnostics, string? templateFile, int templateLine)
        {
            const string hint = "CodeUri must point at the folder that holds the function's Cargo.toml (the package, or the workspace root), as `sam build` expects for BuildMethod rust-cargolambda.";
            string directory;
            try
            {
                directory = CargoPaths.Normalize(codeUriDirectory);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                diagnostics.Error(DiagnosticCodes.ManifestNotFound, $"CodeUri '{codeUriDirectory}' is not a usable folder path ({e.Message}). {hint}", templateFile, templateLine);
                return null;
            }
            string manifest = CargoPaths.ManifestIn(directory);
            string? problem = !Directory.Exists(directory) ? $"CodeUri folder '{directory}' does not exist."
                : Directory.Exists(manifest) ? $"'{manifest}' is a folder, not a file, so CodeUri folder '{directory}' has no Cargo.toml."
                : !File.Exists(manifest) ? $"CodeUri folder '{directory}' has no Cargo.toml."
                : null;
            if (problem != null)
            {
                diagnostics.Error(DiagnosticCodes.ManifestNotFound, $"{problem} {hint}", templateFile, templateLine);
                return null;
            }
            return directory;
        }

        private CargoProject? LoadProjectUncached(string directory, DiagnosticBag diagnostics)
        {
            var manifest = GetManifest(CargoPaths.ManifestIn(directory), diagnostics);
            if (manifest == null)
            {
                return null;
            }

            var ownWorkspace = CargoWorkspace.FromManifest(manifest, diagnostics);
            if (ownWorkspace != null)
            {
                var members = LoadMembers(ownWorkspace, diagnostics);
                var all = members.SelectMany(p => p.Binaries).ToList();
                return new CargoProject(directory, directory, true, members, all, ownWorkspace, all);
            }

            if (!manifest.Root.ContainsKey("package"))
            {
                diagnostics.Error(DiagnosticCodes.ManifestWrongType,
                    $"{manifest.Path} has neither a [package] nor a [workspace] table, so it defines no crate to build. " +
                    "Add a [package] table with `name = \"...\"` (or a [workspace] with `members`), or point CodeUri at the right folder.",
                    manifest.Path);
                return null;
            }

            var (workspace, viaPointer) = FindEnclosingWorkspace(manifest, diagnostics);
            if (workspace != null)
            {
                var members = LoadMembers(workspace, diagnostics);
                var member = members.FirstOrDefault(p => string.Equals(p.ManifestPath, manifest.Path, CargoPaths.Comparison));
                if (member == null && viaPointer)
                {
                    member = CargoPackageLoader.Load(manifest, workspace, diagnostics);
                    if (member != null)
                    {
                        members.Add(member);
                    }
                }
                if (member != null)
                {
                    return new CargoProject(directory, workspace.RootDirectory, true, new[] { member }, member.Binaries, workspace,
                        members.SelectMany(p => p.Binaries).ToList());
                }
            }

            // Not a member of any workspace: the package is its own build root.
            var package = CargoPackageLoader.Load(manifest, null, diagnostics);
            return package == null ? null
                : new CargoProject(directory, directory, false, new[] { package }, package.Binaries, null, package.Binaries);
        }

        /// <summary>
        /// Cargo's root search: a `package.workspace` pointer wins; otherwise the nearest ancestor Cargo.toml with a
        /// [workspace] that does not exclude this package (an ancestor member's own pointer counts too).
        /// </summary>
        private (CargoWorkspace? Workspace, bool ViaPointer) FindEnclosingWorkspace(CargoManifest manifest, DiagnosticBag diagnostics)
        {
            var pointed = FollowWorkspacePointer(manifest, diagnostics);
            if (pointed != null)
            {
                return (pointed, true);
            }
            for (var folder = Directory.GetParent(manifest.Directory); folder != null; folder = folder.Parent)
            {
                string candidatePath = CargoPaths.ManifestIn(folder.FullName);
                if (!File.Exists(candidatePath))
                {
                    continue;
                }
                var candidate = GetManifest(candidatePath, diagnostics);
                if (candidate == null)
                {
                    // Cargo stops at an unreadable ancestor manifest too; the error is already reported.
                    return (null, false);
                }
                var workspace = CargoWorkspace.FromManifest(candidate, diagnostics);
                if (workspace != null)
                {
                    if (!workspace.IsExcluded(manifest.Path))
                    {
                        return (workspace, false);
                    }
                    continue;
                }
                var ancestorPointer = FollowWorkspacePointer(candidate, diagnostics);
                if (ancestorPointer != null)
                {
                    return (ancestorPointer, false);
                }
            }
            return (null, false);
        }

        private CargoWorkspace? FollowWorkspacePointer(CargoManifest manifest, DiagnosticBag diagnostics)
        {
            var package = manifest.Root.TryGetValue("package", out var p) ? p as Tomlyn.Model.TomlTable : null;
            string? pointer = package == null ? null
                : manifest.GetPath(package, "workspace", "package.workspace", diagnostics, "workspace = \"../..\"");
            if (pointer == null)
            {
                return null;
            }
            string rootManifest = CargoPaths.ManifestIn(CargoPaths.Resolve(manifest.Directory, pointer));
            var root = File.Exists(rootManifest) ? GetManifest(rootManifest, diagnostics) : null;
            return root == null ? null : CargoWorkspace.FromManifest(root, diagnostics);
        }

        /// <summary>
        /// Cargo's member set: the root package, each `members` folder not excluded, then (transitively) every path dependency
        /// of a member that lies inside the workspace folder — Cargo makes those members without listing them.
        /// </summary>
        private List<CargoPackage> LoadMembers(CargoWorkspace workspace, DiagnosticBag diagnostics)
        {
            var candidates = new Queue<(string Folder, bool IsPathDependency)>();
            if (workspace.Manifest.Root.ContainsKey("package"))
            {
                candidates.Enqueue((workspace.RootDirectory, false));
            }
            foreach (string folder in workspace.ExpandMembers(diagnostics))
            {
                candidates.Enqueue((folder, false));
            }

            var members = new List<CargoPackage>();
            var visited = new HashSet<string>(CargoPaths.Comparer);
            while (candidates.Count > 0)
            {
                var (folder, isPathDependency) = candidates.Dequeue();
                string manifestPath = CargoPaths.ManifestIn(folder);
                if (!visited.Add(manifestPath)
                    || (isPathDependency && !CargoPaths.IsSameOrUnder(folder, workspace.RootDirectory))
                    || workspace.IsExcluded(manifestPath)
                    || !File.Exists(manifestPath))
                {
                    continue;
                }
                var manifest = GetManifest(manifestPath, diagnostics);
                var package = manifest == null ? null : CargoPackageLoader.Load(manifest, workspace, diagnostics);
                if (package == null)
                {
                    continue;
                }
                members.Add(package);
                foreach (string dependency in package.PathDependencyDirectories)
                {
                    candidates.Enqueue((dependency, true));
                }
            }
            return members;
        }

        private CargoManifest? GetManifest(string path, DiagnosticBag diagnostics)
        {
            path = CargoPaths.Normalize(path);
            if (!_manifests.TryGetValue(path, out var parsed))
            {
                parsed = (CargoManifest.Parse(path, out var failure), failure);
                _manifests[path] = parsed;
            }
            if (parsed.Failure != null)
            {
                diagnostics.AddRange(new[] { parsed.Failure });
            }
            return parsed.Manifest;
        }

        private void ReportOnce(DiagnosticBag diagnostics, IEnumerable<Diagnostic> found)
        {
            var reported = _alreadyReported.GetOrCreateValue(diagnostics);
            diagnostics.AddRange(found.Where(d => reported.Add(d.ToString())));
        }

        private CargoBinary? SelectBinaryCore(CargoProject project, string? binary, string logicalId, DiagnosticBag diagnostics, string? templateFile, int templateLine)
        {
            string scope = project.CodeUriIsWorkspaceRoot
                ? $"the workspace at {CargoPaths.ManifestIn(project.BuildRoot)}"
                : project.Packages.Count == 1 ? $"package '{project.Packages[0].Name}' ({project.Packages[0].ManifestPath})"
                : $"the Cargo project in {project.CodeUriDirectory}";
            var names = project.Binaries.Select(b => b.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();

            if (binary != null)
            {
                string? invalid = InvalidNameReason(binary);
                if (invalid != null)
                {
                    diagnostics.Error(DiagnosticCodes.InvalidBinaryName,
                        $"Function '{logicalId}': BuildProperties Binary '{binary}' is not a valid Cargo target name: {invalid}. " +
                        "Use the name of a binary target (letters, digits, '-' and '_' only), such as the package name or a [[bin]] name.",
                        templateFile, templateLine);
                    return null;
                }
            }
            if (names.Count == 0 && diagnostics.Items.Any(d => d.Severity == DiagnosticSeverity.Error && project.ManifestPaths.Contains(d.File ?? "", CargoPaths.Comparer)))
            {
                // A manifest of this project is already reported as wrong; "no binary target" would only mislead.
                return null;
            }
            if (names.Count == 0)
            {
                string autobinsHint = project.Packages.Any(p => p.AutobinsDisabled)
                    ? " Note that `autobins = false` turns off discovery of src/main.rs and src/bin/, so only [[bin]] entries count."
                    : "";
                diagnostics.Error(DiagnosticCodes.NoBinaries,
                    $"Function '{logicalId}': {scope} has no binary target (a library alone cannot be deployed as a Lambda function). " +
                    $"Add src/main.rs with a `fn main`, or declare one in Cargo.toml with [[bin]] name = \"...\" path = \"...\".{autobinsHint}",
                    templateFile, templateLine);
                return null;
            }
            if (binary == null && names.Count > 1)
            {
                diagnostics.Error(DiagnosticCodes.AmbiguousBinary,
                    $"Function '{logicalId}': {scope} has {names.Count} binaries ({string.Join(", ", names)}), so the function must say which one it deploys: " +
                    $"Metadata: {{ BuildMethod: rust-cargolambda, BuildProperties: {{ Binary: {names[0]} }} }}.",
                    templateFile, templateLine);
                return null;
            }

            string selected = binary ?? names[0];
            var candidates = project.Binaries.Where(b => b.Name == selected).ToList();
            if (candidates.Count == 0)
            {
                diagnostics.Error(DiagnosticCodes.BinaryNotFound,
                    $"Function '{logicalId}': BuildProperties Binary '{selected}' is not a binary of {scope}. The binaries are: {string.Join(", ", names)}. " +
                    "Set Binary to one of them, or add a [[bin]] with that name to Cargo.toml.",
                    templateFile, templateLine);
                return null;
            }

            // The build runs `cargo build --workspace --bin X`, so a name shared by two members would build both into one file.
            var sameName = project.WorkspaceBinaries.Where(b => b.Name == selected).ToList();
            if (sameName.Count > 1)
            {
                var owners = sameName.Select(b => $"package '{b.Package.Name}' ({b.Package.ManifestPath})").Distinct(StringComparer.Ordinal);
                diagnostics.Error(DiagnosticCodes.DuplicateBinary,
                    $"Function '{logicalId}': binary '{selected}' is defined by more than one workspace member: {string.Join(" and ", owners)}. " +
                    "Cargo cannot tell them apart with --bin; rename one of them with a [[bin]] name = \"...\" entry in its Cargo.toml.",
                    templateFile, templateLine);
                return null;
            }
            // Cargo refuses such a name too; it must never become a folder of ours (`<lambda-dir>/<bin>/bootstrap`).
            string? invalidInManifest = InvalidNameReason(selected);
            if (invalidInManifest != null)
            {
                var origin = candidates[0].NameOrigin;
                diagnostics.Error(DiagnosticCodes.ManifestWrongType,
                    $"{origin.Describe(MessageText.Shorten(selected))} is not a valid Cargo target name: {invalidInManifest}; use letters, digits, '-' and '_' only. {origin.Fix}.",
                    origin.File, origin.Line, origin.Column);
                return null;
            }
            return candidates[0];
        }

        private static string? InvalidNameReason(string name)
        {
            if (name.Trim().Length == 0)
            {
                return "it is empty";
            }
            if (name.IndexOfAny(new[] { '/', '\\' }) >= 0)
            {
                return "it contains a path separator";
            }
            if (name.Contains(".."))
            {
                return "it contains '..'";
            }
            if (name.StartsWith("-", StringComparison.Ordinal))
            {
                // cargo would read `--bin --release` as a flag.
                return "it starts with '-', which cargo would read as an option";
            }
            char bad = name.FirstOrDefault(c => !char.IsLetterOrDigit(c) && c != '-' && c != '_');
            return bad == default ? null : $"it contains '{MessageText.Escape(bad.ToString())}'";
        }
    }
}
