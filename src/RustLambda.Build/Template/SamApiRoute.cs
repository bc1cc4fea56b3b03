namespace RustLambda.Build.Template
{
    /// <summary>One `Api` or `HttpApi` event of a function: a method and path on an API, and the event payload version.</summary>
    public sealed class SamApiRoute
    {
        public string FunctionLogicalId { get; set; } = "";
        public string EventName { get; set; } = "";
        public string ApiLogicalId { get; set; } = "";
        public SamApiKind Kind { get; set; }

        /// <summary>The path as written (`/items/{id}`, `/{proxy+}`), or `$default` for an HttpApi catch-all.</summary>
        public string Path { get; set; } = "";

        /// <summary>Upper case; `ANY` matches every method.</summary>
        public string Method { get; set; } = "ANY";

        /// <summary>"1.0" for REST APIs; "2.0" (the default) or "1.0" for HTTP APIs.</summary>
        public string PayloadFormatVersion { get; set; } = "1.0";

        public int Line { get; set; }
    }
}
