using System.Collections.Generic;

namespace RustLambda.Build.Toolchain
{

    public sealed class TargetToolchain
    {
        public TargetToolchain(string cargoPath, bool crossCompiles, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> notes)
        {
            CargoPath = cargoPath;
            CrossCompiles = crossCompiles;
            Environment = environment;
            Notes = notes;
        }

        /// <summary>The cargo to run: the resolved one, or another whose rustc has the target's standard library.</summary>
        public string CargoPath { get; }

        public bool CrossCompiles { get; }

        /// <summary>Variables for cargo's environment: RUSTC (the rustc beside the chosen cargo) and the target's linker variable.</summary>
        public IReadOnlyDictionary<string, string> Environment { get; }

        /// <summary>What was chosen and why, for the build log.</summary>
        public IReadOnlyList<string> Notes { get; }
    }
}
