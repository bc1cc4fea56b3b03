using RustLambda.Hosting;

namespace RustLambda.LocalServer.Serving
{
    /// <summary>A function's output lines (and Lambda's START/END/REPORT) on the server's console, each prefixed `[LogicalId] `.</summary>
    public sealed class ConsoleLogSink : IFunctionLogSink
    {
        private readonly ConsoleOutput _console;
        private readonly string _prefix;

        public ConsoleLogSink(ConsoleOutput console, string logicalId)
        {
            _console = console;
            _prefix = $"[{logicalId}] ";
        }

        public void Write(FunctionLogEntry entry) => _console.Line(_prefix + entry.Text);
    }
}
