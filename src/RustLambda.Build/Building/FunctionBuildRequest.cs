using RustLambda.Build.Model;

namespace RustLambda.Build.Building
{
    /// <summary>One function to build, with everything the planner needs and nothing MSBuild- or Cargo-model-specific.</summary>
    public sealed class FunctionBuildRequest
    {
        public string LogicalId { get; set; } = "";
        public string Binary { get; set; } = "";
        public string Runtime { get; set; } = "";
        public string Architecture { get; set; } = LambdaArchitectures.Default;
        public string? Handler { get; set; }

        /// <summary>Where cargo runs: the workspace root, or the package folder.</summary>
        public string BuildRoot { get; set; } = "";
        public bool IsWorkspace { get; set; }
    }
}
