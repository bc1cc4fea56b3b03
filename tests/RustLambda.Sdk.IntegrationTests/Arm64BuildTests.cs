using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Testing;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// arm64 functions built with plain cargo on this x86_64 machine, no cargo-lambda or Zig: Debian's rustc-web with the
    /// arm64 std (libstd-rust-web-dev:arm64) and the aarch64 cross gcc, which .ci/run installs, beside rustup's x86_64-only
    /// toolchain. The missing-piece errors are provoked by naming rustup's cargo, or by a PATH without the cross gcc.
    /// </summary>
    [TestClass]
    public class Arm64BuildTests
    {
        private const ushort ElfAarch64 = 183;
        private const ushort ElfX86_64 = 62;
        private const string DebianCargo = "/usr/bin/cargo";

        private static string RustupCargo => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo", "bin", "cargo");

        [TestInitialize]
        public void OnX86_64()
        {
            if (RuntimeInformation.OSArchitecture != Architecture.X64)
            {
                Assert.Inconclusive("These tests cross-build arm64 from an x86_64 host.");
            }
        }

        /// <summary>MultiFunction with FunctionB moved to arm64: one package, two architectures, one build.</summary>
        private static Sandbox MixedArchitectures(string name, string runtime = "provided.al2023")
        {
            var sandbox = Sandbox.FromSample("MultiFunction", name);
            string template = File.ReadAllText(sandbox.PathOf("template.yaml"));
            template = template.Replace("  FunctionB:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n",
                         $"  FunctionB:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Architectures: [arm64]\n      Runtime: {runtime}\n");
            StringAssert.Contains(template, "Architectures: [arm64]", "the sample changed; adjust this test");
            sandbox.Write("template.yaml", template);
            return sandbox;
        }

        internal static ushort ElfMachineInZip(string zip)
        {
            using var archive = ZipFile.OpenRead(zip);
            using var stream = archive.GetEntry("bootstrap")!.Open();
            var header = new byte[20];
            int read = 0;
            while (read < header.Length)
            {
                int n = stream.Read(header, read, header.Length - read);
                Assert.AreNotEqual(0, n, "bootstrap is shorter than an ELF header");
                read += n;
            }
            CollectionAssert.AreEqual(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header[..4], "bootstrap is an ELF file");
            return BitConverter.ToUInt16(header, 18);
        }

        [TestMethod]
        public void An_arm64_function_builds_with_plain_cargo_beside_an_x86_64_one()
        {
            using var sandbox = MixedArchitectures("arm64-plain");
            var build = sandbox.Build("MultiFunction.csproj", "-p:RustLambdaBuilder=cargo");
            build.AssertSucceeded();
            Assert.AreEqual(ElfX86_64, ElfMachineInZip(sandbox.PathOf("bin/Debug/FunctionA/bootstrap.zip")));
            Assert.AreEqual(ElfAarch64, ElfMachineInZip(sandbox.PathOf("bin/Debug/FunctionB/bootstrap.zip")), "the zip passed the ELF machine check as aarch64");
            StringAssert.Contains(build.Output, $"arm64 functions build with {DebianCargo}", "rustup's cargo has no arm64 std here, so Debian's is picked and said");
            StringAssert.Contains(build.Output, "aarch64-linux-gnu-gcc");
            Assert.IsTrue(File.Exists(sandbox.PathOf("target/aarch64-unknown-linux-gnu/debug/function_b")), "built with --target into cargo's per-target folder");
            Assert.IsTrue(File.Exists(sandbox.PathOf(".aws-sam/build/FunctionB/bootstrap")));

            var again = sandbox.Build("MultiFunction.csproj", "-p:RustLambdaBuilder=cargo");
            again.AssertSucceeded();
            Assert.IsFalse(again.Output.Contains("arm64 functions build with"), "a build with nothing changed starts no cargo and probes no rustc:\n" + again.Output);
        }

        [TestMethod]
        public async Task The_arm64_build_runs_under_QEMU_through_RustLambda_Testing()
        {
            using var sandbox = MixedArchitectures("arm64-qemu");
            sandbox.Build("MultiFunction.csproj", "-p:RustLambdaBuilder=cargo", "-p:SamFunctions=FunctionB").AssertSucceeded();
            string zip = sandbox.PathOf("bin/Debug/FunctionB/bootstrap.zip");
            Assert.AreEqual(ElfAarch64, ElfMachineInZip(zip));

            await using var function = await RustLambdaFunction.StartAsync(zip, new RustLambdaFunctionOptions { Architecture = "arm64", FunctionName = "FunctionB" });
            var first = await function.InvokeAsync("{\"order\":42}");
            Assert.IsTrue(first.IsSuccess, first.ToString());
            StringAssert.Contains(first.Payload, "\"function\":\"function_b\"");
            StringAssert.Contains(first.Payload, "\"length\":12");
            var second = await function.InvokeAsync("{}");
            Assert.IsTrue(second.IsSuccess, second.ToString());
            StringAssert.Contains(second.Payload, "\"length\":2", "the same emulated process serves a second invocation");
        }

        [TestMethod]
        public void The_auto_builder_without_cargo_lambda_builds_arm64_with_the_cargo_named_in_RustLambdaCargoPath()
        {
            using var sandbox = MixedArchitectures("arm64-auto");
            var build = sandbox.Build("MultiFunction.csproj", "-p:Configuration=Release", $"-p:RustLambdaCargoPath={DebianCargo}");
            build.AssertSucceeded();
            Assert.AreEqual(ElfAarch64, ElfMachineInZip(sandbox.PathOf("bin/Release/FunctionB/bootstrap.zip")));
            Assert.IsFalse(build.Output.Contains("arm64 functions build with"), "the cargo the user named is used, no other is looked for");
        }

        [TestMethod]
        public void A_rustc_without_the_arm64_std_is_one_error_before_cargo_starts_saying_what_to_install()
        {
            using var sandbox = MixedArchitectures("arm64-nostd");
            var build = sandbox.Build("MultiFunction.csproj", "-p:RustLambdaBuilder=cargo", $"-p:RustLambdaCargoPath={RustupCargo}");
            build.AssertFailedWith("RL0141");
            StringAssert.Contains(build.Output, "rustup target add aarch64-unknown-linux-gnu");
            StringAssert.Contains(build.Output, "libstd-rust-dev:arm64");
            Assert.IsFalse(build.Output.Contains("can't find crate"), "cargo never started for arm64:\n" + build.Output);
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/FunctionB/bootstrap.zip")));
        }

        [TestMethod]
        public void No_cross_gcc_on_PATH_is_one_error_naming_the_packages()
        {
            using var sandbox = MixedArchitectures("arm64-nolinker");
            // A PATH with nothing on it: cargo is named, and the aarch64 gcc in /usr/bin is out of reach. dotnet itself is
            // started by its full path (Process.Start resolves it with the test's own PATH).
            string empty = sandbox.PathOf(".empty-path");
            Directory.CreateDirectory(empty);
            var build = sandbox.Dotnet(new[] { "build", "MultiFunction.csproj", "-p:RustLambdaBuilder=cargo", $"-p:RustLambdaCargoPath={DebianCargo}", "-p:SamFunctions=FunctionB" },
                new Dictionary<string, string?> { ["PATH"] = empty });
            build.AssertFailedWith("RL0140");
            StringAssert.Contains(build.Output, "apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross");
            StringAssert.Contains(build.Output, "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER");
            Assert.IsFalse(build.Output.Contains("linking with"), "no linker error from inside cargo:\n" + build.Output);
        }

        [TestMethod]
        public void A_configured_linker_that_does_not_exist_is_one_error()
        {
            using var sandbox = MixedArchitectures("arm64-badlinker");
            sandbox.Write(".cargo/config.toml", "[target.aarch64-unknown-linux-gnu]\nlinker = \"/opt/nowhere/aarch64-gcc\"\n");
            var build = sandbox.Build("MultiFunction.csproj", "-p:RustLambdaBuilder=cargo");
            build.AssertFailedWith("RL0140");
            StringAssert.Contains(build.Output, "linker = \"/opt/nowhere/aarch64-gcc\"");
            StringAssert.Contains(build.Output, Path.Combine(sandbox.Folder, ".cargo", "config.toml"));
        }

        [TestMethod]
        public void The_glibc_ceiling_applies_to_arm64_too()
        {
            // Linked against the cross glibc (2.36 on Debian 12), the binary needs GLIBC_2.34; provided.al2 has 2.26.
            using var sandbox = MixedArchitectures("arm64-glibc", runtime: "provided.al2");
            var build = sandbox.Build("MultiFunction.csproj", "-p:RustLambdaBuilder=cargo");
            build.AssertFailedWith("RL0065");
            StringAssert.Contains(build.Output, "FunctionB");
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/FunctionB/bootstrap.zip")), "refused before zipping");
        }
    }
}
