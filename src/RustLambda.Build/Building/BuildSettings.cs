namespace RustLambda.Build.Building
{
    public sealed class BuildSettings
    {
        /// <summary>The MSBuild Configuration; Debug builds cargo's dev profile, like SAM_BUILD_MODE=debug.</summary>
        public string Configuration { get; set; } = "Release";

        /// <summary>RustLambdaProfile: a cargo profile name that overrides the Configuration mapping.</summary>
        public string? Profile { get; set; }

        public BuilderKind Builder { get; set; } = BuilderKind.CargoLambda;

        /// <summary>The building machine's architecture (x86_64, arm64); plain cargo passes --target for any other. Null: never.</summary>
        public string? HostArchitecture { get; set; }

        /// <summary>Absolute folder under obj/ for per-invocation lambda dirs.</summary>
        public string IntermediateDirectory { get; set; } = "";

        /// <summary>Absolute folder under which each function gets &lt;LogicalId&gt;/bootstrap.zip.</summary>
        public string OutputDirectory { get; set; } = "";
    }
}
