namespace RustLambda.Build.Template
{
    /// <summary>A function's `FunctionUrlConfig`: its URL receives payload 2.0 events.</summary>
    public sealed class SamFunctionUrl
    {
        public string FunctionLogicalId { get; set; } = "";
        public string AuthType { get; set; } = "NONE";
        public string InvokeMode { get; set; } = "BUFFERED";
    }
}
