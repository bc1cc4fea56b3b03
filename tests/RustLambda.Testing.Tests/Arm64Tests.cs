using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static RustLambda.Testing.Tests.TestSupport;

namespace RustLambda.Testing.Tests
{
    /// <summary>An arm64 function tested on an x86_64 machine: the facade runs it through QEMU, as issue 11 asks.</summary>
    [TestClass]
    public class Arm64Tests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(300_000)]
        public async Task An_arm64_function_runs_under_QEMU_with_the_same_API()
        {
            if (RuntimeInformation.OSArchitecture != Architecture.X64)
            {
                Assert.Inconclusive("this test emulates arm64 on an x86_64 host; this host is " + RuntimeInformation.OSArchitecture);
            }
            string zip = Fixture.Arm64EchoZip();
            RustLambdaFunction fn;
            try
            {
                fn = await RustLambdaFunction.StartAsync(zip, new RustLambdaFunctionOptions { Architecture = "arm64" }, TestContext.Token());
            }
            catch (RustLambda.Hosting.EmulatorNotFoundException e)
            {
                Assert.Inconclusive("QEMU is not installed here: " + e.Message);
                return;
            }
            await using (fn)
            {
                StringAssert.Contains(fn.ExecutionMode, "QEMU");
                var first = await fn.InvokeAsync("{\"name\":\"graviton\"}", TestContext.Token());
                Assert.AreEqual("graviton", AssertSuccess(first).GetProperty("echo").GetProperty("name").GetString());
                Assert.IsTrue(first.IsColdStart);
                var crashed = await fn.InvokeAsync("{\"action\":\"exit\"}", TestContext.Token());
                Assert.AreEqual(InvocationFailureKind.ProcessExited, crashed.FailureKind);
                Assert.AreEqual("Runtime exited with error: exit status 3", crashed.ErrorMessage, "QEMU passes the guest's exit status through");
                Assert.AreEqual(1, Counter(await fn.InvokeAsync("{}", TestContext.Token())), "a new emulated process after the exit");
            }
        }
    }
}
