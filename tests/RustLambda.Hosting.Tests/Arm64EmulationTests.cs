using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static RustLambda.Hosting.Tests.PoolSupport;

namespace RustLambda.Hosting.Tests
{
    /// <summary>
    /// An arm64 bootstrap on an x86_64 host runs through QEMU user-mode emulation. The echo-runtime fixture is
    /// cross-compiled with Debian's toolchain (cargo/rustc 1.96 in /usr/bin with the arm64 std, aarch64-linux-gnu-gcc),
    /// which .ci/run installs; the test is inconclusive only where that toolchain or QEMU is absent.
    /// </summary>
    [TestClass]
    public class Arm64EmulationTests
    {
        private const string Cargo = "/usr/bin/cargo";
        private const string Rustc = "/usr/bin/rustc";
        private const string Target = "aarch64-unknown-linux-gnu";
        private const string Linker = "aarch64-linux-gnu-gcc";

        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(300_000)]
        public async Task An_arm64_bootstrap_runs_under_QEMU_on_an_x86_64_host()
        {
            if (RuntimeInformation.OSArchitecture != Architecture.X64)
            {
                Assert.Inconclusive("this test emulates arm64 on an x86_64 host; this host is " + RuntimeInformation.OSArchitecture);
            }
            string zip = BuildArm64Fixture();

            var definition = Echo(zip);
            definition.Architecture = "arm64";
            definition.Timeout = TimeSpan.FromSeconds(1);
            var sink = new RecordingSink();
            FunctionInstancePool pool;
            try
            {
                pool = FunctionInstancePool.Create(definition, new FunctionPoolOptions { LogSink = sink, EmulationTimeoutFactor = 3 });
            }
            catch (EmulatorNotFoundException e)
            {
                Assert.Inconclusive("QEMU is not installed here: " + e.Message);
                return;
            }
            await using (pool)
            {
                Assert.IsTrue(pool.IsEmulated);
                StringAssert.Contains(pool.ExecutionMode, "QEMU");

                var result = await pool.InvokeAsync("{\"action\":\"log\",\"name\":\"graviton\"}");
                var payload = AssertSuccess(result);
                Assert.AreEqual("graviton", payload.GetProperty("echo").GetProperty("name").GetString());
                Assert.AreEqual("echo", payload.GetProperty("env").GetProperty("AWS_LAMBDA_FUNCTION_NAME").GetString());
                Assert.IsTrue(result.IsColdStart);
                StringAssert.Contains(result.Log, "log line 2 to stderr");
                Assert.IsTrue(sink.Snapshot().Any(e => e.Text.StartsWith("REPORT RequestId: " + result.RequestId, StringComparison.Ordinal)));
                int pid = pool.ProcessIds.Single();
                Assert.AreEqual(2, Counter(await pool.InvokeAsync("{}")), "the emulated process stays warm");

                // Timeouts are scaled under emulation, and say so.
                var timedOut = await pool.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":20000}");
                Assert.AreEqual(InvocationFailureKind.Timeout, timedOut.FailureKind);
                Assert.AreEqual("Task timed out after 3.00 seconds (1.00 seconds x 3 under QEMU emulation)", timedOut.ErrorMessage);
                Assert.IsTrue(await WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5)), "the emulator and the function are killed");
            }
        }

        [TestMethod]
        public void A_binfmt_handler_is_recognised_by_the_ELF_machine_it_matches()
        {
            // As /proc/sys/fs/binfmt_misc/qemu-aarch64 reads with Debian's qemu-user-static.
            var lines = new[]
            {
                "enabled",
                "interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P",
                "flags: POCF",
                "offset 0",
                "magic 7f454c460201010000000000000000000200b700",
                "mask ffffffffffffff00fffffffffffffffffeffffff",
            };
            var entry = RustLambda.Hosting.Emulation.BinfmtEntry.Parse(lines)!;
            Assert.IsTrue(entry.Runs(183), "aarch64");
            Assert.IsFalse(entry.Runs(62), "not x86_64");
            Assert.IsFalse(RustLambda.Hosting.Emulation.BinfmtEntry.Parse(lines.Skip(1).ToArray())!.Runs(183), "a disabled handler runs nothing");
            Assert.IsNull(RustLambda.Hosting.Emulation.BinfmtEntry.Parse(new[] { "enabled", "interpreter /usr/bin/wine", "extension .exe" }));
        }

        /// <summary>Cross-compiles echo-runtime for aarch64 and zips it as the SDK would; inconclusive without the toolchain.</summary>
        private static string BuildArm64Fixture()
        {
            var missing = new[] { Cargo, Rustc }.Where(p => !File.Exists(p)).ToList();
            if (missing.Count == 0 && RunCapture(Rustc, "--print", "sysroot") is { } sysroot && !Directory.Exists(Path.Combine(sysroot.Trim(), "lib", "rustlib", Target)))
            {
                missing.Add($"the {Target} standard library for {Rustc} (Debian: libstd-rust-web-dev:arm64)");
            }
            if (!(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, Linker))))
            {
                missing.Add(Linker + " (Debian: gcc-aarch64-linux-gnu)");
            }
            if (missing.Count > 0)
            {
                Assert.Inconclusive("The arm64 cross toolchain is absent: " + string.Join(", ", missing) + ". .ci/run installs it.");
            }

            string baseDirectory = AppContext.BaseDirectory;
            string manifest = Path.Combine(baseDirectory, "Fixtures", "echo-runtime", "Cargo.toml");
            string targetDirectory = Path.Combine(baseDirectory, "cargo-target-arm64");
            var startInfo = new ProcessStartInfo(Cargo) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in new[] { "build", "--release", "--offline", "--manifest-path", manifest, "--target-dir", targetDirectory, "--target", Target })
            {
                startInfo.ArgumentList.Add(argument);
            }
            startInfo.Environment["RUSTC"] = Rustc;
            startInfo.Environment["CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER"] = Linker;
            var output = new StringBuilder();
            using (var process = Process.Start(startInfo)!)
            {
                process.StandardInput.Close();
                process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
                process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (!process.WaitForExit(240_000))
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail("the arm64 cross build did not finish in time:\n" + output);
                }
                process.WaitForExit();
                Assert.AreEqual(0, process.ExitCode, "the arm64 cross build failed:\n" + output);
            }

            string binary = Path.Combine(targetDirectory, Target, "release", "echo-runtime");
            string zip = Path.Combine(baseDirectory, "fixture-artifacts", "bootstrap-arm64.zip");
            Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
            File.Delete(zip);
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            {
                var entry = archive.CreateEntryFromFile(binary, "bootstrap", CompressionLevel.Fastest);
                entry.ExternalAttributes = 0x81ED << 16; // regular file, rwxr-xr-x
            }
            return zip;
        }

        private static string? RunCapture(string executable, params string[] arguments)
        {
            var startInfo = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
            using var process = Process.Start(startInfo)!;
            process.StandardInput.Close();
            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? text : null;
        }
    }
}
