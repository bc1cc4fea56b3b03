using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build
{
    public enum DiagnosticSeverity
    {
        Error,
        Warning,
    }

    /// <summary>
    /// A problem found by the model, independent of MSBuild: the tasks turn each into an MSBuild error or
    /// warning with the same code, file and position, so the model stays testable without a build engine.
    /// </summary>
    public sealed class Diagnostic
    {
        public Diagnostic(DiagnosticSeverity severity, string code, string message, string? file = null, int line = 0, int column = 0)
        {
            Severity = severity;
            Code = code;
            Message = message;
            File = file;
            Line = line;
            Column = column;
        }

        public DiagnosticSeverity Severity { get; }
        public string Code { get; }
        public string Message { get; }
        public string? File { get; }

        /// <summary>1-based; 0 when unknown.</summary>
        public int Line { get; }

        /// <summary>1-based; 0 when unknown.</summary>
        public int Column { get; }

        public override string ToString()
        {
            string where = File == null ? "" : Line > 0 ? $"{File}({Line},{Column}): " : $"{File}: ";
            return $"{where}{(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}";
        }
    }

    /// <summary>Collects diagnostics so that one pass can report every problem, not just the first.</summary>
    public sealed class DiagnosticBag
    {
        private readonly List<Diagnostic> _items = new List<Diagnostic>();

        public IReadOnlyList<Diagnostic> Items => _items;
        public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);

        public void Error(string code, string message, string? file = null, int line = 0, int column = 0) =>
            _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, file, line, column));

        public void Warning(string code, string message, string? file = null, int line = 0, int column = 0) =>
            _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, file, line, column));

        public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
    }
}
