using System;
using System.Collections.Generic;
using System.Linq;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Template;

namespace RustLambda.Build.Serving
{
    /// <summary>
    /// Assembles and writes the local server's manifest for one build: the functions as packaged, plus the routes, APIs and
    /// Function URLs <see cref="SamApiReader"/> finds for them, plus the build's inputs. Warnings about events go to the bag.
    /// </summary>
    public static class LocalServerManifestWriter
    {
        /// <returns>True when the file changed.</returns>
        public static bool Write(string manifestPath, string projectPath, string? templatePath, string? configuration, string? parameterOverrides,
            IReadOnlyList<ManifestFunction> functions, IEnumerable<string> inputFiles, DiagnosticBag diagnostics)
        {
            var manifest = new LocalServerManifest
            {
                ProjectPath = projectPath,
                TemplatePath = templatePath ?? "",
                Configuration = configuration ?? "",
                Functions = functions.ToList(),
                InputFiles = inputFiles.Distinct(StringComparer.Ordinal).ToList(),
            };
            if (!string.IsNullOrEmpty(templatePath) && functions.Count > 0)
            {
                // The build has reported any problem with the overrides already.
                var overrides = ParameterOverrides.Parse(parameterOverrides, new DiagnosticBag());
                var apis = new SamApiReader(diagnostics).Read(templatePath!, overrides, functions.Select(f => f.LogicalId).ToList());
                manifest.Apis = apis.Apis;
                manifest.Routes = apis.Routes;
                manifest.FunctionUrls = apis.FunctionUrls;
            }
            return LocalServerManifestFile.Write(manifestPath, manifest);
        }
    }
}
