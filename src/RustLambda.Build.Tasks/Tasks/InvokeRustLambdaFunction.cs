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
    /// `dotnet build -t:RustLambdaInvoke -p:SamFunction=Id -p:SamEvent=event.json`: runs the function's built bootstrap.zip
    /// against the local Runtime API emulator (no Docker), with the template's environment, timeout and memory size, and
    /// prints the response, or the error as Lambda reports it.
    /// </summary>
    public sealed class InvokeRustLambdaFunction : RustLambdaTask, ICancelableTask
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

        protected override string Activity => "invoking the function locally";

        protected override void ExecuteCore()
        {
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
            catch (Exception ex) when (ex is NotSupportedException || ex is InvalidDataException || ex is IOException || ex is OperationCanceledException)
            {
                Error(DiagnosticCodes.InvokeUnsupported, $"Cannot run {function.LogicalId} locally: {ex.Message}");
            }
#else
            Error(DiagnosticCodes.InvokeUnsupported,
                "RustLambdaInvoke runs on MSBuild for .NET (dotnet build -t:RustLambdaInvoke), not on Visual Studio's .NET Framework MSBuild.");
#endif
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
                Error(DiagnosticCodes.InvokeTargetUnknown, $"Say which function to invoke with -p:SamFunction=<LogicalId>; this template builds {(functions.Count == 0 ? "none" : known)}.");
                return null;
            }
            var match = functions.FirstOrDefault(f => f.LogicalId == FunctionName!.Trim());
            if (match == null)
            {
                Error(DiagnosticCodes.InvokeTargetUnknown, $"SamFunction '{FunctionName}' is not a rust-cargolambda function built by this project; it builds {(functions.Count == 0 ? "none" : known)}.");
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
                Error(DiagnosticCodes.EventUnreadable, $"SamEvent '{Event}' is neither inline JSON nor a readable file ({path}: {ex.Message}). Pass a JSON file relative to the project, or JSON starting with {{.");
                return null;
            }
        }

#if NET
        private void Invoke(FunctionItem function, string payload)
        {
            var options = new RustLambda.Testing.RustLambdaFunctionOptions
            {
                FunctionName = function.LogicalId,
                Handler = function.Handler ?? "bootstrap",
                Architecture = function.Architecture,
                Log = new MessageWriter(Log),
            };
            if (function.TimeoutSeconds is int seconds)
            {
                options.Timeout = TimeSpan.FromSeconds(seconds);
            }
            if (function.MemorySizeMb is int memory)
            {
                options.MemorySizeMb = memory;
            }
            foreach (var variable in function.EnvironmentVariables)
            {
                options.EnvironmentVariables[variable.Key] = variable.Value;
            }

            var run = System.Threading.Tasks.Task.Run(async () =>
            {
                await using var lambda = await RustLambda.Testing.RustLambdaFunction.StartAsync(function.ZipPath, options, _cancellation.Token);
                return await lambda.InvokeAsync(payload, _cancellation.Token);
            });
            var result = run.GetAwaiter().GetResult();
            if (result.IsSuccess)
            {
                Response = result.Payload;
                Log.LogMessage(MessageImportance.High, result.Payload ?? "null");
                return;
            }
            Response = result.ErrorBody;
            Log.LogMessage(MessageImportance.High, result.ErrorBody ?? "");
            Error(DiagnosticCodes.FunctionReturnedError, $"{function.LogicalId} failed ({result.FailureKind}): {result.ErrorType}: {result.ErrorMessage}");
        }

        /// <summary>The function's stdout/stderr lines go to the build log, as Lambda sends them to CloudWatch.</summary>
        private sealed class MessageWriter : TextWriter
        {
            private readonly TaskLoggingHelper _log;

            public MessageWriter(TaskLoggingHelper log) => _log = log;

            public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

            public override void WriteLine(string? value) => _log.LogMessage(MessageImportance.Normal, value ?? "");

            public override void Write(char value)
            {
            }
        }
#endif
    }
}
