using System.IO;
using System.Text;

namespace RustLambda.LocalServer.Serving
{
    /// <summary>Collects text into lines and hands each, prefixed, to the console as a whole.</summary>
    internal sealed class PrefixedLineWriter : TextWriter
    {
        private readonly ConsoleOutput _console;
        private readonly string _prefix;
        private readonly StringBuilder _line = new();

        public PrefixedLineWriter(ConsoleOutput console, string prefix)
        {
            _console = console;
            _prefix = prefix;
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value == '\n')
                {
                    Emit();
                }
                else if (value != '\r')
                {
                    _line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            if (value == null)
            {
                return;
            }
            foreach (char c in value)
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_line)
            {
                Write(value);
                Emit();
            }
        }

        public override void Flush()
        {
            lock (_line)
            {
                if (_line.Length > 0)
                {
                    Emit();
                }
            }
        }

        private void Emit()
        {
            _console.Line(_prefix + _line);
            _line.Clear();
        }
    }
}
