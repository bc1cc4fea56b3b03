using System;
using System.IO;

namespace RustLambda.LocalServer.Serving
{
    /// <summary>
    /// The server's one console: whole lines only, from any thread, so a function's output never interleaves with another
    /// line mid-way. Writes go to a buffered stdout flushed per line; a function flooding stdout is slowed to the console's
    /// speed (its pipe fills and it waits), but no request of another function waits on it.
    /// </summary>
    public sealed class ConsoleOutput
    {
        private readonly object _lock = new();
        private readonly TextWriter _out;

        public ConsoleOutput(TextWriter output) => _out = output;

        public static ConsoleOutput Standard { get; } = new(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false });

        public void Line(string text)
        {
            lock (_lock)
            {
                _out.Write(text);
                _out.Write('\n');
                _out.Flush();
            }
        }

        /// <summary>An error or warning in MSBuild's format, so terminals and IDEs recognise it.</summary>
        public void Diagnostic(string severity, string code, string message) => Line($"{severity} {code}: {message}");

        /// <summary>Where a function's log lines go: this console, each line prefixed `[LogicalId] `.</summary>
        public ConsoleLogSink ForFunction(string logicalId) => new(this, logicalId);
    }
}
