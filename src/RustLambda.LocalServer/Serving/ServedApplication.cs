using System;
using System.Collections.Generic;
using System.Linq;
using RustLambda.Build.Serving;
using RustLambda.Build.Template;
using RustLambda.LocalServer.Routing;

namespace RustLambda.LocalServer.Serving
{
    /// <summary>What is mounted right now, from one manifest; replaced as a whole when a rebuild changes the template.</summary>
    public sealed class ServedApplication
    {
        public ServedApplication(LocalServerManifest manifest)
        {
            Manifest = manifest;
            Routes = RouteTable.Build(manifest.Apis, manifest.Routes);
            FunctionUrls = manifest.FunctionUrls.ToDictionary(u => u.FunctionLogicalId, StringComparer.Ordinal);
        }

        public LocalServerManifest Manifest { get; }
        public RouteTable Routes { get; }
        public IReadOnlyDictionary<string, SamFunctionUrl> FunctionUrls { get; }

        /// <summary>One line per mounted route (method, URL, function, event kind and payload version), for the console.</summary>
        public IEnumerable<string> Describe(string baseUrl)
        {
            foreach (var route in Routes.Routes)
            {
                string path = route.Template.IsDefault ? "/*" : route.Definition.Path;
                yield return $"  {route.Definition.Method,-7} {baseUrl}{path} -> {route.FunctionLogicalId} [{route.EventKind}, {route.Api.LogicalId}, stage {route.Api.StageName}]";
            }
            foreach (var url in FunctionUrls.Values)
            {
                yield return $"  {"ANY",-7} {baseUrl}/lambda-url/{url.FunctionLogicalId}/ -> {url.FunctionLogicalId} [Function URL, payload 2.0]";
            }
            if (Manifest.Functions.Count > 0)
            {
                yield return $"  {"POST",-7} {baseUrl}/2015-03-31/functions/<name>/invocations -> {string.Join(", ", Manifest.Functions.Select(f => f.LogicalId))} [Lambda Invoke API]";
            }
        }
    }
}
