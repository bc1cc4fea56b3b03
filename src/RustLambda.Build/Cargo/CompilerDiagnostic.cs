namespace RustLambda.Build.Cargo
{
    /// <summary>A rustc diagnostic from cargo's JSON, located at its primary span.</summary>
    public sealed class CompilerDiagnostic
    {
        public bool IsError { get; set; }
        public string? Code { get; set; }

        /// <summary>The message with child notes and help appended, one per line.</summary>
        public string Message { get; set; } = "";
        public string? Rendered { get; set; }
        public string? File { get; set; }
        public int Line { get; set; }
        public int Column { get; set; }
        public int EndLine { get; set; }
        public int EndColumn { get; set; }
    }
}
