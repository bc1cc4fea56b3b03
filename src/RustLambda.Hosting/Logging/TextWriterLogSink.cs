using System;
using System.IO;

namespace RustLambda.Hosting
{
    /// <summary>Writes each log line to a <see cref="TextWriter"/>, optionally prefixed (e.g. <c>[LogicalId] </c>).</summary>
    public sealed class TextWriterLogSink : IFunctionLogSink
    {
        private readonly TextWriter _writer;
        private readonly Func<FunctionLogEntry, string>? _prefix;

        /// <summary>Lines go to <paramref name="writer"/>, after <paramref name="prefix"/>'s text when given.</summary>
        public TextWriterLogSink(TextWriter writer, Func<FunctionLogEntry, string>? prefix = null)
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            _prefix = prefix;
        }

        /// <inheritdoc />
        public void Write(FunctionLogEntry entry)
        {
            _writer.WriteLine(_prefix == null ? entry.Text : _prefix(entry) + entry.Text);
        }
    }
}
