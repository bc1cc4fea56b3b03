using System.Runtime.InteropServices;

namespace RustLambda.Build.Model
{
    /// <summary>One of Lambda's instruction set architectures, with every name the build and the host use for it.</summary>
    // RustLambda.Hosting compiles this file too (linked) and keeps it internal, so that assemblies referencing both see one type.
#if RUSTLAMBDA_HOSTING
    internal
#else
    public
#endif
    sealed class LambdaArchitecture
    {
        public LambdaArchitecture(string name, ushort elfMachine, string targetTriple, string cargoLambdaFlag, Architecture hostArchitecture, string description, string gnuTriple, string debianArchitecture)
        {
            Name = name;
            ElfMachine = elfMachine;
            TargetTriple = targetTriple;
            CargoLambdaFlag = cargoLambdaFlag;
            HostArchitecture = hostArchitecture;
            Description = description;
            GnuTriple = gnuTriple;
            DebianArchitecture = debianArchitecture;
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

        /// <summary>The GNU triple naming its cross tools: <c>aarch64-linux-gnu</c> gives <c>aarch64-linux-gnu-gcc</c>.</summary>
        public string GnuTriple { get; }

        /// <summary>Debian's name for it (<c>amd64</c>, <c>arm64</c>): <c>dpkg --add-architecture</c>, <c>libstd-rust-dev:arm64</c>.</summary>
        public string DebianArchitecture { get; }

        /// <summary>Debian's and Ubuntu's cross gcc for it, e.g. <c>gcc-aarch64-linux-gnu</c>.</summary>
        public string DebianCrossGccPackage => "gcc-" + GnuTriple.Replace('_', '-');

        /// <summary>The C library that cross gcc links against, e.g. <c>libc6-dev-arm64-cross</c>.</summary>
        public string DebianCrossLibcPackage => "libc6-dev-" + DebianArchitecture + "-cross";

        public override string ToString() => Name;
    }
}
