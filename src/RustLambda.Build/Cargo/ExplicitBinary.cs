namespace RustLambda.Build.Cargo
{
    /// <summary>An explicit `[[bin]]` entry as written: `path` is null when Cargo must infer it.</summary>
    internal sealed class ExplicitBinary
    {
        public ExplicitBinary(string name, string? path)
        {
            Name = name;
            Path = path;
        }

        public string Name { get; }
        public string? Path { get; }
    }
}
