namespace RustLambda.Build.Diagnostics
{
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
}
