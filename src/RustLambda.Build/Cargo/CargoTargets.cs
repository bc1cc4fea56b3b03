using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RustLambda.Build.Cargo
{
    /// <summary>
    /// Cargo's binary target rules (cargo/util/toml/targets.rs: inferred_bins, toml_targets_and_inferred, target_path),
    /// reproduced so that the names we pass to `--bin` are the names Cargo knows.
    /// </summary>
    internal static class CargoTargets
    {
        public static IReadOnlyList<CargoBinary> Resolve(CargoPackage package, bool? autobins, bool isEdition2015, bool hasLibrary,
            IReadOnlyList<ExplicitBinary>? explicitBinaries)
        {
            string root = package.Directory;
            var inferred = Infer(package);
            if (explicitBinaries == null)
            {
                return autobins == false ? Array.Empty<CargoBinary>() : inferred.Select(i => new CargoBinary(i.Name, i.Path, package, i.Origin)).ToList();
            }

            var binaries = new List<CargoBinary>();
            foreach (var bin in explicitBinaries)
            {
                // Cargo rejects a package with two bins of one name; keeping the first avoids reporting it as a workspace collision.
                if (binaries.Any(b => b.Name == bin.Name))
                {
                    continue;
                }
                string path = bin.Path != null ? CargoPaths.Resolve(root, bin.Path) : InferredPath(root, bin.Name, inferred, isEdition2015, hasLibrary);
                binaries.Add(new CargoBinary(bin.Name, path, package, bin.Origin));
            }

            // Edition 2015 stops discovering once any [[bin]] is written, unless autobins says otherwise.
            if (autobins ?? !isEdition2015)
            {
                var explicitPaths = new HashSet<string>(explicitBinaries.Where(b => b.Path != null).Select(b => CargoPaths.Resolve(root, b.Path!)), CargoPaths.Comparer);
                binaries.AddRange(inferred
                    .Where(i => !explicitBinaries.Any(b => b.Name == i.Name) && !explicitPaths.Contains(i.Path))
                    .Select(i => new CargoBinary(i.Name, i.Path, package, i.Origin)));
            }
            return binaries;
        }

        /// <summary>src/main.rs (named after the package), src/bin/*.rs (by stem), src/bin/*/main.rs (by folder); dot-entries skipped.</summary>
        private static List<(string Name, string Path, BinaryNameOrigin Origin)> Infer(CargoPackage package)
        {
            string root = package.Directory;
            var found = new List<(string Name, string Path, BinaryNameOrigin Origin)>();
            string main = Path.Combine(root, "src", "main.rs");
            if (File.Exists(main))
            {
                found.Add((package.Name, main, BinaryNameOrigin.PackageName(package.ManifestPath, package.NamePosition)));
            }
            string binFolder = Path.Combine(root, "src", "bin");
            string[] entries;
            try
            {
                entries = Directory.Exists(binFolder) ? Directory.GetFileSystemEntries(binFolder) : Array.Empty<string>();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                entries = Array.Empty<string>();
            }
            foreach (string entry in entries.OrderBy(e => e, StringComparer.Ordinal))
            {
                string fileName = Path.GetFileName(entry);
                if (fileName.StartsWith(".", StringComparison.Ordinal))
                {
                    continue;
                }
                if (Directory.Exists(entry))
                {
                    string nestedMain = Path.Combine(entry, "main.rs");
                    if (File.Exists(nestedMain))
                    {
                        found.Add((fileName, nestedMain, BinaryNameOrigin.SourceFile(nestedMain, $"the folder src/bin/{fileName}/")));
                    }
                }
                else if (string.Equals(Path.GetExtension(entry), ".rs", StringComparison.Ordinal))
                {
                    found.Add((Path.GetFileNameWithoutExtension(entry), entry, BinaryNameOrigin.SourceFile(entry, $"src/bin/{fileName}")));
                }
            }
            return found;
        }

        /// <summary>
        /// A [[bin]] without `path` takes the discovered file of the same name. When there is none (or two), 2015 falls back to
        /// its legacy spots; otherwise Cargo fails, and we return the path its error names so the message stays recognisable.
        /// </summary>
        private static string InferredPath(string root, string name, List<(string Name, string Path, BinaryNameOrigin Origin)> inferred, bool isEdition2015, bool hasLibrary)
        {
            var matches = inferred.Where(i => i.Name == name).Select(i => i.Path).ToList();
            if (matches.Count == 1)
            {
                return matches[0];
            }
            if (isEdition2015)
            {
                var legacy = new[]
                    {
                        hasLibrary ? null : Path.Combine(root, "src", name + ".rs"),
                        Path.Combine(root, "src", "main.rs"),
                        Path.Combine(root, "src", "bin", "main.rs"),
                    }
                    .FirstOrDefault(candidate => candidate != null && File.Exists(candidate));
                if (legacy != null)
                {
                    return legacy;
                }
            }
            return matches.Count > 0 ? matches[0] : Path.Combine(root, "src", "bin", name + ".rs");
        }
    }
}
