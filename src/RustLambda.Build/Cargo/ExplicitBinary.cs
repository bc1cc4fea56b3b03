namespace RustLambda.Build.Cargo
{
    /// <summary>An explicit `[[bin]]` entry as written: `path` is null when Cargo must infer it.</summary>
    internal sealed class ExplicitBinary
    {
        public ExplicitBinary(string name, string? path, BinaryNameOrigin origin)
        {
            Name = name;
            Path = path;
            Origin = origin;
        }

        public string Name { get; }
        public string? Path { get; }

        /// <summary>Its `name =` key, for a message about the name.</summary>
        public BinaryNameOrigin Origin { get; }
    }
}
