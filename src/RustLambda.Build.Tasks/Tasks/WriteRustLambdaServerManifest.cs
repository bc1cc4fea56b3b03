using System;
using System.Globalization;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Serving;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Writes what `dotnet run`'s local server serves (obj/&lt;Configuration&gt;/rustlambda/server.json): the resolved
    /// functions as this build packaged them, the routes of their Api / HttpApi events, their Function URLs, and the build's
    /// input files (which the server watches to rebuild on save). Reads the template only; starts no process.
    /// </summary>
    public sealed class WriteRustLambdaServerManifest : Task
    {
        [Required] public string ManifestFile { get; set; } = "";
        [Required] public string ProjectPath { get; set; } = "";
        public string? TemplatePath { get; set; }
        public string? Configuration { get; set; }
        public string? SamParameterOverrides { get; set; }
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] InputFiles { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            var diagnostics = new DiagnosticBag();
            try
            {
                var manifest = new LocalServerManifest
                {
                    ProjectPath = ProjectPath,
                    TemplatePath = TemplatePath ?? "",
                    Configuration = Configuration ?? "",
                    InputFiles = InputFiles.Select(i => i.GetMetadata("FullPath")).Distinct(StringComparer.Ordinal).ToList(),
                };
                foreach (var item in Functions)
                {
                    var function = new ManifestFunction
                    {
                        LogicalId = item.GetMetadata("LogicalId"),
                        BootstrapPath = item.GetMetadata("ZipPath"),
                        Architecture = item.GetMetadata("Architecture"),
                        Runtime = item.GetMetadata("Runtime"),
                        Handler = item.GetMetadata("Handler") is { Length: > 0 } handler ? handler : "bootstrap",
                    };
                    if (int.TryParse(item.GetMetadata("Timeout"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int timeout))
                    {
                        function.TimeoutSeconds = timeout;
                    }
                    if (int.TryParse(item.GetMetadata("MemorySize"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int memory))
                    {
                        function.MemorySizeMb = memory;
                    }
                    foreach (var pair in ArgumentList.Decode(item.GetMetadata("EnvironmentVariables")))
                    {
                        int equals = pair.IndexOf('=');
                        if (equals > 0)
                        {
                            function.Environment[pair.Substring(0, equals)] = pair.Substring(equals + 1);
                        }
                    }
                    manifest.Functions.Add(function);
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
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                diagnostics.Error(DiagnosticCodes.InternalError, $"RustLambda.Sdk failed unexpectedly while writing the local server's manifest {ManifestFile} ({ex.GetType().Name}: {ex.Message}). Please report this with the build log.");
            }
            foreach (var diagnostic in diagnostics.Items)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    Log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                }
                else
                {
                    Log.LogWarning(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
}
