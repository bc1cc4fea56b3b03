using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Building;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Reads the SAM template and the Cargo manifests, checks the beta opt-in, finds the tools and plans the cargo
    /// invocations. Starts no process, so it is safe in evaluation-adjacent and design-time builds.
    /// </summary>
    public sealed class ResolveRustLambdaBuild : Task
    {
        [Required]
        public string ProjectDirectory { get; set; } = "";

        public string? SamTemplate { get; set; }
        public string? SamParameterOverrides { get; set; }
        public string? SamFunctions { get; set; }
        public string? SamBetaFeatures { get; set; }
        public string? SamConfigFile { get; set; }
        public string? SamConfigEnv { get; set; }

        public string? Configuration { get; set; }
        public string? Profile { get; set; }
        public string? Builder { get; set; }
        public string? CargoPath { get; set; }
        public string? CargoLambdaPath { get; set; }

        [Required]
        public string OutputDirectory { get; set; } = "";

        [Required]
        public string IntermediateDirectory { get; set; } = "";

        /// <summary>Written only when a setting that changes the cargo command lines (or the input list) changes.</summary>
        public string? SettingsFile { get; set; }

        /// <summary>True for a real build: enforce the opt-in and require the tools. False when only asked what the artifacts are.</summary>
        public bool ForBuild { get; set; } = true;

        [Output] public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();
        [Output] public ITaskItem[] Invocations { get; set; } = Array.Empty<ITaskItem>();
        [Output] public ITaskItem[] InputFiles { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The root template and each local nested application's (ItemSpec: the template), with StackPath and NestedStacks.</summary>
        [Output] public ITaskItem[] Stacks { get; set; } = Array.Empty<ITaskItem>();
        [Output] public string? TemplatePath { get; set; }
        [Output] public string? ResolvedCargoPath { get; set; }
        [Output] public string? ResolvedCargoLambdaPath { get; set; }

        public override bool Execute()
        {
            var diagnostics = new DiagnosticBag();
            try
            {
                Resolve(diagnostics);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                diagnostics.Error(DiagnosticCodes.InternalError, $"RustLambda.Sdk failed unexpectedly while reading the template and manifests ({ex.GetType().Name}: {ex.Message}). Please report this with the build log.");
            }
            foreach (var diagnostic in diagnostics.Items)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    Log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                }
                else if (ForBuild)
                {
                    Log.LogWarning(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }

        private void Resolve(DiagnosticBag diagnostics)
        {
            string projectDirectory = Path.GetFullPath(ProjectDirectory);
            var overrides = ParameterOverrides.Parse(SamParameterOverrides, diagnostics);
            var selected = (SamFunctions ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            string? templatePath = SamTemplateReader.Locate(projectDirectory, SamTemplate, diagnostics);
            if (templatePath == null || diagnostics.HasErrors)
            {
                return;
            }
            TemplatePath = templatePath;
            var tree = new SamStackReader(diagnostics).Read(templatePath, overrides, selected);
            if (tree == null)
            {
                return;
            }
            Stacks = tree.Stacks.Select(StackItem).ToArray();

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
                return;
            }

            string samConfigPath = string.IsNullOrWhiteSpace(SamConfigFile)
                ? Path.Combine(Path.GetDirectoryName(templatePath)!, "samconfig.toml")
                : Path.GetFullPath(Path.Combine(projectDirectory, SamConfigFile!.Trim()));
            string samConfigEnv = string.IsNullOrWhiteSpace(SamConfigEnv) ? "default" : SamConfigEnv!.Trim();
            if (ForBuild)
            {
                var optIn = BetaOptIn.Evaluate(SamBetaFeatures, Environment.GetEnvironmentVariable, samConfigPath, !string.IsNullOrWhiteSpace(SamConfigFile), samConfigEnv, diagnostics);
                if (!optIn.IsEnabled && !diagnostics.HasErrors)
                {
                    diagnostics.Error(DiagnosticCodes.BetaNotEnabled, BetaOptIn.NotEnabledMessage(samConfigPath, samConfigEnv), templatePath);
                }
                Log.LogMessage(MessageImportance.Low, $"rust-cargolambda beta opt-in: {optIn.Reason}");
            }

            var host = HostPlatform.Current();
            var locator = ToolLocator.ForCurrentProcess();
            ResolvedCargoPath = locator.FindCargo(CargoPath);
            ResolvedCargoLambdaPath = locator.FindCargoLambda(CargoLambdaPath, ResolvedCargoPath);
            var toolDiagnostics = ForBuild ? diagnostics : new DiagnosticBag();
            if (ResolvedCargoPath == null || (!string.IsNullOrWhiteSpace(CargoPath) && !File.Exists(ResolvedCargoPath)))
            {
                toolDiagnostics.Error(DiagnosticCodes.CargoNotFound, ToolMessages.CargoNotFound(string.IsNullOrWhiteSpace(CargoPath)
                    ? "searched CARGO, PATH, CARGO_HOME/bin and ~/.cargo/bin"
                    : $"RustLambdaCargoPath is '{CargoPath}'"));
            }
            if (!string.IsNullOrWhiteSpace(CargoLambdaPath) && (ResolvedCargoLambdaPath == null || !File.Exists(ResolvedCargoLambdaPath)))
            {
                toolDiagnostics.Error(DiagnosticCodes.CargoLambdaNotFound, $"RustLambdaCargoLambdaPath is '{CargoLambdaPath}', but no cargo-lambda executable is there. {ToolMessages.CargoLambdaInstall}");
                ResolvedCargoLambdaPath = null;
            }
            var builder = BuilderSelection.Choose(Builder, ResolvedCargoPath, ResolvedCargoLambdaPath,
                requests.Select(r => r.Request.Architecture).Distinct().ToList(), host, ToolMessages.CargoLambdaInstall, toolDiagnostics) ?? BuilderKind.CargoLambda;

            var settings = new BuildSettings
            {
                HostArchitecture = host.IsLinux ? host.Architecture : null,
                Configuration = string.IsNullOrWhiteSpace(Configuration) ? "Release" : Configuration!,
                Profile = Profile,
                Builder = builder,
                IntermediateDirectory = Path.GetFullPath(IntermediateDirectory),
                OutputDirectory = Path.GetFullPath(OutputDirectory),
            };
            var plan = BuildPlanner.Plan(requests.Select(r => r.Request), settings);
            var definitions = requests.ToDictionary(r => r.Request.LogicalId, r => r.Definition, StringComparer.Ordinal);

            Functions = plan.Functions.Select(f => FunctionItem(f, definitions[f.Request.LogicalId])).ToArray();
            Invocations = plan.Invocations.Select(InvocationItem).ToArray();

            var inputs = new SortedSet<string>(tree.TemplatePaths, StringComparer.Ordinal);
            if (File.Exists(samConfigPath))
            {
                inputs.Add(samConfigPath);
            }
            foreach (var project in projects.GroupBy(p => p.CodeUriDirectory).Select(g => g.First()))
            {
                inputs.UnionWith(manifests.EnumerateInputFiles(project));
            }
            if (ForBuild && !diagnostics.HasErrors && !string.IsNullOrEmpty(SettingsFile))
            {
                WriteSettings(plan, inputs);
            }

            // After the hash: the sources cargo reported last time (path dependencies outside the packages included) are
            // inputs too, but they must not change the hash, or the build after the first would always run again.
            var all = new SortedSet<string>(inputs, StringComparer.Ordinal);
            foreach (var invocation in plan.Invocations)
            {
                all.UnionWith(ReadRecordedInputs(invocation.DependencyInputsFile));
            }
            InputFiles = all.Select(i => (ITaskItem)new TaskItem(i)).ToArray();
        }

        /// <summary>
        /// The hash of everything that shapes the cargo command lines, plus the list of input files (so adding or deleting a
        /// source file, which timestamps cannot show, also rebuilds). Rewritten only on change, so its timestamp is an input.
        /// </summary>
        private void WriteSettings(BuildPlan plan, IEnumerable<string> inputs)
        {
            var text = new StringBuilder();
            text.AppendLine("cargo=" + ResolvedCargoPath).AppendLine("cargo-lambda=" + ResolvedCargoLambdaPath);
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
            if (AtomicFile.WriteTextIfChanged(SettingsFile!, hash + Environment.NewLine))
            {
                Log.LogMessage(MessageImportance.Low, $"Build settings changed; wrote {SettingsFile}.");
            }
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

        private static ITaskItem FunctionItem(PlannedFunction function, LambdaFunctionDefinition definition)
        {
            // LogicalId is the full path (App/Function for a nested application's function): unique, and the output folder.
            var item = new TaskItem(function.Request.LogicalId);
            item.SetMetadata("LogicalId", function.Request.LogicalId);
            item.SetMetadata("ResourceId", definition.LogicalId);
            item.SetMetadata("StackPath", definition.StackPath);
            item.SetMetadata("Binary", function.Request.Binary);
            item.SetMetadata("Runtime", function.Request.Runtime);
            item.SetMetadata("Architecture", function.Request.Architecture);
            item.SetMetadata("Handler", function.Request.Handler ?? "");
            item.SetMetadata("ZipPath", function.ZipPath);
            item.SetMetadata("InvocationId", function.InvocationId);
            item.SetMetadata("CodeUri", definition.CodeDirectory);
            item.SetMetadata("TemplatePath", definition.TemplatePath);
            item.SetMetadata("TemplateLine", definition.Line.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("Timeout", definition.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture) ?? "");
            item.SetMetadata("MemorySize", definition.MemorySizeMb?.ToString(CultureInfo.InvariantCulture) ?? "");
            item.SetMetadata("EnvironmentVariables", ArgumentList.Encode(definition.EnvironmentVariables.Select(v => v.Key + "=" + v.Value)));
            return item;
        }

        private static ITaskItem StackItem(SamStack stack)
        {
            var item = new TaskItem(stack.TemplatePath);
            item.SetMetadata("StackPath", stack.StackPath);
            item.SetMetadata("NestedStacks", ArgumentList.Encode(stack.Children.Select(c => c.LogicalId)));
            return item;
        }

        private static ITaskItem InvocationItem(CargoInvocation invocation)
        {
            var item = new TaskItem(invocation.Id);
            item.SetMetadata("Builder", invocation.Builder.ToString());
            item.SetMetadata("WorkingDirectory", invocation.WorkingDirectory);
            item.SetMetadata("Arguments", ArgumentList.Encode(invocation.Arguments));
            item.SetMetadata("Binaries", ArgumentList.Encode(invocation.Binaries));
            item.SetMetadata("LambdaDirectory", invocation.LambdaDirectory ?? "");
            item.SetMetadata("StateDirectory", invocation.StateDirectory);
            item.SetMetadata("DependencyInputsFile", invocation.DependencyInputsFile);
            item.SetMetadata("Architecture", invocation.Architecture);
            item.SetMetadata("CrossCompiles", invocation.CrossCompiles ? "true" : "false");
            item.SetMetadata("TargetTriple", invocation.TargetTriple);
            item.SetMetadata("ProfileDirectory", invocation.ProfileDirectory);
            return item;
        }
    }
}
