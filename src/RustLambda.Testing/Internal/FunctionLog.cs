using System;
using System.IO;
using System.Text;
using System.Threading;

namespace RustLambda.Testing.Internal
{
    /// <summary>
    /// Follows the file the function's stdout and stderr are appended to, cuts it into lines, hands each line to the
    /// user's <see cref="TextWriter"/> and to the capture of the running invocation.
    /// </summary>
    /// <remarks>
    /// The function writes to a regular file rather than to a pipe so that capture is exact: whatever the function wrote
    /// before it posted its answer is in the file when the answer arrives, so an invocation's log is complete when the
    /// invocation returns. A timer forwards lines as they come meanwhile.
    /// </remarks>
    internal sealed class FunctionLog : IDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

        private readonly object _lock = new object();
        private readonly FileStream _file;
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
        private readonly byte[] _bytes = new byte[16 * 1024];
        private readonly char[] _chars;
        private readonly StringBuilder _partialLine = new StringBuilder();
        private readonly TextWriter? _sink;
        private readonly Timer _timer;
        private StringBuilder? _capture;
        private bool _disposed;

        public FunctionLog(string path, TextWriter? sink)
        {
            Path = path;
            _sink = sink;
            _chars = new char[Encoding.UTF8.GetMaxCharCount(_bytes.Length)];
            _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            _timer = new Timer(_ => Poll(), null, PollInterval, PollInterval);
        }

        /// <summary>The file the function's output is appended to.</summary>
        public string Path { get; }

        /// <summary>Starts collecting the function's lines for an invocation (after forwarding what came before).</summary>
        public void BeginCapture()
        {
            lock (_lock)
            {
                ReadAvailable();
                _capture = new StringBuilder();
            }
        }

        /// <summary>Stops collecting and returns the lines written since <see cref="BeginCapture"/>.</summary>
        /// <param name="includePartialLine">Also take a last line not ended by a newline (the process is gone, it will not be finished).</param>
        public string EndCapture(bool includePartialLine)
        {
            lock (_lock)
            {
                ReadAvailable();
                if (includePartialLine)
                {
                    FlushPartialLine();
                }
                string captured = _capture?.ToString() ?? string.Empty;
                _capture = null;
                return captured;
            }
        }

        /// <summary>Reads what the function wrote so far; with <paramref name="includePartialLine"/>, ends a last unterminated line.</summary>
        public void Flush(bool includePartialLine)
        {
            lock (_lock)
            {
                ReadAvailable();
                if (includePartialLine)
                {
                    FlushPartialLine();
                }
            }
        }

        /// <summary>Writes a line of the emulator's own (Lambda's START/END/REPORT lines) to the user's writer only, after the function's lines so far.</summary>
        public void WritePlatformLine(string line)
        {
            lock (_lock)
            {
                ReadAvailable();
                WriteToSink(line);
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }
                try
                {
                    ReadAvailable();
                    FlushPartialLine();
                }
                catch (IOException)
                {
                }
                _disposed = true;
                _timer.Dispose();
                _file.Dispose();
            }
        }

        private void Poll()
        {
            try
            {
                lock (_lock)
                {
                    ReadAvailable();
                }
            }
            catch (IOException)
            {
                // Best effort: the next poll or the end of the invocation tries again.
            }
        }

        private void ReadAvailable()
        {
            if (_disposed)
            {
                return;
            }
            while (true)
            {
                int read = _file.Read(_bytes, 0, _bytes.Length);
                if (read == 0)
                {
                    return;
                }
                int charCount = _decoder.GetChars(_bytes, 0, read, _chars, 0, flush: false);
                int lineStart = 0;
                for (int i = 0; i < charCount; i++)
                {
                    if (_chars[i] != '\n')
                    {
                        continue;
                    }
                    _partialLine.Append(_chars, lineStart, i - lineStart);
                    lineStart = i + 1;
                    EmitPartialLine();
                }
                _partialLine.Append(_chars, lineStart, charCount - lineStart);
            }
        }

        private void FlushPartialLine()
        {
            if (_partialLine.Length > 0)
            {
                EmitPartialLine();
            }
        }

        private void EmitPartialLine()
        {
            if (_partialLine.Length > 0 && _partialLine[_partialLine.Length - 1] == '\r')
            {
                _partialLine.Length--;
            }
            string line = _partialLine.ToString();
            _partialLine.Clear();
            _capture?.Append(line).Append('\n');
            WriteToSink(line);
        }

        private void WriteToSink(string line)
        {
            if (_sink == null)
            {
                return;
            }
            try
            {
                _sink.WriteLine(line);
            }
            catch (Exception e) when (e is ObjectDisposedException || e is IOException || e is InvalidOperationException)
            {
                // A writer that is gone (say, a finished test's output) must not break the function.
            }
        }
    }
}
