using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// A compiler cache (sccache) reaches cargo as RUSTC_WRAPPER, from the RustLambdaRustcWrapper property or the
    /// environment. A recording stand-in wrapper logs each rustc it is handed, then runs it.
    /// </summary>
    [TestClass]
    public class CompileCacheTests
    {
        [TestMethod]
        public void RustLambdaRustcWrapper_runs_every_rustc_through_the_wrapper()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            string log = WriteRecordingWrapper(sandbox, "wrappers/record-rustc");
            // A path is relative to the project.
            sandbox.Build("SingleFunction.csproj", "-p:RustLambdaRustcWrapper=wrappers/record-rustc").AssertSucceeded();
            AssertCompiledThroughWrapper(log);
        }

        [TestMethod]
        public void The_environments_RUSTC_WRAPPER_is_left_to_cargo()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            string log = WriteRecordingWrapper(sandbox, "wrappers/record-rustc");
            sandbox.Dotnet(new[] { "build", "SingleFunction.csproj" }, new Dictionary<string, string?> { ["RUSTC_WRAPPER"] = sandbox.PathOf("wrappers/record-rustc") })
                .AssertSucceeded();
            AssertCompiledThroughWrapper(log);
        }

        [TestMethod]
        public void A_wrapper_that_does_not_exist_is_RL0170_and_cargo_never_starts()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var build = sandbox.Build("SingleFunction.csproj", "-p:RustLambdaRustcWrapper=no-such-compiler-cache");
            build.AssertFailedWith("RL0170");
            StringAssert.Contains(build.Output, "no-such-compiler-cache");
            Assert.AreEqual(0, sandbox.CargoStarts.Count(l => l.StartsWith("build")), string.Join("\n", sandbox.CargoStarts));
        }

        private static string WriteRecordingWrapper(Sandbox sandbox, string relative)
        {
            string log = sandbox.PathOf("wrappers/rustc.log");
            // cargo runs `<wrapper> <rustc> <args...>`: record the arguments, then be transparent.
            sandbox.Write(relative, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nexec \"$@\"\n");
            File.SetUnixFileMode(sandbox.PathOf(relative), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return log;
        }

        private static void AssertCompiledThroughWrapper(string log)
        {
            Assert.IsTrue(File.Exists(log), "the wrapper never ran");
            var lines = File.ReadAllLines(log);
            Assert.IsTrue(lines.Any(l => l.Contains("--crate-name lambda_runtime_lite")), "the path library crate went through the wrapper:\n" + string.Join("\n", lines));
            Assert.IsTrue(lines.Any(l => l.Contains("--crate-type bin")), "the function's binary went through the wrapper:\n" + string.Join("\n", lines));
        }
    }
}
