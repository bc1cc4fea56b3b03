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

        /// <summary>Every variable of the environment cargo will run in: those that change its output are in the up-to-date key.</summary>
        public System.Collections.IDictionary EnvironmentVariables { get; set; } = System.Environment.GetEnvironmentVariables();

        /// <summary>The project file: where diagnostics about settings (tools, output folders) are placed.</summary>
        public string? ProjectFile { get; set; }

        /// <summary>SamBuildDir as set, relative to the project (empty: .aws-sam/build beside the template).</summary>
        public string? SamBuildDirectory { get; set; }

        /// <summary>SamBuildOutput: whether the SAM layout is written (and so whether its folder is checked).</summary>
        public bool SamBuildOutput { get; set; } = true;

        /// <summary>PublishDir, checked like the other output folders; empty skips it.</summary>
        public string? PublishDirectory { get; set; }

        public ToolLocator Tools { get; set; } = ToolLocator.ForCurrentProcess();

        public HostPlatform Host { get; set; } = HostPlatform.Current();
    }
}
