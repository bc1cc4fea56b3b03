using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// `dotnet build -t:RustLambdaInvoke -p:RustLambdaInvokeFunction=Id -p:RustLambdaInvokeEvent=event.json`: runs the function's built bootstrap.zip
    /// against the local Runtime API of RustLambda.Hosting (no Docker; arm64 through QEMU on x86_64), with the template's environment, timeout and memory size, and
    /// prints the response, or the error as Lambda reports it.
    /// </summary>
    public sealed class InvokeRustLambdaFunction : RustLambdaTask, ICancelableTask
    {
        private readonly System.Threading.CancellationTokenSource _cancellation = new System.Threading.CancellationTokenSource();

        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>RustLambdaInvokeFunction: the logical id; may be empty when the template has exactly one function.</summary>
        public string? FunctionName { get; set; }

        /// <summary>RustLambdaInvokeEvent: a JSON file (relative to the project) or inline JSON; empty sends {}.</summary>
        public string? Event { get; set; }

        /// <summary>SamFunction, the old name of RustLambdaInvokeFunction: used when that is empty, with warning RL0090.</summary>
        public string? DeprecatedFunctionName { get; set; }

        /// <summary>SamEvent, the old name of RustLambdaInvokeEvent: used when that is empty, with warning RL0090.</summary>
        public string? DeprecatedEvent { get; set; }

        [Required]
        public string ProjectDirectory { get; set; } = "";

        [Output]
        public string? Response { get; set; }

        public void Cancel() => _cancellation.Cancel();

        protected override string Activity => "invoking the function locally";

        protected override void ExecuteCore()
        {
            FunctionName = Renamed(FunctionName, DeprecatedFunctionName, "SamFunction", "RustLambdaInvokeFunction",
                " (SamFunctions, with an s, selects the functions to build; the two were easy to confuse)");
            Event = Renamed(Event, DeprecatedEvent, "SamEvent", "RustLambdaInvokeEvent", "");
            var function = SelectFunction();
            string? payload = function == null ? null : ReadEvent();
            if (function == null || payload == null)
            {
                return;
            }
#if NET
            try
            {
                Invoke(function, payload);
            }
            catch (RustLambda.Hosting.EmulatorNotFoundException ex)
            {
                Error(DiagnosticCodes.EmulatorNotFound, $"Cannot run {function.LogicalId} locally: {ex.Message}");
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is InvalidDataException || ex is IOException || ex is OperationCanceledException || ex is InvalidOperationException || ex is ArgumentException)
            {
                Error(DiagnosticCodes.InvokeUnsupported, $"Cannot run {function.LogicalId} locally: {ex.Message}");
            }
#else
            Error(DiagnosticCodes.InvokeUnsupported,
                "RustLambdaInvoke runs on MSBuild for .NET (dotnet build -t:RustLambdaInvoke), not on Visual Studio's .NET Framework MSBuild.");
#endif
        }

        /// <summary>The value under the new name, else the one under the old name, warning (RL0090) whenever the old one is set.</summary>
        private string? Renamed(string? value, string? deprecated, string oldName, string newName, string why)
        {
            if (string.IsNullOrWhiteSpace(deprecated))
            {
                return value;
            }
            if (!string.IsNullOrWhiteSpace(value))
            {
                Report(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.DeprecatedProperty,
                    $"{oldName} is ignored because {newName} is set; remove {oldName}, the old name of {newName}{why}."));
                return value;
            }
            Report(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.DeprecatedProperty,
                $"{oldName} is deprecated for RustLambdaInvoke: use {newName} instead{why}. {oldName} still works for now."));
            return deprecated;
        }

        private FunctionItem? SelectFunction()
        {
            var functions = Functions.Select(FunctionItem.FromItem).ToList();
            string known = string.Join(", ", functions.Select(f => f.LogicalId));
            if (string.IsNullOrWhiteSpace(FunctionName))
            {
                if (functions.Count == 1)
                {
                    return functions[0];
                }
                Error(DiagnosticCodes.InvokeTargetUnknown, $"Say which function to invoke with -p:RustLambdaInvokeFunction=<LogicalId>; this template builds {(functions.Count == 0 ? "none" : known)}.");
                return null;
            }
            var match = functions.FirstOrDefault(f => f.LogicalId == FunctionName!.Trim());
            if (match == null)
            {
                Error(DiagnosticCodes.InvokeTargetUnknown, $"RustLambdaInvokeFunction '{FunctionName}' is not a rust-cargolambda function built by this project; it builds {(functions.Count == 0 ? "none" : known)}.");
            }
            return match;
        }

        private string? ReadEvent()
        {
            string text = (Event ?? "").Trim();
            if (text.Length == 0)
            {
                return "{}";
            }
            if (text.StartsWith("{", StringComparison.Ordinal) || text.StartsWith("[", StringComparison.Ordinal) || text.StartsWith("\"", StringComparison.Ordinal))
            {
                return text;
            }
            string path = Path.GetFullPath(Path.Combine(ProjectDirectory, text));
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                Error(DiagnosticCodes.EventUnreadable, $"RustLambdaInvokeEvent '{Event}' is neither inline JSON nor a readable file ({path}: {ex.Message}). Pass a JSON file relative to the project, or JSON starting with {{.");
                return null;
            }
        }

#if NET
        private void Invoke(FunctionItem function, string payload)
        {
            var definition = new RustLambda.Hosting.LambdaFunctionDefinition
            {
                LogicalId = function.LogicalId,
                FunctionName = function.LogicalId,
                BootstrapPath = function.ZipPath,
                Handler = function.Handler ?? "bootstrap",
                Architecture = function.Architecture,
            };
            if (function.TimeoutSeconds is int seconds)
            {
                definition.Timeout = TimeSpan.FromSeconds(seconds);
            }
            if (function.MemorySizeMb is int memory)
            {
                definition.MemorySizeMb = memory;
            }
            foreach (var variable in function.EnvironmentVariables)
            {
                definition.Environment[variable.Key] = variable.Value;
            }
            // One invocation: one instance. The function's lines go to the build log, as Lambda sends them to CloudWatch.
            var options = new RustLambda.Hosting.FunctionPoolOptions { MaxInstances = 1, LogSink = new MessageSink(Log) };

            var run = System.Threading.Tasks.Task.Run(async () =>
            {
                await using var pool = RustLambda.Hosting.FunctionInstancePool.Create(definition, options);
                if (pool.IsEmulated)
                {
                    Log.LogMessage(MessageImportance.High, $"{function.LogicalId} ({definition.Architecture}) runs {pool.ExecutionMode}.");
                }
                return await pool.InvokeAsync(payload, null, _cancellation.Token);
            });
            var result = run.GetAwaiter().GetResult();
            if (result.IsSuccess)
            {
                Response = result.Payload;
                Log.LogMessage(MessageImportance.High, result.Payload ?? "null");
                return;
            }
            Response = result.ErrorBody;
            if (result.FailureKind == RustLambda.Hosting.InvocationFailureKind.RequestTooLarge)
            {
                Error(DiagnosticCodes.EventTooLarge,
                    $"RustLambdaInvokeEvent is too large to invoke {function.LogicalId}: {result.ErrorMessage} Lambda refuses such a synchronous invoke (RequestEntityTooLargeException); pass a smaller event.");
                return;
            }
            Log.LogMessage(MessageImportance.High, result.ErrorBody ?? "");
            Error(DiagnosticCodes.FunctionReturnedError, $"{function.LogicalId} failed ({result.FailureKind}): {result.ErrorType}: {result.ErrorMessage}");
        }

        /// <summary>The function's stdout/stderr lines and Lambda's START/END/REPORT lines go to the build log.</summary>
        private sealed class MessageSink : RustLambda.Hosting.IFunctionLogSink
        {
            private readonly TaskLoggingHelper _log;

            public MessageSink(TaskLoggingHelper log) => _log = log;

            public void Write(RustLambda.Hosting.FunctionLogEntry entry) => _log.LogMessage(MessageImportance.Normal, entry.Text);
        }
#endif
    }
}
