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
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(300_000)]
        public async Task An_arm64_bootstrap_runs_under_QEMU_on_an_x86_64_host()
        {
            if (RuntimeInformation.OSArchitecture != Architecture.X64)
            {
                Assert.Inconclusive("this test emulates arm64 on an x86_64 host; this host is " + RuntimeInformation.OSArchitecture);
            }
            string zip = RustLambda.Testing.Tests.Fixture.Arm64EchoZip();

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
    }
}
