using System;
using System.Linq;
using Microsoft.Build.Framework;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Serving;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Writes what `dotnet run`'s local server serves (obj/&lt;Configuration&gt;/rustlambda/server.json): the resolved
    /// functions as this build packaged them, the routes of their Api / HttpApi events, their Function URLs, and the build's
    /// input files (which the server watches to rebuild on save). Reads the template only; starts no process.
    /// </summary>
    public sealed class WriteRustLambdaServerManifest : RustLambdaTask
    {
        [Required] public string ManifestFile { get; set; } = "";
        [Required] public string ProjectPath { get; set; } = "";
        public string? TemplatePath { get; set; }
        public string? Configuration { get; set; }
        public string? SamParameterOverrides { get; set; }
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] InputFiles { get; set; } = Array.Empty<ITaskItem>();

        protected override string Activity => $"writing the local server's manifest {ManifestFile}";

        protected override void ExecuteCore()
        {
            var diagnostics = new DiagnosticBag();
            var manifest = new LocalServerManifest
            {
                ProjectPath = ProjectPath,
                TemplatePath = TemplatePath ?? "",
                Configuration = Configuration ?? "",
                InputFiles = InputFiles.Select(i => i.GetMetadata("FullPath")).Distinct(StringComparer.Ordinal).ToList(),
            };
            foreach (var function in Functions.Select(FunctionItem.FromItem))
            {
                var served = new ManifestFunction
                {
                    LogicalId = function.LogicalId,
                    BootstrapPath = function.ZipPath,
                    Architecture = function.Architecture,
                    Runtime = function.Runtime,
                    Handler = function.Handler ?? "bootstrap",
                };
                // Absent in the template: the manifest keeps Lambda's defaults.
                served.TimeoutSeconds = function.TimeoutSeconds ?? served.TimeoutSeconds;
                served.MemorySizeMb = function.MemorySizeMb ?? served.MemorySizeMb;
                foreach (var variable in function.EnvironmentVariables)
                {
                    served.Environment[variable.Key] = variable.Value;
                }
                manifest.Functions.Add(served);
            }
            if (!string.IsNullOrEmpty(TemplatePath) && manifest.Functions.Count > 0)
            {
                var overrides = ParameterOverrides.Parse(SamParameterOverrides, new DiagnosticBag());
                var apis = new SamApiReader(diagnostics).Read(TemplatePath!, overrides, manifest.Functions.Select(f => f.LogicalId).ToList());
                manifest.Apis = apis.Apis;
                manifest.Routes = apis.Routes;
                manifest.FunctionUrls = apis.FunctionUrls;
            }
            LocalServerManifestFile.Write(ManifestFile, manifest);
            Report(diagnostics);
        }
    }
}
