using System;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// What a build asks for, in the words of the project's properties (SamTemplate, SamFunctions, RustLambdaBuilder, ...);
    /// <see cref="BuildResolver"/> turns it into a plan. Plain values, so the tasks, tools and tests fill it alike.
    /// </summary>
    public sealed class BuildRequest
    {
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
        public string OutputDirectory { get; set; } = "";
        public string IntermediateDirectory { get; set; } = "";

        /// <summary>Written only when a setting that changes the cargo command lines (or the input list) changes.</summary>
        public string? SettingsFile { get; set; }

        /// <summary>True for a real build: enforce the opt-in and require the tools. False when only asked what the artifacts are.</summary>
        public bool ForBuild { get; set; } = true;

        /// <summary>The environment the opt-in reads (SAM_CLI_BETA_*); the process's own by default.</summary>
        public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

        public ToolLocator Tools { get; set; } = ToolLocator.ForCurrentProcess();

        public HostPlatform Host { get; set; } = HostPlatform.Current();
    }
}
