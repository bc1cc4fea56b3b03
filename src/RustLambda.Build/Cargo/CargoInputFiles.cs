using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RustLambda.Build.Cargo
{
    /// <summary>
    /// The files whose change must rebuild a Cargo project: an incrementality concern, kept apart from reading manifests.
    /// Manifests, Cargo.lock, build scripts, Cargo and toolchain configuration from BuildRoot upwards, and every .rs file of
    /// the packages and of their path dependencies (skipping `target` and hidden folders).
    /// </summary>
    public static class CargoInputFiles
    {
        /// <param name="reader">The reader that loaded <paramref name="project"/>; path dependencies load through its cache.</param>
        /// <returns>Existing files only; sorted ordinally, distinct, absolute.</returns>
        public static IReadOnlyList<string> Of(CargoProject project, CargoManifestReader reader)
        {
            var files = new HashSet<string>(CargoPaths.Comparer);
            try
            {
                Collect(project, reader, files);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                // Inputs only steer incremental builds; a partial list still builds, and cargo itself reports unreadable sources.
            }
            return files.Where(File.Exists).OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        private static void Collect(CargoProject project, CargoManifestReader reader, HashSet<string> files)
        {
            files.Add(CargoPaths.ManifestIn(project.BuildRoot));
            files.Add(Path.Combine(project.BuildRoot, "Cargo.lock"));
            files.UnionWith(ConfigFileCandidates(project.BuildRoot));

            var pending = new Queue<CargoPackage>(project.Packages);
            var visited = new HashSet<string>(CargoPaths.Comparer);
            while (pending.Count > 0)
            {
                var package = pending.Dequeue();
                if (!visited.Add(package.ManifestPath))
                {
                    continue;
                }
                files.Add(package.ManifestPath);
                if (package.BuildScriptPath != null)
                {
                    files.Add(package.BuildScriptPath);
                }
                foreach (var binary in package.Binaries)
                {
                    files.Add(binary.SourcePath);
                }
                AddRustSources(package.Directory, files);

                // A path dependency's sources are compiled into the binary, so they are inputs even outside the workspace.
                foreach (string dependency in package.PathDependencyDirectories)
                {
                    string manifestPath = CargoPaths.ManifestIn(dependency);
                    if (visited.Contains(manifestPath) || !File.Exists(manifestPath))
                    {
                        continue;
                    }
                    var dependencyPackage = reader.LoadPathDependency(manifestPath, project.Workspace);
                    if (dependencyPackage != null)
                    {
                        pending.Enqueue(dependencyPackage);
                    }
                }
            }
        }

        /// <summary>
        /// The files cargo (.cargo/config(.toml)) and rustup (rust-toolchain(.toml)) read from a build root's folder upwards,
        /// whether or not they exist: one appearing changes the build.
        /// </summary>
        public static IEnumerable<string> ConfigFileCandidates(string buildRoot)
        {
            for (var folder = new DirectoryInfo(buildRoot); folder != null; folder = folder.Parent)
            {
                yield return Path.Combine(folder.FullName, ".cargo", "config");
                yield return Path.Combine(folder.FullName, ".cargo", "config.toml");
                yield return Path.Combine(folder.FullName, "rust-toolchain");
                yield return Path.Combine(folder.FullName, "rust-toolchain.toml");
            }
        }

        /// <summary>
        /// Every .rs below the package, skipping build output (`target`) and hidden folders (.git and the like). Linked folders
        /// are not followed, which keeps a symlink loop from recursing forever.
        /// </summary>
        public static void AddRustSources(string folder, HashSet<string> files)
        {
            var pending = new Stack<string>();
            pending.Push(folder);
            while (pending.Count > 0)
            {
                string current = pending.Pop();
                try
                {
                    foreach (string file in Directory.EnumerateFiles(current, "*.rs"))
                    {
                        if (string.Equals(Path.GetExtension(file), ".rs", StringComparison.Ordinal))
                        {
                            files.Add(file);
                        }
                    }
                    foreach (var child in new DirectoryInfo(current).EnumerateDirectories())
                    {
                        if (child.Name != "target" && !child.Name.StartsWith(".", StringComparison.Ordinal)
                            && (child.Attributes & FileAttributes.ReparsePoint) == 0)
                        {
                            pending.Push(child.FullName);
                        }
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // An unreadable folder cannot hold sources cargo could read either.
                }
            }
        }
    }
}
