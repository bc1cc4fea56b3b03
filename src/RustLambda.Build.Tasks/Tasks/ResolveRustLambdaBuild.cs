using System;
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

        protected override string Activity => "reading the template and manifests";

        protected override void ExecuteCore()
        {
            var request = new BuildRequest
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
            var diagnostics = new DiagnosticBag();
            BuildResolution resolution;
            try
            {
                resolution = BuildResolver.Resolve(request, diagnostics, message => Log.LogMessage(MessageImportance.Low, message));
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
        }
    }
}
