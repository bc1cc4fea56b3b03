// Stand-in until the shared table in src/RustLambda.Build/Model/LambdaArchitectures.cs is on main; then this file is
// replaced by a link to that one (same names, same API).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace RustLambda.Build
{
    internal sealed class LambdaArchitecture
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

        public string Name { get; }

        public ushort ElfMachine { get; }

        public string TargetTriple { get; }

        public string CargoLambdaFlag { get; }

        public Architecture HostArchitecture { get; }

        public string Description { get; }

        public override string ToString() => Name;
    }

    internal static class LambdaArchitectures
    {
        public const string X86_64 = "x86_64";
        public const string Arm64 = "arm64";
        public const string Default = X86_64;

        public static readonly LambdaArchitecture X86_64Architecture =
            new LambdaArchitecture(X86_64, elfMachine: 62, "x86_64-unknown-linux-gnu", "--x86-64", Architecture.X64, "Linux x86_64");

        public static readonly LambdaArchitecture Arm64Architecture =
            new LambdaArchitecture(Arm64, elfMachine: 183, "aarch64-unknown-linux-gnu", "--arm64", Architecture.Arm64, "Linux arm64 (aarch64)");

        private static readonly LambdaArchitecture[] Table = { X86_64Architecture, Arm64Architecture };

        public static IEnumerable<LambdaArchitecture> All => Table;

        public static IEnumerable<string> Names => Table.Select(a => a.Name);

        public static LambdaArchitecture? Find(string? name) => Table.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

        public static LambdaArchitecture? FromElfMachine(ushort machine) => Table.FirstOrDefault(a => a.ElfMachine == machine);

        public static LambdaArchitecture? FromHost(Architecture hostArchitecture) => Table.FirstOrDefault(a => a.HostArchitecture == hostArchitecture);

        public static LambdaArchitecture? Host => FromHost(RuntimeInformation.OSArchitecture);
    }
}
