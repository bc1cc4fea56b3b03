using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;
using Tomlyn.Model;

namespace RustLambda.Build.Cargo
{
    /// <summary>Turns the `[package]` of a parsed manifest into a <see cref="CargoPackage"/>, reading only what the build needs.</summary>
    internal static class CargoPackageLoader
    {
        private static readonly string[] DependencyKinds = { "dependencies", "dev-dependencies", "dev_dependencies", "build-dependencies", "build_dependencies" };

        /// <summary>Null when the manifest has no usable `[package]`; the problems found are in <paramref name="diagnostics"/>.</summary>
        /// <param name="workspace">The workspace the package belongs to, for `*.workspace = true` values; null when none.</param>
        public static CargoPackage? Load(CargoManifest manifest, CargoWorkspace? workspace, DiagnosticBag diagnostics)
        {
            var packageTable = manifest.GetTable(manifest.Root, "package", "package", diagnostics, "[package]");
            if (packageTable == null)
            {
                return null;
            }
            const string nameExample = "name = \"my-function\"";
            string? name = manifest.GetString(packageTable, "name", "package.name", diagnostics, nameExample);
            if (name == null)
            {
                if (!packageTable.ContainsKey("name"))
                {
                    manifest.ReportMissing(manifest.Root, "package", "package.name", diagnostics, "a string", nameExample);
                }
                return null;
            }

            var package = new CargoPackage(name, manifest.Path) { NamePosition = manifest.PositionOf(packageTable, "name") };
            bool? autobins = manifest.GetBool(packageTable, "autobins", "package.autobins", diagnostics, "autobins = false");
            package.AutobinsDisabled = autobins == false;
            bool hasLibrary = manifest.Root.ContainsKey("lib") || File.Exists(Path.Combine(package.Directory, "src", "lib.rs"));
            package.Binaries = CargoTargets.Resolve(package, autobins, IsEdition2015(manifest, packageTable, workspace, diagnostics), hasLibrary,
                ReadExplicitBinaries(manifest, diagnostics));
            package.BuildScriptPath = BuildScript(manifest, packageTable, diagnostics);
            package.PathDependencyDirectories = PathDependencies(manifest, workspace).ToList();
            return package;
        }

        private static IReadOnlyList<ExplicitBinary>? ReadExplicitBinaries(CargoManifest manifest, DiagnosticBag diagnostics)
        {
            var tables = manifest.GetTableArray(manifest.Root, "bin", "bin", diagnostics, "[[bin]] name = \"my-function\"");
            if (tables == null)
            {
                // A [[bin]] key of the wrong type still means "the author listed binaries": fall back to none rather than guessing.
                return manifest.Root.ContainsKey("bin") ? Array.Empty<ExplicitBinary>() : null;
            }
            var binaries = new List<ExplicitBinary>();
            for (int i = 0; i < tables.Count; i++)
            {
                var table = tables[i];
                string? name = manifest.GetString(table, "name", $"bin[{i}].name", diagnostics, "name = \"my-function\"");
                string? path = manifest.GetPath(table, "path", $"bin[{i}].path", diagnostics, "path = \"src/bin/my-function.rs\"");
                if (name == null)
                {
                    if (!table.ContainsKey("name"))
                    {
                        manifest.ReportMissing(manifest.Root, "bin", $"bin[{i}].name", diagnostics, "a string (every [[bin]] needs a name)", "name = \"my-function\"");
                    }
                    continue;
                }
                binaries.Add(new ExplicitBinary(name, path, BinaryNameOrigin.BinSection(manifest.Path, manifest.PositionOf(table, "name"))));
            }
            return binaries;
        }

        /// <summary>Edition 2015 (Cargo's default when none is written) changes how [[bin]] entries combine with discovered ones.</summary>
        private static bool IsEdition2015(CargoManifest manifest, TomlTable packageTable, CargoWorkspace? workspace, DiagnosticBag diagnostics)
        {
            if (!packageTable.TryGetValue("edition", out var edition))
            {
                return true;
            }
            if (edition is string text)
            {
                return text == "2015";
            }
            if (edition is TomlTable inherit && inherit.TryGetValue("workspace", out var flag) && flag is bool inherits && inherits)
            {
                // Unresolvable inheritance is an error cargo reports itself; assume a modern edition meanwhile.
                return workspace?.InheritableEdition == "2015";
            }
            manifest.ReportWrongType(packageTable, "edition", "package.edition", diagnostics, "a string or `{ workspace = true }`", edition, "edition = \"2021\"");
            return false;
        }

        /// <summary>`build = "path"` names the script, `build = false` turns it off; otherwise Cargo uses build.rs when it exists.</summary>
        private static string? BuildScript(CargoManifest manifest, TomlTable packageTable, DiagnosticBag diagnostics)
        {
            string conventional = Path.Combine(manifest.Directory, "build.rs");
            if (!packageTable.TryGetValue("build", out var build))
            {
                return File.Exists(conventional) ? conventional : null;
            }
            switch (build)
            {
                case string path when CargoManifest.IsUsablePath(path):
                    return CargoPaths.Resolve(manifest.Directory, path);
                case bool enabled:
                    return enabled ? conventional : null;
                default:
                    manifest.ReportWrongType(packageTable, "build", "package.build", diagnostics, "a path string or a boolean", build, "build = \"build.rs\"");
                    return null;
            }
        }

        /// <summary>
        /// Folders of every `path` dependency, including `dep.workspace = true` ones whose path lives in `[workspace.dependencies]`
        /// (relative to the root). Malformed dependency entries are skipped: cargo reports those with better context.
        /// </summary>
        public static IEnumerable<string> PathDependencies(CargoManifest manifest, CargoWorkspace? workspace)
        {
            var tables = DependencyTables(manifest.Root).ToList();
            if (manifest.Root.TryGetValue("target", out var targets) && targets is TomlTable platforms)
            {
                tables.AddRange(platforms.Values.OfType<TomlTable>().SelectMany(DependencyTables));
            }
            var folders = new List<string>();
            foreach (var entry in tables.SelectMany(table => table))
            {
                if (!(entry.Value is TomlTable spec))
                {
                    continue;
                }
                if (spec.TryGetValue("path", out var path) && path is string relative)
                {
                    AddResolved(folders, manifest.Directory, relative);
                }
                else if (spec.TryGetValue("workspace", out var inherits) && inherits is bool yes && yes
                    && workspace?.Dependencies != null && workspace.Dependencies.TryGetValue(entry.Key, out var shared)
                    && shared is TomlTable sharedSpec && sharedSpec.TryGetValue("path", out var sharedPath) && sharedPath is string sharedRelative)
                {
                    AddResolved(folders, workspace.RootDirectory, sharedRelative);
                }
            }
            return folders.Distinct(CargoPaths.Comparer);
        }

        private static IEnumerable<TomlTable> DependencyTables(TomlTable table) =>
            DependencyKinds.Select(kind => table.TryGetValue(kind, out var value) ? value as TomlTable : null).Where(t => t != null)!;

        private static void AddResolved(List<string> folders, string directory, string relative)
        {
            try
            {
                folders.Add(CargoPaths.Resolve(directory, relative));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                // An unusable path cannot name a folder we could watch; cargo will reject it.
            }
        }
    }
}
