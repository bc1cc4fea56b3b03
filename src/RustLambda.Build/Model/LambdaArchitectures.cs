using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace RustLambda.Build.Model
{
    /// <summary>
    /// Lambda's architectures in one table, as <c>LambdaRuntimes</c> is for runtimes. Shared by source with
    /// RustLambda.Hosting (linked file), so it depends on nothing but the BCL.
    /// </summary>
    // RustLambda.Hosting compiles this file too (linked) and keeps it internal, so that assemblies referencing both see one type.
#if RUSTLAMBDA_HOSTING
    internal
#else
    public
#endif
    static class LambdaArchitectures
    {
        public const string X86_64 = "x86_64";
        public const string Arm64 = "arm64";

        /// <summary>What a function without <c>Architectures</c> gets, as on Lambda.</summary>
        public const string Default = X86_64;

        public static readonly LambdaArchitecture X86_64Architecture =
            new LambdaArchitecture(X86_64, elfMachine: 62, "x86_64-unknown-linux-gnu", "--x86-64", Architecture.X64, "Linux x86_64", "x86_64-linux-gnu", "amd64");

        public static readonly LambdaArchitecture Arm64Architecture =
            new LambdaArchitecture(Arm64, elfMachine: 183, "aarch64-unknown-linux-gnu", "--arm64", Architecture.Arm64, "Linux arm64 (aarch64)", "aarch64-linux-gnu", "arm64");

        private static readonly LambdaArchitecture[] Table = { X86_64Architecture, Arm64Architecture };

        public static IEnumerable<LambdaArchitecture> All => Table;

        public static IEnumerable<string> Names => Table.Select(a => a.Name);

        public static LambdaArchitecture? Find(string? name) => Table.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

        /// <summary>For a name the template reader has already validated; any other name is a defect in the SDK.</summary>
        /// <exception cref="ArgumentException">The name is not a Lambda architecture.</exception>
        public static LambdaArchitecture Get(string name) =>
            Find(name) ?? throw new ArgumentException($"'{name}' is not a Lambda architecture ({string.Join(", ", Names)}).", nameof(name));

        public static LambdaArchitecture? FromElfMachine(ushort machine) => Table.FirstOrDefault(a => a.ElfMachine == machine);

        public static LambdaArchitecture? FromHost(Architecture hostArchitecture) => Table.FirstOrDefault(a => a.HostArchitecture == hostArchitecture);

        /// <summary>The architecture of the machine this process runs on, or null where Lambda has none like it.</summary>
        public static LambdaArchitecture? Host => FromHost(RuntimeInformation.OSArchitecture);
    }
}
