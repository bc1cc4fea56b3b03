using RustLambda.Build.Model;

namespace RustLambda.Build.Toolchain
{
    /// <summary>
    /// What to install for a plain-cargo cross build, per distribution, in the words of the error messages (the README's
    /// "arm64 functions with plain cargo" section says the same at length).
    /// </summary>
    public static class CrossToolchainHelp
    {
        public const string CargoLambdaAlternative =
            " Or install cargo-lambda and Zig, which cross-compile without these (RustLambdaBuilder=auto picks cargo-lambda when it is installed).";

        public static string StandardLibrary(LambdaArchitecture target) =>
            $"Install it: with rustup, `rustup target add {target.TargetTriple}`; on Debian, Debian's own Rust has it as a package of the target's " +
            $"architecture (`dpkg --add-architecture {target.DebianArchitecture} && apt-get update && apt-get install libstd-rust-dev:{target.DebianArchitecture}`, " +
            $"or `rustc-web` with `libstd-rust-web-dev:{target.DebianArchitecture}`), then set RustLambdaCargoPath=/usr/bin/cargo so its rustc is used.";

        public static string Linker(LambdaArchitecture target) =>
            $"Install a cross linker for {target.Description}: Debian/Ubuntu `apt-get install {target.DebianCrossGccPackage} {target.DebianCrossLibcPackage}`, " +
            $"Arch `pacman -S {target.GnuTriple}-gcc`, Fedora `dnf install gcc-{target.GnuTriple} sysroot-{target.GnuTriple.Split('-')[0]}-fc$(rpm -E %fedora)-glibc` (see the README for Fedora's sysroot flag); " +
            $"or name the linker you have with {LinkerVariable(target)} or `linker` under [target.{target.TargetTriple}] in .cargo/config.toml.";

        public static string CLibrary(LambdaArchitecture target) =>
            $"Install the {target.Description} C library for it: Debian/Ubuntu `apt-get install {target.DebianCrossLibcPackage}`, Arch `pacman -S {target.GnuTriple}-glibc`; " +
            $"a gcc with its own sysroot elsewhere can be named with {LinkerVariable(target)} (then it is not checked), or pass `-C link-arg=--sysroot=…` in rustflags.";

        /// <summary>Cargo's per-target linker variable, e.g. CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER.</summary>
        public static string LinkerVariable(LambdaArchitecture target) => TargetVariable(target, "LINKER");

        public static string RustflagsVariable(LambdaArchitecture target) => TargetVariable(target, "RUSTFLAGS");

        private static string TargetVariable(LambdaArchitecture target, string suffix) =>
            "CARGO_TARGET_" + target.TargetTriple.ToUpperInvariant().Replace('-', '_') + "_" + suffix;
    }
}
