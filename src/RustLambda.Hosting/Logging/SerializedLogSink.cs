using System;
using System.IO;

namespace RustLambda.Hosting.Logging
{
    /// <summary>Serializes the calls of a pool's instances to the user's sink, and keeps its failures away from them.</summary>
    internal sealed class SerializedLogSink
    {
        private readonly object _lock = new object();
        private readonly IFunctionLogSink? _sink;

        public SerializedLogSink(IFunctionLogSink? sink)
        {
            _sink = sink;
        }

        public void Write(FunctionLogEntry entry)
        {
            if (_sink == null)
            {
                return;
            }
            lock (_lock)
            {
                try
                {
                    _sink.Write(entry);
                }
                catch (Exception e) when (e is ObjectDisposedException || e is IOException || e is InvalidOperationException || e is NotSupportedException)
                {
                    // A writer that is gone (a finished test's output, say) must not break the function.
                }
            }
        }
    }
}
