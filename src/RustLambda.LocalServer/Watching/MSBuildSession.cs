using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
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
    /// <remarks>
    /// The project is evaluated once and the evaluation kept while the project file and every file it imports keep their
    /// time stamps: a save of a `.rs` file, a Cargo manifest or the template changes nothing MSBuild evaluates (the template is
    /// read by the resolve task, at execution). Each build runs on a deep copy, because a build adds the targets' items and
    /// properties to the instance it runs on. A server rebuild runs only the SDK's RustLambdaBuild target with
    /// <see cref="ServerRebuildProperty"/> set, which skips what the server does not read (see Sdk.targets).
    /// </remarks>
    internal static class MSBuildSession
    {
        /// <summary>Set on a server rebuild: Sdk.targets then skips SAM's layout and its record (the next `dotnet build` writes them).</summary>
        public const string ServerRebuildProperty = "_RustLambdaServerRebuild";

        /// <summary>The target a server rebuild runs: resolve, compile, package, the server's manifest; none of .NET's own.</summary>
        public const string ServerRebuildTarget = "RustLambdaBuild";

        private static readonly object Sync = new();
        private static readonly object CancelSync = new();
        private static bool _building;
        private static ProjectCollection? _collection;
        private static ProjectInstance? _evaluated;
        private static string? _evaluatedKey;
        private static List<(string Path, DateTime Stamp)> _evaluatedFiles = new();

        /// <summary>The file version (the assembly version of Microsoft.Build is 15.1.0.0 in every release).</summary>
        public static string Version => System.Diagnostics.FileVersionInfo.GetVersionInfo(typeof(BuildManager).Assembly.Location).ProductVersion?.Split('+')[0] ?? "?";

        /// <summary>How many times the project was evaluated in this process (for tests: a second rebuild reuses the first's).</summary>
        public static int Evaluations { get; private set; }

        public static RebuildProfile Build(string projectPath, string configuration, Action<string> output)
        {
            lock (Sync)
            {
                var profile = new RebuildProfile();
                var watch = Stopwatch.StartNew();
                profile.EvaluationReused = EnsureEvaluated(projectPath, configuration);
                profile.EvaluationMilliseconds = watch.ElapsedMilliseconds;

                var instance = _evaluated!.DeepCopy();
                instance.SetProperty(ServerRebuildProperty, "true");
                var times = new TargetTimes();
                var parameters = new BuildParameters(_collection)
                {
                    Loggers = new ILogger[] { new DiagnosticLogger(output), times },
                    EnableNodeReuse = false,
                    MaxNodeCount = 1,
                };
                var request = new BuildRequestData(instance, new[] { ServerRebuildTarget });
                BuildResult result;
                lock (CancelSync)
                {
                    _building = true;
                }
                try
                {
                    result = BuildManager.DefaultBuildManager.Build(parameters, request);
                }
                finally
                {
                    lock (CancelSync)
                    {
                        _building = false;
                    }
                }
                profile.Succeeded = result.OverallResult == BuildResultCode.Success;
                profile.BuildMilliseconds = watch.ElapsedMilliseconds - profile.EvaluationMilliseconds;
                profile.Targets = times.Durations;
                return profile;
            }
        }

        /// <summary>
        /// Ahead of the first save (the server calls it at start, on a thread of its own): evaluates the project and runs the
        /// server's target once. `dotnet run` has just built, so that run is a no-op (cargo does not start) that loads the
        /// SDK's task assembly and JIT-compiles the resolve path, which the first save would otherwise pay for. Its messages
        /// are dropped; a real problem shows again in the first rebuild.
        /// </summary>
        public static void Prepare(string projectPath, string configuration)
        {
            Build(projectPath, configuration, _ => { });
        }

        /// <summary>Cancels the build running now, if any (BuildManager's cancel throws when it has no build).</summary>
        public static void Cancel()
        {
            lock (CancelSync)
            {
                if (_building)
                {
                    BuildManager.DefaultBuildManager.CancelAllSubmissions();
                }
            }
        }

        /// <returns>True when the kept evaluation was still current.</returns>
        private static bool EnsureEvaluated(string projectPath, string configuration)
        {
            string key = projectPath + "\n" + configuration;
            if (_evaluated != null && _evaluatedKey == key && _evaluatedFiles.All(f => Stamp(f.Path) == f.Stamp))
            {
                return true;
            }
            // A new collection: its cache of parsed project files must not serve an edited import.
            _collection?.Dispose();
            var properties = new Dictionary<string, string> { ["Configuration"] = configuration };
            _collection = new ProjectCollection(properties);
            _evaluated = new ProjectInstance(projectPath, properties, null, _collection);
            _evaluatedKey = key;
            _evaluatedFiles = new[] { projectPath }.Concat(_evaluated.ImportPaths).Distinct(StringComparer.Ordinal).Select(p => (p, Stamp(p))).ToList();
            Evaluations++;
            return false;
        }

        private static DateTime Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue;
        }

        /// <summary>Each target's time, in the order they finished (the rebuild's profile line).</summary>
        private sealed class TargetTimes : ILogger
        {
            private readonly Dictionary<string, DateTime> _started = new(StringComparer.Ordinal);

            public List<KeyValuePair<string, long>> Durations { get; } = new();

            // Normal: MSBuild sends task events only to loggers that ask for more than Quiet.
            public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;
            public string? Parameters { get; set; }

            public void Initialize(IEventSource eventSource)
            {
                eventSource.TargetStarted += (_, e) => _started[e.TargetName] = e.Timestamp;
                eventSource.TargetFinished += (_, e) => Finished(e.TargetName, e.Timestamp);
                // The SDK's own tasks too: cargo and packaging share _RustLambdaCompile, and the profile tells them apart.
                eventSource.TaskStarted += (_, e) => _started["task " + e.TaskName] = e.Timestamp;
                eventSource.TaskFinished += (_, e) => Finished("task " + e.TaskName, e.Timestamp);
            }

            public void Shutdown()
            {
            }

            private void Finished(string name, DateTime finished)
            {
                if (_started.TryGetValue(name, out var started))
                {
                    Durations.Add(new KeyValuePair<string, long>(name, (long)(finished - started).TotalMilliseconds));
                }
            }
        }

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
