using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Template;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// From a <see cref="BuildRequest"/> to a <see cref="BuildResolution"/>: reads the SAM template and the Cargo manifests,
    /// checks the beta opt-in, finds the tools, chooses the builder, plans the cargo invocations and lists the inputs.
    /// Starts no process, so it is safe in evaluation-adjacent and design-time builds.
    /// </summary>
    public static class BuildResolver
    {
        /// <param name="log">Receives low-importance notes for the build log (which setting decided the opt-in, ...).</param>
        public static BuildResolution Resolve(BuildRequest request, DiagnosticBag diagnostics, Action<string> log)
        {
            var resolution = new BuildResolution();
            string projectDirectory = Path.GetFullPath(request.ProjectDirectory);
            var overrides = ParameterOverrides.Parse(request.SamParameterOverrides, diagnostics);
            var selected = (request.SamFunctions ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            string? templatePath = SamTemplateReader.Locate(projectDirectory, request.SamTemplate, diagnostics);
            if (templatePath == null || diagnostics.HasErrors)
            {
                return resolution;
            }
            resolution.TemplatePath = templatePath;
            string samBuildDirectory = SamBuildLayoutWriter.DefaultBuildDirectory(templatePath, request.SamBuildDirectory, projectDirectory);
            resolution.SamBuildDirectory = samBuildDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var tree = new SamStackReader(diagnostics).Read(templatePath, overrides, selected);
            if (tree == null)
            {
                return resolution;
            }
            resolution.Stacks = tree.Stacks;

            var manifests = new CargoManifestReader();
            var requests = new List<(FunctionBuildRequest Request, LambdaFunctionDefinition Definition)>();
            var projects = new List<CargoProject>();
            foreach (var function in tree.Functions)
            {
                var project = manifests.LoadProject(function.CodeDirectory, diagnostics, templatePath, function.CodeUriLine);
                if (project == null)
                {
                    continue;
                }
                projects.Add(project);
                var binary = manifests.SelectBinary(project, function.Binary, function.LogicalId, diagnostics, templatePath, function.Binary != null ? function.BinaryLine : function.Line);
                if (binary == null)
                {
                    continue;
                }
                requests.Add((new FunctionBuildRequest
                {
                    LogicalId = function.FullPath,
                    Binary = binary.Name,
                    Runtime = function.Runtime,
                    Architecture = function.Architecture,
                    Handler = function.Handler,
                    BuildRoot = project.BuildRoot,
                    IsWorkspace = project.IsWorkspace,
                }, function));
            }
            if (diagnostics.HasErrors || requests.Count == 0)
            {
                return resolution;
            }
            if (!LogicalIdCaseClashes.Check(requests.Select(r => r.Definition), tree.Stacks, diagnostics))
            {
                return resolution;
            }
            if (!CheckOutputLocations(request, projectDirectory, templatePath, samBuildDirectory, projects, diagnostics))
            {
                return resolution;
            }

            string samConfigPath = string.IsNullOrWhiteSpace(request.SamConfigFile)
                ? Path.Combine(Path.GetDirectoryName(templatePath)!, "samconfig.toml")
                : Path.GetFullPath(Path.Combine(projectDirectory, request.SamConfigFile!.Trim()));
            string samConfigEnv = string.IsNullOrWhiteSpace(request.SamConfigEnv) ? "default" : request.SamConfigEnv!.Trim();
            if (request.ForBuild)
            {
                var optIn = BetaOptIn.Evaluate(request.SamBetaFeatures, request.Environment, samConfigPath, !string.IsNullOrWhiteSpace(request.SamConfigFile), samConfigEnv, diagnostics);
                if (!optIn.IsEnabled && !diagnostics.HasErrors)
                {
                    diagnostics.Error(DiagnosticCodes.BetaNotEnabled, BetaOptIn.NotEnabledMessage(samConfigPath, samConfigEnv), templatePath);
                }
                log($"rust-cargolambda beta opt-in: {optIn.Reason}");
            }

            resolution.CargoPath = request.Tools.FindCargo(request.CargoPath);
            resolution.CargoLambdaPath = request.Tools.FindCargoLambda(request.CargoLambdaPath, resolution.CargoPath);
            var toolDiagnostics = request.ForBuild ? diagnostics : new DiagnosticBag();
            if (resolution.CargoPath == null || (!string.IsNullOrWhiteSpace(request.CargoPath) && !File.Exists(resolution.CargoPath)))
            {
                toolDiagnostics.Error(DiagnosticCodes.CargoNotFound, ToolMessages.CargoNotFound(string.IsNullOrWhiteSpace(request.CargoPath)
                    ? "searched CARGO, PATH, CARGO_HOME/bin and ~/.cargo/bin"
                    : $"RustLambdaCargoPath is '{request.CargoPath}'"));
            }
            if (!string.IsNullOrWhiteSpace(request.CargoLambdaPath) && (resolution.CargoLambdaPath == null || !File.Exists(resolution.CargoLambdaPath)))
            {
                toolDiagnostics.Error(DiagnosticCodes.CargoLambdaNotFound, $"RustLambdaCargoLambdaPath is '{request.CargoLambdaPath}', but no cargo-lambda executable is there. {ToolMessages.CargoLambdaInstall}");
                resolution.CargoLambdaPath = null;
            }
            var builder = BuilderSelection.Choose(request.Builder, resolution.CargoPath, resolution.CargoLambdaPath,
                requests.Select(r => r.Request.Architecture).Distinct().ToList(), request.Host, ToolMessages.CargoLambdaInstall, toolDiagnostics) ?? BuilderKind.CargoLambda;

            var settings = new BuildSettings
            {
                HostArchitecture = request.Host.IsLinux ? request.Host.Architecture : null,
                Configuration = string.IsNullOrWhiteSpace(request.Configuration) ? "Release" : request.Configuration!,
                Profile = request.Profile,
                Builder = builder,
                IntermediateDirectory = Path.GetFullPath(request.IntermediateDirectory),
                OutputDirectory = Path.GetFullPath(request.OutputDirectory),
            };
            var plan = BuildPlanner.Plan(requests.Select(r => r.Request), settings);
            resolution.Plan = plan;
            resolution.Definitions = requests.ToDictionary(r => r.Request.LogicalId, r => r.Definition, StringComparer.Ordinal);

            var inputs = new SortedSet<string>(tree.TemplatePaths, StringComparer.Ordinal);
            if (File.Exists(samConfigPath))
            {
                inputs.Add(samConfigPath);
            }
            foreach (var project in projects.GroupBy(p => p.CodeUriDirectory).Select(g => g.First()))
            {
                inputs.UnionWith(CargoInputFiles.Of(project, manifests));
            }
            if (request.ForBuild && !diagnostics.HasErrors && !string.IsNullOrEmpty(request.SettingsFile))
            {
                if (WriteSettings(request.SettingsFile!, resolution, inputs, request.EnvironmentVariables))
                {
                    log($"Build settings changed; wrote {request.SettingsFile}.");
                }
            }

            resolution.ListedInputFiles = inputs.ToList();
            resolution.InputFiles = WithRecordedInputs(inputs, plan.Invocations.Select(i => i.DependencyInputsFile));
            resolution.Dependencies = DependenciesOf(request, projectDirectory, tree.TemplatePaths, samConfigPath, projects, inputs, resolution);
            return resolution;
        }

        /// <summary>
        /// The input list plus the sources cargo reported last time (path dependencies outside the packages included): inputs
        /// too, but they must not change the settings hash, or the build after the first would always run again.
        /// </summary>
        public static IReadOnlyList<string> WithRecordedInputs(IEnumerable<string> inputs, IEnumerable<string> dependencyInputsFiles)
        {
            var all = new SortedSet<string>(inputs, StringComparer.Ordinal);
            foreach (string file in dependencyInputsFiles)
            {
                all.UnionWith(ReadRecordedInputs(file));
            }
            return all.ToList();
        }

        /// <summary>What this resolution read and looked for, so a cache of it knows when it no longer holds.</summary>
        private static ResolutionDependencies DependenciesOf(BuildRequest request, string projectDirectory, IEnumerable<string> templatePaths,
            string samConfigPath, IReadOnlyList<CargoProject> projects, IEnumerable<string> inputs, BuildResolution resolution)
        {
            var dependencies = new ResolutionDependencies();
            dependencies.FilesRead.UnionWith(templatePaths);
            if (string.IsNullOrWhiteSpace(request.SamTemplate))
            {
                // Found by name: a template name earlier in the search order appearing would be found instead.
                dependencies.MustStayAbsent.UnionWith(SamTemplateReader.DefaultTemplateNames.Select(n => Path.Combine(projectDirectory, n)));
            }
            (File.Exists(samConfigPath) ? dependencies.FilesRead : dependencies.MustStayAbsent).Add(samConfigPath);
            foreach (string input in inputs)
            {
                // The manifests are parsed; sources, build scripts and lock files are only listed (their edits are cargo's).
                (string.Equals(Path.GetFileName(input), CargoPaths.ManifestFileName, StringComparison.Ordinal) ? dependencies.FilesRead : dependencies.FilesListed).Add(input);
            }
            foreach (var project in projects)
            {
                dependencies.SourceFolders.Add(project.BuildRoot);
                dependencies.SourceFolders.UnionWith(project.Packages.Select(p => p.Directory));
                // A Cargo.toml or cargo/rustup configuration appearing above a package changes its workspace or its build.
                for (var folder = new DirectoryInfo(project.CodeUriDirectory).Parent; folder != null; folder = folder.Parent)
                {
                    string manifest = CargoPaths.ManifestIn(folder.FullName);
                    (File.Exists(manifest) ? dependencies.FilesRead : dependencies.MustStayAbsent).Add(manifest);
                }
                dependencies.MustStayAbsent.UnionWith(CargoInputFiles.ConfigFileCandidates(project.BuildRoot));
            }
            foreach (string? tool in new[] { resolution.CargoPath, resolution.CargoLambdaPath })
            {
                if (!string.IsNullOrEmpty(tool))
                {
                    dependencies.FilesRead.Add(tool!);
                }
            }
            dependencies.MustStayAbsent.UnionWith(request.Tools.Candidates("cargo"));
            dependencies.MustStayAbsent.UnionWith(request.Tools.Candidates("cargo-lambda"));
            if (resolution.CargoPath != null)
            {
                dependencies.MustStayAbsent.Add(Path.Combine(Path.GetDirectoryName(resolution.CargoPath) ?? ".", Path.GetFileName(resolution.CargoPath).Replace("cargo", "cargo-lambda")));
            }
            if (request.ForBuild && !string.IsNullOrEmpty(request.SettingsFile))
            {
                dependencies.FilesRead.Add(Path.GetFullPath(request.SettingsFile!));
            }
            // Found ones were added as read; the cache records only the candidates that are absent when it is written.
            dependencies.MustStayAbsent.ExceptWith(dependencies.FilesRead);
            // A workspace's members lie under its root, whose .rs listing already walks them: list each tree once.
            dependencies.SourceFolders.ExceptWith(dependencies.SourceFolders.Where(f => dependencies.SourceFolders.Any(other => IsWalkedFrom(f, other))).ToList());
            return dependencies;
        }

        /// <summary>True when listing the .rs files below <paramref name="root"/> (as CargoInputFiles does) also lists <paramref name="folder"/>'s.</summary>
        private static bool IsWalkedFrom(string folder, string root)
        {
            if (folder == root || !CargoPaths.IsSameOrUnder(folder, root))
            {
                return false;
            }
            string relative = folder.Substring(root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Length);
            return relative.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries)
                .All(segment => segment != "target" && !segment.StartsWith(".", StringComparison.Ordinal));
        }

        /// <summary>
        /// The hash of everything that shapes the cargo command lines, plus the list of input files (so adding or deleting a
        /// source file, which timestamps cannot show, also rebuilds). Rewritten only on change, so its timestamp is an input.
        /// </summary>
        /// <returns>True when the file was (re)written.</returns>
        private static bool WriteSettings(string settingsFile, BuildResolution resolution, IEnumerable<string> inputs, System.Collections.IDictionary environment)
        {
            var plan = resolution.Plan;
            var text = new StringBuilder();
            text.AppendLine("cargo=" + resolution.CargoPath).AppendLine("cargo-lambda=" + resolution.CargoLambdaPath);
            // Variables that change what cargo builds are part of the key, as the same settings in .cargo/config.toml are.
            foreach (var variable in CargoEnvironment.KeyLines(environment))
            {
                text.AppendLine("env " + variable);
            }
            foreach (var invocation in plan.Invocations)
            {
                text.AppendLine($"{invocation.Id} {invocation.Builder} {invocation.WorkingDirectory} {string.Join(" ", invocation.Arguments)}");
            }
            foreach (var function in plan.Functions)
            {
                text.AppendLine($"{function.Request.LogicalId} {function.InvocationId} {function.Request.Binary} {function.ZipPath}");
            }
            // Cargo.lock counts whether or not it exists yet: cargo creates it during the first build, which must not make
            // the second build look like the input list changed.
            var hashed = new SortedSet<string>(inputs, StringComparer.Ordinal);
            hashed.UnionWith(plan.Invocations.Select(i => Path.Combine(i.WorkingDirectory, "Cargo.lock")));
            foreach (var input in hashed)
            {
                text.AppendLine(input);
            }
            using var sha = SHA256.Create();
            string hash = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString())).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            return AtomicFile.WriteTextIfChanged(settingsFile, hash + Environment.NewLine);
        }

        /// <summary>Before anything is written: no output folder may be, or contain, a folder of sources (RL0121).</summary>
        private static bool CheckOutputLocations(BuildRequest request, string projectDirectory, string templatePath, string samBuildDirectory, IEnumerable<CargoProject> projects, DiagnosticBag diagnostics)
        {
            var locations = new OutputLocations();
            locations.AddSourceFolder(Path.GetDirectoryName(templatePath)!, "the template's folder");
            foreach (var project in projects)
            {
                locations.AddSourceFolder(project.CodeUriDirectory, "a function's CodeUri");
                locations.AddSourceFolder(project.BuildRoot, "a Cargo build root");
                foreach (var package in project.Packages)
                {
                    locations.AddSourceFolder(package.Directory, $"the Cargo package '{package.Name}'");
                }
            }
            bool ok = locations.Check("RustLambdaOutputDir (or OutDir)", request.OutputDirectory, request.ProjectFile, diagnostics);
            if (request.SamBuildOutput)
            {
                ok &= locations.Check("SamBuildDir", samBuildDirectory, request.ProjectFile, diagnostics, writesTemplate: true);
            }
            if (!string.IsNullOrWhiteSpace(request.PublishDirectory))
            {
                ok &= locations.Check("PublishDir", Path.Combine(projectDirectory, request.PublishDirectory!.Trim()), request.ProjectFile, diagnostics);
            }
            return ok;
        }

        private static IEnumerable<string> ReadRecordedInputs(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0) : Enumerable.Empty<string>();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Unreadable means unknown: fall back to the manifest-based inputs, which still rebuild on any source change.
                return Enumerable.Empty<string>();
            }
        }
    }
}
