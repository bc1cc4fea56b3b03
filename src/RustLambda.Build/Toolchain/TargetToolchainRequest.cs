using System.Collections.Generic;
using RustLambda.Build.Model;

namespace RustLambda.Build.Toolchain
{
    /// <summary>What one plain-cargo build needs to know before it starts: which cargo, and what to add to its environment.</summary>
    public sealed class TargetToolchainRequest
    {
        public LambdaArchitecture Target { get; set; } = LambdaArchitectures.X86_64Architecture;

        /// <summary>The machine building; a target other than it is a cross build.</summary>
        public LambdaArchitecture? Host { get; set; }

        /// <summary>The cargo the build resolved (RustLambdaCargoPath, CARGO, PATH, ~/.cargo/bin).</summary>
        public string CargoPath { get; set; } = "";

        /// <summary>True when RustLambdaCargoPath named it: the user chose the toolchain, so no other cargo is tried.</summary>
        public bool CargoPathIsExplicit { get; set; }

        /// <summary>Where cargo runs (rustup reads rust-toolchain.toml, cargo reads .cargo/config.toml from here up).</summary>
        public string WorkingDirectory { get; set; } = "";

        /// <summary>Folders searched for rustc, the cross linker and other cargos, in order (ToolLocator.SearchFolders).</summary>
        public IReadOnlyList<string> SearchFolders { get; set; } = new List<string>();

        /// <summary>True when cargo-lambda would also do (RustLambdaBuilder=auto): the errors then mention it.</summary>
        public bool SuggestCargoLambda { get; set; }
    }
}
