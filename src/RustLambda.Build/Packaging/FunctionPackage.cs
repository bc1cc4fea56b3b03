namespace RustLambda.Build.Packaging
{
    /// <summary>One function to package: its built binary and where its bootstrap.zip goes.</summary>
    public sealed class FunctionPackage
    {
        public string LogicalId { get; set; } = "";

        /// <summary>The binary's name in the Cargo package, for messages.</summary>
        public string Binary { get; set; } = "";

        /// <summary>The built binary; null when cargo produced none for this function.</summary>
        public string? BinaryPath { get; set; }
        public string ZipPath { get; set; } = "";
        public string Architecture { get; set; } = "";
        public string Runtime { get; set; } = "";

        /// <summary>Where check diagnostics point: the function in the template, where runtime and architecture are decided.</summary>
        public string? TemplatePath { get; set; }
        public int TemplateLine { get; set; }
    }
}
