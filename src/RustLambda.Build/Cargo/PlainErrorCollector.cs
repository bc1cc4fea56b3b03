using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace RustLambda.Build.Cargo
{
    /// <summary>
    /// Groups cargo's (and cargo-lambda's, rustup's, Zig's) plain-text <c>error:</c> lines on stderr with the lines that
    /// explain them ("Caused by:", a source snippet, help), so each becomes one MSBuild error that carries the whole
    /// explanation. ToolTask hands lines over trimmed, so an error runs until the next message or cargo status line rather
    /// than while lines are indented.
    /// </summary>
    public sealed class PlainErrorCollector
    {
        // cargo's status lines: a capitalised verb ("Compiling x", "Finished `dev`", "Blocking waiting…"), never "Caused by:".
        private static readonly Regex StatusLine = new Regex(@"^(?!Caused by)[A-Z][a-z]+(ing|ed)\s", RegexOptions.CultureInvariant);
        private static readonly Regex Pointer = new Regex(@"^-->\s*(?<file>.+?):(?<line>\d+):(?<column>\d+)\s*$", RegexOptions.CultureInvariant);

        private PlainError? _pending;
        private StringBuilder? _text;
        private List<string>? _chain;
        private bool _causeNext;
        private readonly List<PlainError> _errors = new List<PlainError>();

        public IReadOnlyList<PlainError> Errors => _errors;

        /// <returns>Errors completed by this line (usually none or one).</returns>
        public IEnumerable<PlainError> Add(string line)
        {
            var completed = new List<PlainError>();
            string trimmed = line.Trim();
            bool startsError = trimmed.StartsWith("error:", StringComparison.Ordinal) || trimmed.StartsWith("Error:", StringComparison.Ordinal)
                || (trimmed.StartsWith("error[", StringComparison.Ordinal) && trimmed.Contains("]:"));
            if (startsError)
            {
                Flush(completed);
                _pending = new PlainError();
                string first = trimmed.Substring(trimmed.IndexOf(':') + 1).Trim();
                _text = new StringBuilder(first);
                _chain = new List<string> { first };
                _causeNext = false;
            }
            else if (_pending != null && (StatusLine.IsMatch(trimmed) || trimmed.StartsWith("warning:", StringComparison.Ordinal)))
            {
                Flush(completed);
            }
            else if (_pending != null && trimmed.Length > 0)
            {
                var pointer = Pointer.Match(trimmed);
                if (pointer.Success && _pending.File == null)
                {
                    _pending.File = pointer.Groups["file"].Value;
                    _pending.Line = int.Parse(pointer.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    _pending.Column = int.Parse(pointer.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
                _text!.Append(Environment.NewLine).Append(trimmed);
                if (trimmed == "Caused by:")
                {
                    _causeNext = true;
                }
                else if (_causeNext)
                {
                    _chain!.Add(trimmed);
                    _causeNext = false;
                }
            }
            return completed;
        }

        public IEnumerable<PlainError> Complete()
        {
            var completed = new List<PlainError>();
            Flush(completed);
            return completed;
        }

        private void Flush(List<PlainError> completed)
        {
            if (_pending != null)
            {
                _pending.FullText = _text!.ToString();
                _pending.Message = string.Join(": ", _chain!);
                completed.Add(_pending);
                _errors.Add(_pending);
                _pending = null;
                _text = null;
                _chain = null;
            }
        }
    }
}
