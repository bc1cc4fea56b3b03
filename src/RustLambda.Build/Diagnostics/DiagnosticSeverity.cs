namespace RustLambda.Build.Diagnostics
{
    public enum DiagnosticSeverity
    {
        Error,
        Warning,
    }
}
