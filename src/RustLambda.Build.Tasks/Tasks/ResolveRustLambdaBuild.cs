using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Building;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Reads the SAM template and the Cargo manifests, checks the beta opt-in, finds the tools and plans the cargo
    /// invocations (<see cref="BuildResolver"/>). Starts no process, so it is safe in evaluation-adjacent and design-time builds.
    /// </summary>
    public sealed class ResolveRustLambdaBuild : RustLambdaTask
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

        /// <summary>The project file: where diagnostics about settings (tools, output folders) are placed.</summary>
        public string? ProjectFile { get; set; }

        /// <summary>SamBuildDir as set (empty: .aws-sam/build beside the template).</summary>
        public string? SamBuildDirectory { get; set; }

        /// <summary>SamBuildOutput: whether the SAM layout is written at all (and so whether its folder is checked).</summary>
        public bool SamBuildOutput { get; set; } = true;

        /// <summary>PublishDir, checked like the other output folders.</summary>
        public string? PublishDirectory { get; set; }

        /// <summary>True for a real build: enforce the opt-in and require the tools. False when only asked what the artifacts are.</summary>
        public bool ForBuild { get; set; } = true;

        /// <summary>
        /// Where this resolution is cached (one file per mode); empty resolves every time. A build whose template, manifests,
        /// source files, settings and environment are unchanged reads it instead of parsing the template and manifests.
        /// </summary>
        public string? CacheFile { get; set; }

        [Output] public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();
        [Output] public ITaskItem[] Invocations { get; set; } = Array.Empty<ITaskItem>();
        [Output] public ITaskItem[] InputFiles { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The root template and each local nested application's (ItemSpec: the template), with StackPath and NestedStacks.</summary>
        [Output] public ITaskItem[] Stacks { get; set; } = Array.Empty<ITaskItem>();
        [Output] public string? TemplatePath { get; set; }

        /// <summary>The SAM layout's folder, full path with a trailing separator.</summary>
        [Output] public string? ResolvedSamBuildDirectory { get; set; }
        [Output] public string? ResolvedCargoPath { get; set; }
        [Output] public string? ResolvedCargoLambdaPath { get; set; }

        /// <summary>True when <see cref="CacheFile"/> answered: nothing the resolution depends on changed since it was written.</summary>
        [Output] public bool FromCache { get; set; }

        protected override string Activity => "reading the template and manifests";

        /// <summary>Logged (low importance) when the cache answered: what the SDK's tests look for.</summary>
        public const string CacheHitMessage = "template, manifests, source files and settings are unchanged; resolution read from";

        private const string FunctionGroup = "Function", InvocationGroup = "Invocation", InputGroup = "Input", StackGroup = "Stack";

        protected override void ExecuteCore()
        {
            var request = CreateRequest();
            string? key = null;
            if (!string.IsNullOrEmpty(CacheFile))
            {
                key = ResolutionCacheKey.Of(request, DateTime.UtcNow, typeof(ResolveRustLambdaBuild).Assembly.ManifestModule.ModuleVersionId.ToString());
                if (ResolutionCache.TryRead(CacheFile!, key) is { } cached)
                {
                    Apply(cached);
                    FromCache = true;
                    Log.LogMessage(MessageImportance.Low, $"RustLambda: {CacheHitMessage} {CacheFile}.");
                    return;
                }
            }

            var diagnostics = new DiagnosticBag();
            BuildResolution resolution;
            try
            {
                resolution = BuildResolver.Resolve(request, diagnostics, message => Log.LogMessage(MessageImportance.Low, message));
            }
            catch
            {
                // Whatever was cached before an unexpected failure may be what failed: the next build resolves from scratch.
                DeleteCache();
                throw;
            }
            finally
            {
                // What was found before an unexpected failure is still worth reporting beside the RL0099.
                foreach (var diagnostic in diagnostics.Items.Where(d => ForBuild || d.Severity == DiagnosticSeverity.Error))
                {
                    // A diagnostic about a setting has no file of its own: the project that sets it, never the SDK's Sdk.targets.
                    Report(diagnostic.File != null || ProjectFile == null ? diagnostic
                        : new Diagnostic(diagnostic.Severity, diagnostic.Code, diagnostic.Message, ProjectFile, diagnostic.Line, diagnostic.Column));
                }
            }

            TemplatePath = resolution.TemplatePath;
            ResolvedSamBuildDirectory = resolution.SamBuildDirectory;
            ResolvedCargoPath = resolution.CargoPath;
            ResolvedCargoLambdaPath = resolution.CargoLambdaPath;
            Functions = resolution.Plan.Functions.Select(f => FunctionItem.From(f, resolution.Definitions[f.Request.LogicalId]).ToItem()).ToArray();
            Invocations = resolution.Plan.Invocations.Select(InvocationItem.ToItem).ToArray();
            InputFiles = resolution.InputFiles.Select(i => (ITaskItem)new TaskItem(i)).ToArray();
            Stacks = resolution.Stacks.Select(StackItem.ToItem).ToArray();

            // Warnings are never silenced by the cache: a build's resolution is kept only when it reported nothing at all (a
            // query reports errors only, so it is kept when it had none).
            bool clean = !Log.HasLoggedErrors && resolution.Dependencies != null && resolution.TemplatePath != null
                && (ForBuild ? diagnostics.Items.Count == 0 : !diagnostics.HasErrors);
            if (key != null)
            {
                if (clean)
                {
                    WriteCache(key, resolution);
                }
                else
                {
                    DeleteCache();
                }
            }
        }

        private BuildRequest CreateRequest() => new BuildRequest
        {
            ProjectDirectory = ProjectDirectory,
            SamTemplate = SamTemplate,
            SamParameterOverrides = SamParameterOverrides,
            SamFunctions = SamFunctions,
            SamBetaFeatures = SamBetaFeatures,
            SamConfigFile = SamConfigFile,
            SamConfigEnv = SamConfigEnv,
            Configuration = Configuration,
            Profile = Profile,
            Builder = Builder,
            CargoPath = CargoPath,
            CargoLambdaPath = CargoLambdaPath,
            OutputDirectory = OutputDirectory,
            IntermediateDirectory = IntermediateDirectory,
            SettingsFile = SettingsFile,
            ForBuild = ForBuild,
            ProjectFile = ProjectFile,
            SamBuildDirectory = SamBuildDirectory,
            SamBuildOutput = SamBuildOutput,
            PublishDirectory = PublishDirectory,
        };

        private void Apply(CachedResolution cached)
        {
            TemplatePath = cached.Property(nameof(TemplatePath));
            ResolvedSamBuildDirectory = cached.Property(nameof(ResolvedSamBuildDirectory));
            ResolvedCargoPath = cached.Property(nameof(ResolvedCargoPath));
            ResolvedCargoLambdaPath = cached.Property(nameof(ResolvedCargoLambdaPath));
            Functions = cached.ItemsOf(FunctionGroup).Select(ToTaskItem).ToArray();
            Invocations = cached.ItemsOf(InvocationGroup).Select(ToTaskItem).ToArray();
            Stacks = cached.ItemsOf(StackGroup).Select(ToTaskItem).ToArray();
            // What cargo reported in its last run can have changed since (a new path dependency): read as a resolution would.
            InputFiles = BuildResolver.WithRecordedInputs(cached.ItemsOf(InputGroup).Select(i => i.ItemSpec),
                    Invocations.Select(i => i.GetMetadata(MetadataKeys.DependencyInputsFile)))
                .Select(i => (ITaskItem)new TaskItem(i)).ToArray();
        }

        private void WriteCache(string key, BuildResolution resolution)
        {
            var cached = new CachedResolution();
            cached.Properties[nameof(TemplatePath)] = TemplatePath ?? "";
            cached.Properties[nameof(ResolvedSamBuildDirectory)] = ResolvedSamBuildDirectory ?? "";
            cached.Properties[nameof(ResolvedCargoPath)] = ResolvedCargoPath ?? "";
            cached.Properties[nameof(ResolvedCargoLambdaPath)] = ResolvedCargoLambdaPath ?? "";
            cached.ItemsOf(FunctionGroup).AddRange(Functions.Select(ToCachedItem));
            cached.ItemsOf(InvocationGroup).AddRange(Invocations.Select(ToCachedItem));
            cached.ItemsOf(StackGroup).AddRange(Stacks.Select(ToCachedItem));
            cached.ItemsOf(InputGroup).AddRange(resolution.ListedInputFiles.Select(i => new CachedItem(i)));
            try
            {
                ResolutionCache.Write(CacheFile!, key, cached, resolution.Dependencies!);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // No cache only costs the next build a full resolution.
                Log.LogMessage(MessageImportance.Low, $"RustLambda: could not write the resolution cache {CacheFile} ({ex.Message}).");
                DeleteCache();
            }
        }

        private void DeleteCache()
        {
            if (!string.IsNullOrEmpty(CacheFile))
            {
                ResolutionCache.Delete(CacheFile!);
            }
        }

        // Both kept in MSBuild's escaped form, so a path or value holding % ; or * comes back exactly as it went in.
        private static ITaskItem ToTaskItem(CachedItem cached) => new TaskItem(cached.ItemSpec, new Dictionary<string, string>(cached.Metadata));

        private static CachedItem ToCachedItem(ITaskItem item)
        {
            var escaped = (ITaskItem2)item;
            var cached = new CachedItem(escaped.EvaluatedIncludeEscaped);
            foreach (System.Collections.DictionaryEntry entry in escaped.CloneCustomMetadataEscaped())
            {
                cached.Metadata[(string)entry.Key] = (string)(entry.Value ?? "");
            }
            return cached;
        }
    }
}
