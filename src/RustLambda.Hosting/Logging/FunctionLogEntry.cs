using System;

namespace RustLambda.Hosting
{
    /// <summary>One line of a function's log.</summary>
    public sealed class FunctionLogEntry
    {
        /// <summary>A line as the host read or wrote it.</summary>
        public FunctionLogEntry(string functionName, int instanceId, string? requestId, FunctionLogSource source, string text, DateTimeOffset timestamp)
        {
            FunctionName = functionName;
            InstanceId = instanceId;
            RequestId = requestId;
            Source = source;
            Text = text;
            Timestamp = timestamp;
        }

        /// <summary>The function's <see cref="LambdaFunctionDefinition.DisplayName"/> (its logical id when it has one).</summary>
        public string FunctionName { get; }

        /// <summary>The instance (process) that wrote it: 1, 2, ... within its pool.</summary>
        public int InstanceId { get; }

        /// <summary>
        /// The invocation it belongs to (also the init output of a cold start that invocation caused);
        /// <see langword="null"/> for output of a warm-up's init or between invocations.
        /// </summary>
        public string? RequestId { get; }

        /// <summary>The function's output, or Lambda's own line.</summary>
        public FunctionLogSource Source { get; }

        /// <summary>The line, without its line ending.</summary>
        public string Text { get; }

        /// <summary>When the host read it.</summary>
        public DateTimeOffset Timestamp { get; }

        /// <summary>The <see cref="Text"/>.</summary>
        public override string ToString() => Text;
    }
}
