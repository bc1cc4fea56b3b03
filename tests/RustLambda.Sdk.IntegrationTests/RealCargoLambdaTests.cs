using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// The real cargo-lambda (with Zig), where it is installed; reported skipped elsewhere (this repository's machines cannot
    /// install it). Both runtimes, so the artifact checks confirm cargo-lambda's glibc pinning really produced al2-safe binaries.
    /// </summary>
    [TestClass]
    public class RealCargoLambdaTests
    {
        private static string? FindCargoLambda() =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo", "bin"))
                .Select(folder => Path.Combine(folder, "cargo-lambda"))
                .FirstOrDefault(File.Exists);

        [TestMethod]
        [DataRow("provided.al2023")]
        [DataRow("provided.al2")]
        public void The_real_cargo_lambda_builds_zips_that_pass_the_artifact_checks(string runtime)
        {
            if (FindCargoLambda() == null)
            {
                Assert.Inconclusive("cargo-lambda is not installed on this machine; the stand-in tests cover the cargo-lambda path here.");
            }
            using var sandbox = Sandbox.FromSample("MultiFunction");
            File.WriteAllText(sandbox.PathOf("template.yaml"), File.ReadAllText(sandbox.PathOf("template.yaml")).Replace("provided.al2023", runtime));
            sandbox.Build("MultiFunction.csproj", "-c", "Release", "-p:RustLambdaBuilder=cargo-lambda").AssertSucceeded();
            foreach (var id in new[] { "FunctionA", "FunctionB" })
            {
                SampleBuildTests.AssertUnzipShowsExecutableBootstrap(sandbox.PathOf($"bin/Release/{id}/bootstrap.zip"));
            }
        }
    }
}
