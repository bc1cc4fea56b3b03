using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Diagnostics
{
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

        public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

        public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
    }
}
