using System;
using System.Text;
using System.Threading;

namespace RustLambda.Hosting.Processes
{
    /// <summary>
    /// Reads the pipe that is a function's stdout and stderr, continuously, on a thread of its own, and hands out complete
    /// lines as they arrive. The pipe is read without blocking and only under a lock, so <see cref="Flush"/> can read
    /// everything written so far: the log of an invocation is complete the moment the function has answered, and a
    /// function that floods its output only ever waits for this reader, never for the emulator.
    /// </summary>
    internal sealed class OutputPipe : IDisposable
    {
        // More than a pipe holds (64 KiB by default, 1 MiB at most without privileges): one Flush drains what was written before it.
        private const int MaxBytesPerDrain = 1024 * 1024 + 1;
        private const int PollIntervalMs = 100;

        private readonly object _lock = new object();
        private readonly int _fd;
        private readonly Action<string> _onLine;
        private readonly byte[] _bytes = new byte[64 * 1024];
        private readonly char[] _chars;
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
        private readonly StringBuilder _partialLine = new StringBuilder();
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _ended = new ManualResetEventSlim(false);
        private volatile bool _stopping;
        private bool _endOfOutput;
        private bool _closed;

        private OutputPipe(int fd, Action<string> onLine, string threadName)
        {
            _fd = fd;
            _onLine = onLine;
            _chars = new char[Encoding.UTF8.GetMaxCharCount(_bytes.Length)];
            _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        }

        /// <summary>True once every writer closed the pipe (the process and all it started have exited) and all was read.</summary>
        public bool EndOfOutput
        {
            get
            {
                lock (_lock)
                {
                    return _endOfOutput;
                }
            }
        }

        /// <summary>Takes ownership of the pipe's read end <paramref name="fd"/> and starts reading it.</summary>
        public static OutputPipe Start(int fd, Action<string> onLine, string threadName)
        {
            int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
            if (flags < 0 || LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0)
            {
                int error = LibC.LastError;
                LibC.close(fd);
                throw new InvalidOperationException("Could not set up the function's output pipe: " + LibC.Describe(error));
            }
            var pipe = new OutputPipe(fd, onLine, threadName);
            pipe._thread.Start();
            return pipe;
        }

        /// <summary>
        /// Reads everything written to the pipe before this call and hands out its complete lines; with
        /// <paramref name="includePartialLine"/>, also a last line without its newline (its writer is gone).
        /// </summary>
        public void Flush(bool includePartialLine)
        {
            lock (_lock)
            {
                Drain();
                if (includePartialLine)
                {
                    EmitPartialLine();
                }
            }
        }

        /// <summary>Waits at most <paramref name="limit"/> for the end of the output (all writers closed).</summary>
        public bool WaitForEnd(TimeSpan limit) => _ended.Wait(limit);

        public void Dispose()
        {
            _stopping = true;
            if (_thread.IsAlive && Thread.CurrentThread != _thread)
            {
                _thread.Join(TimeSpan.FromSeconds(2));
            }
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }
                Drain();
                EmitPartialLine();
                _closed = true;
                LibC.close(_fd);
            }
            _ended.Set();
        }

        private unsafe void Run()
        {
            var pollFd = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
            while (!_stopping)
            {
                pollFd.Revents = 0;
                // Readable, hung up or failed all end the wait; the drain below tells which.
                int ready = LibC.poll(&pollFd, 1, PollIntervalMs);
                if (ready < 0 && LibC.LastError != LibC.EINTR)
                {
                    break;
                }
                lock (_lock)
                {
                    if (_closed)
                    {
                        return;
                    }
                    Drain();
                    if (_endOfOutput)
                    {
                        EmitPartialLine();
                        break;
                    }
                }
            }
            _ended.Set();
        }

        /// <summary>Reads what the pipe holds now, without blocking. Called under <see cref="_lock"/>.</summary>
        private unsafe void Drain()
        {
            if (_closed || _endOfOutput)
            {
                return;
            }
            int total = 0;
            while (total < MaxBytesPerDrain)
            {
                nint read;
                fixed (byte* buffer = _bytes)
                {
                    read = LibC.read(_fd, buffer, _bytes.Length);
                }
                if (read > 0)
                {
                    total += (int)read;
                    Decode((int)read);
                    continue;
                }
                if (read == 0)
                {
                    _endOfOutput = true;
                    return;
                }
                int error = LibC.LastError;
                if (error == LibC.EINTR)
                {
                    continue;
                }
                // EAGAIN: empty for now. Anything else: the pipe is unusable, treat it as ended.
                if (error != LibC.EAGAIN)
                {
                    _endOfOutput = true;
                }
                return;
            }
        }

        private void Decode(int byteCount)
        {
            int charCount = _decoder.GetChars(_bytes, 0, byteCount, _chars, 0, flush: false);
            int lineStart = 0;
            for (int i = 0; i < charCount; i++)
            {
                if (_chars[i] != '\n')
                {
                    continue;
                }
                _partialLine.Append(_chars, lineStart, i - lineStart);
                lineStart = i + 1;
                EmitLine();
            }
            _partialLine.Append(_chars, lineStart, charCount - lineStart);
        }

        private void EmitPartialLine()
        {
            if (_partialLine.Length > 0)
            {
                EmitLine();
            }
        }

        private void EmitLine()
        {
            if (_partialLine.Length > 0 && _partialLine[_partialLine.Length - 1] == '\r')
            {
                _partialLine.Length--;
            }
            string line = _partialLine.ToString();
            _partialLine.Clear();
            _onLine(line);
        }
    }
}
