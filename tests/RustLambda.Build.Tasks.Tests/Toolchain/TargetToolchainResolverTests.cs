using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Model;
using RustLambda.Build.Toolchain;

namespace RustLambda.Build.Tests.Toolchain
{
    /// <summary>
    /// Which cargo, rustc and linker a plain-cargo build uses for each architecture, on a machine laid out like this one:
    /// rustup's toolchain (host std only) in ~/.cargo/bin and Debian's rustc-web (arm64 std too) in /usr/bin.
    /// </summary>
    [TestClass]
    public class TargetToolchainResolverTests
    {
        private const string RustupCargo = "/home/u/.cargo/bin/cargo";
        private const string RustupRustc = "/home/u/.cargo/bin/rustc";
        private const string DebianCargo = "/usr/bin/cargo";
        private const string DebianRustc = "/usr/bin/rustc";
        private const string CrossGcc = "/usr/bin/aarch64-linux-gnu-gcc";
        private const string CrossCrt1 = "/usr/aarch64-linux-gnu/lib/crt1.o";
        private const string Linker = "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER";

        private static readonly LambdaArchitecture Arm64 = LambdaArchitectures.Arm64Architecture;
        private static readonly LambdaArchitecture X64 = LambdaArchitectures.X86_64Architecture;

        private sealed class FakeProbe : IRustcTargetProbe
        {
            public readonly HashSet<string> WithStd = new HashSet<string>(StringComparer.Ordinal);
            public readonly List<string> Asked = new List<string>();

            public RustcTargetLibrary Probe(string rustc, string targetTriple, string workingDirectory, IReadOnlyDictionary<string, string> environment)
            {
                Asked.Add(rustc);
                string lib = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(rustc)!)!, "lib", "rustlib", targetTriple, "lib");
                return new RustcTargetLibrary(rustc, lib, WithStd.Contains(rustc), null);
            }
        }

        private sealed class Machine
        {
            public readonly HashSet<string> Files = new HashSet<string>(StringComparer.Ordinal) { RustupCargo, RustupRustc, DebianCargo, DebianRustc, CrossGcc, CrossCrt1 };
            public readonly Dictionary<string, string> Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = "/home/u/.cargo/bin:/usr/bin", ["HOME"] = "/home/u" };
            public readonly FakeProbe Probe = new FakeProbe { WithStd = { DebianRustc } };
            public string WorkingDirectory = Path.Combine(Path.GetTempPath(), "rl-no-cargo-config-" + Guid.NewGuid().ToString("N"));

            public (TargetToolchain? Toolchain, DiagnosticBag Diagnostics) Resolve(LambdaArchitecture target, LambdaArchitecture host, string cargo = RustupCargo, bool explicitCargo = false, bool auto = false)
            {
                var diagnostics = new DiagnosticBag();
                var resolver = new TargetToolchainResolver(n => Environment.TryGetValue(n, out var v) ? v : null, f => Files.Contains(f) || (f.StartsWith(Path.GetTempPath(), StringComparison.Ordinal) && File.Exists(f)), Probe, isWindows: false);
                var toolchain = resolver.Resolve(new TargetToolchainRequest
                {
                    Target = target,
                    Host = host,
                    CargoPath = cargo,
                    CargoPathIsExplicit = explicitCargo,
                    WorkingDirectory = WorkingDirectory,
                    SearchFolders = Environment["PATH"].Split(':'),
                    SuggestCargoLambda = auto,
                }, diagnostics);
                return (toolchain, diagnostics);
            }
        }

        [TestMethod]
        public void A_native_build_probes_nothing_and_runs_with_the_rustc_beside_its_cargo()
        {
            var machine = new Machine();
            var (toolchain, diagnostics) = machine.Resolve(X64, X64, DebianCargo);
            Assert.IsFalse(diagnostics.HasErrors);
            Assert.AreEqual(DebianCargo, toolchain!.CargoPath);
            Assert.IsFalse(toolchain.CrossCompiles);
            Assert.AreEqual(DebianRustc, toolchain.Environment["RUSTC"]);
            Assert.IsFalse(toolchain.Environment.ContainsKey(Linker));
            Assert.AreEqual(0, machine.Probe.Asked.Count);
        }

        [TestMethod]
        public void A_RUSTC_the_user_set_is_never_replaced()
        {
            var machine = new Machine();
            machine.Environment["RUSTC"] = "/opt/rust/bin/rustc";
            var (toolchain, _) = machine.Resolve(X64, X64, DebianCargo);
            Assert.IsFalse(toolchain!.Environment.ContainsKey("RUSTC"));
        }

        [TestMethod]
        public void Arm64_on_x86_64_picks_the_cargo_whose_rustc_has_the_arm64_std_and_the_cross_gcc()
        {
            var machine = new Machine();
            var (toolchain, diagnostics) = machine.Resolve(Arm64, X64);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            Assert.IsTrue(toolchain!.CrossCompiles);
            Assert.AreEqual(DebianCargo, toolchain.CargoPath);
            Assert.AreEqual(DebianRustc, toolchain.Environment["RUSTC"], "the two toolchains never mix");
            Assert.AreEqual(CrossGcc, toolchain.Environment[Linker]);
            CollectionAssert.AreEqual(new[] { RustupRustc, DebianRustc }, machine.Probe.Asked, "each rustc is asked once, the resolved cargo's first");
            StringAssert.Contains(toolchain.Notes[0], "arm64 functions build with /usr/bin/cargo");
        }

        [TestMethod]
        public void A_cargo_named_by_RustLambdaCargoPath_is_kept_and_a_missing_std_is_one_error_saying_what_to_install()
        {
            var machine = new Machine();
            var (toolchain, diagnostics) = machine.Resolve(Arm64, X64, RustupCargo, explicitCargo: true);
            Assert.IsNull(toolchain);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.TargetStdMissing, error.Code);
            StringAssert.Contains(error.Message, "the rustc beside RustLambdaCargoPath");
            StringAssert.Contains(error.Message, "rustup target add aarch64-unknown-linux-gnu");
            StringAssert.Contains(error.Message, "libstd-rust-dev:arm64");
            StringAssert.Contains(error.Message, RustupRustc);
            CollectionAssert.AreEqual(new[] { RustupRustc }, machine.Probe.Asked);
        }

        [TestMethod]
        public void No_rustc_with_the_target_std_anywhere_is_one_error_that_also_suggests_cargo_lambda_under_auto()
        {
            var machine = new Machine();
            machine.Probe.WithStd.Clear();
            var (_, diagnostics) = machine.Resolve(Arm64, X64, auto: true);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.TargetStdMissing, error.Code);
            StringAssert.Contains(error.Message, "cargo-lambda");
            StringAssert.Contains(error.Message, DebianRustc);
        }

        [TestMethod]
        public void A_user_RUSTC_is_the_only_rustc_asked()
        {
            var machine = new Machine();
            machine.Environment["RUSTC"] = RustupRustc;
            var (_, diagnostics) = machine.Resolve(Arm64, X64);
            Assert.AreEqual(DiagnosticCodes.TargetStdMissing, diagnostics.Items.Single().Code);
            StringAssert.Contains(diagnostics.Items.Single().Message, "the rustc RUSTC names");
            CollectionAssert.AreEqual(new[] { RustupRustc }, machine.Probe.Asked);
        }

        [TestMethod]
        public void No_cross_gcc_is_one_error_naming_the_packages()
        {
            var machine = new Machine();
            machine.Files.Remove(CrossGcc);
            var (toolchain, diagnostics) = machine.Resolve(Arm64, X64);
            Assert.IsNull(toolchain);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.CrossLinkerNotFound, error.Code);
            StringAssert.Contains(error.Message, "aarch64-linux-gnu-gcc");
            StringAssert.Contains(error.Message, "apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross");
            StringAssert.Contains(error.Message, Linker);
        }

        [TestMethod]
        public void A_cross_gcc_without_its_C_library_is_one_error_before_the_link_would_fail()
        {
            var machine = new Machine();
            machine.Files.Remove(CrossCrt1);
            var (_, diagnostics) = machine.Resolve(Arm64, X64);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.CrossCLibraryNotFound, error.Code);
            StringAssert.Contains(error.Message, "libc6-dev-arm64-cross");
        }

        [TestMethod]
        public void A_linker_named_in_cargos_variable_is_used_as_is_or_is_an_error_when_missing()
        {
            var machine = new Machine();
            machine.Files.Remove(CrossGcc);
            machine.Files.Add("/opt/cross/bin/my-ld");
            machine.Environment[Linker] = "/opt/cross/bin/my-ld";
            var (toolchain, diagnostics) = machine.Resolve(Arm64, X64);
            Assert.IsFalse(diagnostics.HasErrors);
            Assert.IsFalse(toolchain!.Environment.ContainsKey(Linker), "the user's variable reaches cargo unchanged");

            machine.Environment[Linker] = "/opt/cross/bin/missing-ld";
            (_, diagnostics) = machine.Resolve(Arm64, X64);
            Assert.AreEqual(DiagnosticCodes.CrossLinkerNotFound, diagnostics.Items.Single().Code);
            StringAssert.Contains(diagnostics.Items.Single().Message, "is '/opt/cross/bin/missing-ld'");
        }

        [TestMethod]
        public void A_linker_in_cargo_config_toml_is_the_users_choice_and_is_checked()
        {
            using var temp = new TempDirectory("cargo-config");
            temp.Write(".cargo/config.toml", "[target.aarch64-unknown-linux-gnu]\nlinker = \"tools/ld-arm\"\n");
            temp.Write("tools/ld-arm", "#!/bin/sh\n");
            var machine = new Machine { WorkingDirectory = temp.Combine("crate", "nested") };
            machine.Files.Remove(CrossGcc);
            var (toolchain, diagnostics) = machine.Resolve(Arm64, X64);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            Assert.IsFalse(toolchain!.Environment.ContainsKey(Linker));

            File.Delete(temp.Combine("tools", "ld-arm"));
            (_, diagnostics) = machine.Resolve(Arm64, X64);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.CrossLinkerNotFound, error.Code);
            StringAssert.Contains(error.Message, temp.Combine(".cargo", "config.toml"));
        }

        [TestMethod]
        public void Rustflags_that_choose_the_linker_or_a_sysroot_are_respected()
        {
            using var temp = new TempDirectory("cargo-config");
            temp.Write(".cargo/config.toml", "[target.aarch64-unknown-linux-gnu]\nrustflags = [\"-C\", \"link-arg=--sysroot=/usr/aarch64-redhat-linux/sys-root/fc40\"]\n");
            var machine = new Machine { WorkingDirectory = temp.Path };
            machine.Files.Remove(CrossCrt1);
            var (toolchain, diagnostics) = machine.Resolve(Arm64, X64);
            Assert.IsFalse(diagnostics.HasErrors, "Fedora's gcc with its sysroot passed in rustflags links user space");
            Assert.AreEqual(CrossGcc, toolchain!.Environment[Linker]);

            var flagged = new Machine();
            flagged.Files.Remove(CrossGcc);
            flagged.Environment["RUSTFLAGS"] = "-C linker=clang";
            (_, diagnostics) = flagged.Resolve(Arm64, X64);
            Assert.IsFalse(diagnostics.HasErrors);
        }

        [TestMethod]
        public void X86_64_on_an_arm64_host_looks_for_the_x86_64_cross_gcc()
        {
            var machine = new Machine();
            machine.Probe.WithStd.Add(RustupRustc);
            var (_, diagnostics) = machine.Resolve(X64, Arm64);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.CrossLinkerNotFound, error.Code);
            StringAssert.Contains(error.Message, "x86_64-linux-gnu-gcc");
            StringAssert.Contains(error.Message, "gcc-x86-64-linux-gnu libc6-dev-amd64-cross");
        }

        [TestMethod]
        public void The_real_probe_tells_a_rustc_with_the_arm64_std_from_one_without()
        {
            // The machines this project builds on have both (CI installs rustc-web and libstd-rust-web-dev:arm64).
            var probe = new RustcTargetProbe();
            var debian = probe.Probe(DebianRustc, Arm64.TargetTriple, Path.GetTempPath(), new Dictionary<string, string>());
            Assert.IsTrue(debian.HasStd, debian.Failure ?? debian.LibraryDirectory);
            var missing = probe.Probe("/nonexistent/rustc", Arm64.TargetTriple, Path.GetTempPath(), new Dictionary<string, string>());
            Assert.IsFalse(missing.HasStd);
            StringAssert.Contains(missing.Failure, "could not be started");
        }
    }
}
