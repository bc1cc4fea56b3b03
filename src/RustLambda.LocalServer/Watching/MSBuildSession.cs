using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace RustLambda.LocalServer.Watching
{
    /// <summary>
    /// The Microsoft.Build calls, in a type of their own so that no Microsoft.Build type is loaded before the Locator has
    /// registered the SDK's MSBuild (the JIT resolves a method's types when it compiles it).
    /// </summary>
    internal static class MSBuildSession
    {
        /// <summary>The file version (the assembly version of Microsoft.Build is 15.1.0.0 in every release).</summary>
        public static string Version => System.Diagnostics.FileVersionInfo.GetVersionInfo(typeof(BuildManager).Assembly.Location).ProductVersion?.Split('+')[0] ?? "?";

        public static bool Build(string projectPath, string configuration, Action<string> output)
        {
            var properties = new Dictionary<string, string> { ["Configuration"] = configuration };
            // A fresh collection per build: project and template edits are always re-read; the JIT-compiled MSBuild stays warm.
            using var collection = new ProjectCollection(properties);
            var logger = new DiagnosticLogger(output);
            var parameters = new BuildParameters(collection)
            {
                Loggers = new ILogger[] { logger },
                EnableNodeReuse = false,
                MaxNodeCount = 1,
            };
            var request = new BuildRequestData(projectPath, properties, null, new[] { "Build" }, null);
            var result = BuildManager.DefaultBuildManager.Build(parameters, request);
            return result.OverallResult == BuildResultCode.Success;
        }

        public static void Cancel() => BuildManager.DefaultBuildManager.CancelAllSubmissions();

        /// <summary>Errors and warnings only, in MSBuild's canonical `file(line,col): error CODE: message` form.</summary>
        private sealed class DiagnosticLogger : ILogger
        {
            private readonly Action<string> _output;
            private readonly HashSet<string> _printed = new(StringComparer.Ordinal);

            public DiagnosticLogger(Action<string> output) => _output = output;

            public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Quiet;
            public string? Parameters { get; set; }

            public void Initialize(IEventSource eventSource)
            {
                eventSource.ErrorRaised += (_, e) => Print(Format(e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, "error", e.Code, e.Message));
                eventSource.WarningRaised += (_, e) => Print(Format(e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, "warning", e.Code, e.Message));
            }

            public void Shutdown()
            {
            }

            private void Print(string line)
            {
                if (_printed.Add(line))
                {
                    _output(line);
                }
            }

            private static string Format(string? file, int line, int column, int endLine, int endColumn, string severity, string? code, string? message)
            {
                string where = string.IsNullOrEmpty(file) ? "" : line > 0
                    ? endLine > 0 ? $"{file}({line},{column},{endLine},{endColumn}): " : $"{file}({line},{column}): "
                    : $"{file}: ";
                return $"{where}{severity} {code}: {message}".Replace(" : ", ": ");
            }
        }
    }
}
