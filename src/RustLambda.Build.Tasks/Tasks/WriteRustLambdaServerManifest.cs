using System;
using System.Linq;
using Microsoft.Build.Framework;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Serving;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Writes what `dotnet run`'s local server serves (obj/&lt;Configuration&gt;/rustlambda/server.json, see
    /// <see cref="LocalServerManifestWriter"/>): the functions as this build packaged them, their routes and Function URLs, and
    /// the build's input files, which the server watches to rebuild on save. Reads the template only; starts no process.
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
            var functions = Functions.Select(FunctionItem.FromItem).Select(f => new ManifestFunction
            {
                LogicalId = f.LogicalId,
                BootstrapPath = f.ZipPath,
                Architecture = f.Architecture,
                Runtime = f.Runtime,
                Handler = f.Handler ?? "bootstrap",
                TimeoutSeconds = f.TimeoutSeconds ?? ManifestFunction.DefaultTimeoutSeconds,
                MemorySizeMb = f.MemorySizeMb ?? ManifestFunction.DefaultMemorySizeMb,
                Environment = f.EnvironmentVariables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
            }).ToList();
            var diagnostics = new DiagnosticBag();
            LocalServerManifestWriter.Write(ManifestFile, ProjectPath, TemplatePath, Configuration, SamParameterOverrides,
                functions, InputFiles.Select(i => i.GetMetadata("FullPath")), diagnostics);
            Report(diagnostics);
        }
    }
}
