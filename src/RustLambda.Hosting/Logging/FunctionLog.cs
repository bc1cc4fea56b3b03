using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace RustLambda.Hosting.Logging
{
    /// <summary>
    /// The log of one instance: the function's lines (from its <see cref="Processes.OutputPipe"/>) and Lambda's
    /// <c>START</c> / <c>END</c> / <c>REPORT</c> lines, sent to the pool's sink as they come and collected for the running
    /// invocation's <see cref="InvocationResult.Log"/>.
    /// </summary>
    internal sealed class FunctionLog
    {
        private readonly object _lock = new object();
        private readonly string _functionName;
        private readonly int _instanceId;
        private readonly SerializedLogSink _sink;
        private StringBuilder? _capture;
        private string? _requestId;

        public FunctionLog(string functionName, int instanceId, SerializedLogSink sink)
        {
            _functionName = functionName;
            _instanceId = instanceId;
            _sink = sink;
        }

        /// <summary>A line the function wrote (called by the output reader, in order).</summary>
        public void WriteFunctionLine(string line)
        {
            string? requestId;
            lock (_lock)
            {
                _capture?.Append(line).Append('\n');
                requestId = _requestId;
            }
            _sink.Write(new FunctionLogEntry(_functionName, _instanceId, requestId, FunctionLogSource.Function, line, DateTimeOffset.UtcNow));
        }

        /// <summary>A line of Lambda's own; to the sink only, never into the function's captured output.</summary>
        public void WritePlatformLine(string line, string? requestId)
        {
            _sink.Write(new FunctionLogEntry(_functionName, _instanceId, requestId, FunctionLogSource.Platform, line, DateTimeOffset.UtcNow));
        }

        /// <summary>Starts collecting the function's lines (for the invocation <paramref name="requestId"/>).</summary>
        public void BeginCapture(string? requestId)
        {
            lock (_lock)
            {
                _capture = new StringBuilder();
                _requestId = requestId;
            }
        }

        /// <summary>Stops collecting and returns what was collected; flush the output first so that it is complete.</summary>
        public string EndCapture()
        {
            lock (_lock)
            {
                string captured = _capture?.ToString() ?? string.Empty;
                _capture = null;
                _requestId = null;
                return captured;
            }
        }

        public static string StartLine(string requestId) => $"START RequestId: {requestId} Version: $LATEST";

        public static string EndLine(string requestId) => $"END RequestId: {requestId}";

        public static string TimeoutLine(string requestId, string message) => $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {requestId} {message}";

        /// <summary>CloudWatch's REPORT line: durations, memory size, peak memory of the process, and the init duration of a cold start.</summary>
        public static string ReportLine(string requestId, TimeSpan duration, int memorySizeMb, int? processId, TimeSpan? initDuration)
        {
            var line = new StringBuilder();
            line.Append("REPORT RequestId: ").Append(requestId)
                .Append("\tDuration: ").Append(Milliseconds(duration)).Append(" ms")
                .Append("\tBilled Duration: ").Append(Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture)).Append(" ms")
                .Append("\tMemory Size: ").Append(memorySizeMb.ToString(CultureInfo.InvariantCulture)).Append(" MB");
            long? maxMemory = processId.HasValue ? ReadMaxMemoryMb(processId.Value) : null;
            if (maxMemory.HasValue)
            {
                line.Append("\tMax Memory Used: ").Append(maxMemory.Value.ToString(CultureInfo.InvariantCulture)).Append(" MB");
            }
            if (initDuration.HasValue)
            {
                line.Append("\tInit Duration: ").Append(Milliseconds(initDuration.Value)).Append(" ms");
            }
            return line.ToString();
        }

        private static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);

        /// <summary>The process's peak resident memory (VmHWM), in MB rounded up; null once it is gone.</summary>
        private static long? ReadMaxMemoryMb(int processId)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{processId}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                        return (kb + 1023) / 1024;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
            {
            }
            return null;
        }
    }
}
