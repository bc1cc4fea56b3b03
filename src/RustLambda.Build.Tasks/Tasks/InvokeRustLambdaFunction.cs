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
    /// against the local Runtime API emulator (no Docker), with the template's environment, timeout and memory size, and
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
            catch (Exception ex) when (ex is NotSupportedException || ex is InvalidDataException || ex is IOException || ex is OperationCanceledException)
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
            var options = new RustLambda.Testing.RustLambdaFunctionOptions
            {
                FunctionName = function.ItemSpec,
                Handler = function.GetMetadata("Handler") is { Length: > 0 } handler ? handler : "bootstrap",
                Architecture = function.GetMetadata("Architecture"),
                Log = new MessageWriter(Log),
            };
            if (int.TryParse(function.GetMetadata("Timeout"), out int seconds))
            {
                options.Timeout = TimeSpan.FromSeconds(seconds);
            }
            if (int.TryParse(function.GetMetadata("MemorySize"), out int memory))
            {
                options.MemorySizeMb = memory;
            }
            foreach (var variable in ArgumentList.Decode(function.GetMetadata("EnvironmentVariables")))
            {
                int equals = variable.IndexOf('=');
                options.EnvironmentVariables[variable.Substring(0, equals)] = variable.Substring(equals + 1);
            }

            var run = System.Threading.Tasks.Task.Run(async () =>
            {
                await using var lambda = await RustLambda.Testing.RustLambdaFunction.StartAsync(function.GetMetadata("ZipPath"), options, _cancellation.Token);
                return await lambda.InvokeAsync(payload, _cancellation.Token);
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
