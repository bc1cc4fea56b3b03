using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// Everything besides files that a resolution is computed from, as the key of <see cref="ResolutionCache"/>: the SDK's
    /// own build, the date (runtime deprecation warnings start on a date), every setting of the request, and the environment
    /// variables of the opt-in (SAM_CLI_*), the tool search and the up-to-date key (<see cref="CargoEnvironment"/>).
    /// </summary>
    public static class ResolutionCacheKey
    {
        /// <summary>What <see cref="ToolLocator"/> reads; the files it finds or misses are checked by the cache itself.</summary>
        public static readonly IReadOnlyList<string> ToolSearchVariables = new[] { "PATH", "CARGO", "CARGO_HOME", "HOME", "USERPROFILE" };

        /// <param name="sdkIdentity">Changes with every build of the SDK's tasks (a module version id).</param>
        /// <param name="today">UTC, as SamTemplateReader.Today dates the runtime deprecation warnings.</param>
        public static string Of(BuildRequest request, DateTime today, string sdkIdentity) =>
            ResolutionCache.Key(Lines(request, request.EnvironmentVariables, today, sdkIdentity));

        public static IEnumerable<string> Lines(BuildRequest request, IDictionary environment, DateTime today, string sdkIdentity)
        {
            yield return "sdk " + sdkIdentity;
            yield return "core " + typeof(ResolutionCacheKey).Assembly.ManifestModule.ModuleVersionId;
            yield return "today " + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var (name, value) in new (string, object?)[]
            {
                (nameof(request.ProjectDirectory), request.ProjectDirectory), (nameof(request.SamTemplate), request.SamTemplate),
                (nameof(request.SamParameterOverrides), request.SamParameterOverrides), (nameof(request.SamFunctions), request.SamFunctions),
                (nameof(request.SamBetaFeatures), request.SamBetaFeatures), (nameof(request.SamConfigFile), request.SamConfigFile),
                (nameof(request.SamConfigEnv), request.SamConfigEnv), (nameof(request.Configuration), request.Configuration),
                (nameof(request.Profile), request.Profile), (nameof(request.Builder), request.Builder),
                (nameof(request.CargoPath), request.CargoPath), (nameof(request.CargoLambdaPath), request.CargoLambdaPath),
                (nameof(request.OutputDirectory), request.OutputDirectory), (nameof(request.IntermediateDirectory), request.IntermediateDirectory),
                (nameof(request.SettingsFile), request.SettingsFile), (nameof(request.ProjectFile), request.ProjectFile),
                (nameof(request.SamBuildDirectory), request.SamBuildDirectory), (nameof(request.SamBuildOutput), request.SamBuildOutput),
                (nameof(request.PublishDirectory), request.PublishDirectory), (nameof(request.ForBuild), request.ForBuild),
                (nameof(request.Host), request.Host.IsLinux + " " + request.Host.Architecture),
            })
            {
                yield return "param " + name + "=" + Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            foreach (string line in CargoEnvironment.KeyLines(environment))
            {
                yield return "env " + line;
            }
            foreach (string name in environment.Keys.Cast<object>().Select(k => k.ToString()!)
                .Where(k => k.StartsWith("SAM_CLI_", StringComparison.Ordinal) || ToolSearchVariables.Contains(k, StringComparer.Ordinal))
                .OrderBy(k => k, StringComparer.Ordinal))
            {
                yield return "env " + name + "=" + environment[name];
            }
        }
    }
}
