namespace RustLambda.Build.Cargo
{
    /// <summary>A `bin` target of a package, as Cargo resolves it (explicit [[bin]] or discovered).</summary>
    public sealed class CargoBinary
    {
        internal CargoBinary(string name, string sourcePath, CargoPackage package, BinaryNameOrigin nameOrigin)
        {
            Name = name;
            SourcePath = sourcePath;
            Package = package;
            NameOrigin = nameOrigin;
        }

        public string Name { get; }

        /// <summary>Absolute path of the crate root (main.rs or equivalent); may not exist when Cargo.toml names a missing file.</summary>
        public string SourcePath { get; }

        public CargoPackage Package { get; }

        /// <summary>Where the name was written (a [[bin]], the [package], a src/bin file name), for a message about it.</summary>
        internal BinaryNameOrigin NameOrigin { get; }

        public override string ToString() => $"{Name} ({Package.Name})";
    }
}
