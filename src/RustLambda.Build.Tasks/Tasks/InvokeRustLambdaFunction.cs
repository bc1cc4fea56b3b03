using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// `dotnet build -t:RustLambdaInvoke -p:SamFunction=Id -p:SamEvent=event.json`: runs the function's built bootstrap.zip
    /// against the local Runtime API of RustLambda.Hosting (no Docker; arm64 through QEMU on x86_64), with the template's environment, timeout and memory size, and
    /// prints the response, or the error as Lambda reports it.
    /// </summary>
    public sealed class InvokeRustLambdaFunction : Task, ICancelableTask
    {
        private readonly System.Threading.CancellationTokenSource _cancellation = new System.Threading.CancellationTokenSource();

        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>SamFunction: the logical id; may be empty when the template has exactly one function.</summary>
        public string? FunctionName { get; set; }

        /// <summary>SamEvent: a JSON file (relative to the project) or inline JSON; empty sends {}.</summary>
        public string? Event { get; set; }

        [Required]
        public string ProjectDirectory { get; set; } = "";

        [Output]
        public string? Response { get; set; }

        public void Cancel() => _cancellation.Cancel();

        public override bool Execute()
        {
            var function = SelectFunction();
            string? payload = function == null ? null : ReadEvent();
            if (function == null || payload == null)
            {
                return false;
            }
#if NET
            try
            {
                return Invoke(function, payload);
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is InvalidDataException || ex is IOException || ex is OperationCanceledException || ex is InvalidOperationException || ex is ArgumentException)
            {
                Log.LogError(null, DiagnosticCodes.InvokeUnsupported, null, null, 0, 0, 0, 0, $"Cannot run {function.ItemSpec} locally: {ex.Message}");
                return false;
            }
#else
            Log.LogError(null, DiagnosticCodes.InvokeUnsupported, null, null, 0, 0, 0, 0,
                "RustLambdaInvoke runs on MSBuild for .NET (dotnet build -t:RustLambdaInvoke), not on Visual Studio's .NET Framework MSBuild.");
            return false;
#endif
        }

        private ITaskItem? SelectFunction()
        {
            string known = string.Join(", ", Functions.Select(f => f.ItemSpec));
            if (string.IsNullOrWhiteSpace(FunctionName))
            {
                if (Functions.Length == 1)
                {
                    return Functions[0];
                }
                Log.LogError(null, DiagnosticCodes.InvokeTargetUnknown, null, null, 0, 0, 0, 0, $"Say which function to invoke with -p:SamFunction=<LogicalId>; this template builds {(Functions.Length == 0 ? "none" : known)}.");
                return null;
            }
            var match = Functions.FirstOrDefault(f => f.ItemSpec == FunctionName!.Trim());
            if (match == null)
            {
                Log.LogError(null, DiagnosticCodes.InvokeTargetUnknown, null, null, 0, 0, 0, 0, $"SamFunction '{FunctionName}' is not a rust-cargolambda function built by this project; it builds {(Functions.Length == 0 ? "none" : known)}.");
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
                Log.LogError(null, DiagnosticCodes.EventUnreadable, null, null, 0, 0, 0, 0, $"SamEvent '{Event}' is neither inline JSON nor a readable file ({path}: {ex.Message}). Pass a JSON file relative to the project, or JSON starting with {{.");
                return null;
            }
        }

#if NET
        private bool Invoke(ITaskItem function, string payload)
        {
            var definition = new RustLambda.Hosting.LambdaFunctionDefinition
            {
                LogicalId = function.ItemSpec,
                FunctionName = function.ItemSpec,
                BootstrapPath = function.GetMetadata("ZipPath"),
                Handler = function.GetMetadata("Handler") is { Length: > 0 } handler ? handler : "bootstrap",
                Architecture = function.GetMetadata("Architecture"),
            };
            if (int.TryParse(function.GetMetadata("Timeout"), out int seconds))
            {
                definition.Timeout = TimeSpan.FromSeconds(seconds);
            }
            if (int.TryParse(function.GetMetadata("MemorySize"), out int memory))
            {
                definition.MemorySizeMb = memory;
            }
            foreach (var variable in ArgumentList.Decode(function.GetMetadata("EnvironmentVariables")))
            {
                int equals = variable.IndexOf('=');
                definition.Environment[variable.Substring(0, equals)] = variable.Substring(equals + 1);
            }
            // One invocation: one instance. The function's lines go to the build log, as Lambda sends them to CloudWatch.
            var options = new RustLambda.Hosting.FunctionPoolOptions { MaxInstances = 1, LogSink = new MessageSink(Log) };

            var run = System.Threading.Tasks.Task.Run(async () =>
            {
                await using var pool = RustLambda.Hosting.FunctionInstancePool.Create(definition, options);
                if (pool.IsEmulated)
                {
                    Log.LogMessage(MessageImportance.High, $"{function.ItemSpec} ({definition.Architecture}) runs {pool.ExecutionMode}.");
                }
                return await pool.InvokeAsync(payload, null, _cancellation.Token);
            });
            var result = run.GetAwaiter().GetResult();
            if (result.IsSuccess)
            {
                Response = result.Payload;
                Log.LogMessage(MessageImportance.High, result.Payload ?? "null");
                return true;
            }
            Response = result.ErrorBody;
            Log.LogMessage(MessageImportance.High, result.ErrorBody ?? "");
            Log.LogError(null, DiagnosticCodes.FunctionReturnedError, null, null, 0, 0, 0, 0,
                $"{function.ItemSpec} failed ({result.FailureKind}): {result.ErrorType}: {result.ErrorMessage}");
            return false;
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
