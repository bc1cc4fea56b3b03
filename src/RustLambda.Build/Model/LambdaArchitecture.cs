using System.Runtime.InteropServices;

namespace RustLambda.Build.Model
{
    /// <summary>One of Lambda's instruction set architectures, with every name the build and the host use for it.</summary>
    public sealed class LambdaArchitecture
    {
        public LambdaArchitecture(string name, ushort elfMachine, string targetTriple, string cargoLambdaFlag, Architecture hostArchitecture, string description)
        {
            Name = name;
            ElfMachine = elfMachine;
            TargetTriple = targetTriple;
            CargoLambdaFlag = cargoLambdaFlag;
            HostArchitecture = hostArchitecture;
            Description = description;
        }

        /// <summary>The name in a template's <c>Architectures</c> list: <c>x86_64</c> or <c>arm64</c>.</summary>
        public string Name { get; }

        /// <summary>The ELF header's <c>e_machine</c> of a binary for it (EM_X86_64 = 62, EM_AARCH64 = 183).</summary>
        public ushort ElfMachine { get; }

        /// <summary>The Rust target triple of a glibc Linux binary for it.</summary>
        public string TargetTriple { get; }

        /// <summary>cargo-lambda's flag selecting it (<c>--x86-64</c>, <c>--arm64</c>).</summary>
        public string CargoLambdaFlag { get; }

        /// <summary>The .NET name of a host of this architecture.</summary>
        public Architecture HostArchitecture { get; }

        /// <summary>How messages name it for a person, e.g. "Linux arm64 (aarch64)".</summary>
        public string Description { get; }

        public override string ToString() => Name;
    }
}
