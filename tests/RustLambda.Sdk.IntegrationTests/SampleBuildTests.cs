using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Testing;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>Each sample, built as a user would (`dotnet build` with builder auto, which is plain cargo on this machine).</summary>
    [TestClass]
    public class SampleBuildTests
    {
        [TestMethod]
        public async Task SingleFunction_builds_an_executable_bootstrap_zip_that_answers_an_event()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var build = sandbox.Build("SingleFunction.csproj", "-c", "Release");
            build.AssertSucceeded();

            string zip = sandbox.PathOf("bin/Release/HelloFunction/bootstrap.zip");
            Assert.IsTrue(File.Exists(zip), build.Output);
            AssertUnzipShowsExecutableBootstrap(zip);
            Assert.AreEqual(1, sandbox.CargoStarts.Count(l => l.StartsWith("build")), string.Join("\n", sandbox.CargoStarts));

            var options = new RustLambdaFunctionOptions { FunctionName = "HelloFunction", Timeout = System.TimeSpan.FromSeconds(10) };
            options.EnvironmentVariables["GREETING"] = "Hello";
            await using var function = await RustLambdaFunction.StartAsync(zip, options);
            var result = await function.InvokeAsync("{\"name\":\"MSBuild\"}");
            Assert.IsTrue(result.IsSuccess, result.ErrorMessage + "\n" + result.Log);
            StringAssert.Contains(result.Payload, "\"message\":\"Hello, MSBuild!\"");
            StringAssert.Contains(result.Payload, "\"function\":\"HelloFunction\"");
        }

        [TestMethod]
        public async Task MultiFunction_builds_both_binaries_in_one_cargo_invocation_and_each_zip_holds_its_own()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Build("MultiFunction.csproj", "-c", "Release").AssertSucceeded();

            var builds = sandbox.CargoStarts.Where(l => l.StartsWith("build")).ToList();
            Assert.AreEqual(1, builds.Count, string.Join("\n", builds));
            StringAssert.Contains(builds[0], "--bin function_a --bin function_b");

            foreach (var (id, expected) in new[] { ("FunctionA", "\"function\":\"function_a\""), ("FunctionB", "\"function\":\"function_b\"") })
            {
                string zip = sandbox.PathOf($"bin/Release/{id}/bootstrap.zip");
                AssertUnzipShowsExecutableBootstrap(zip);
                await using var function = await RustLambdaFunction.StartAsync(zip, new RustLambdaFunctionOptions { FunctionName = id });
                var result = await function.InvokeAsync("{\"order\":42}");
                Assert.IsTrue(result.IsSuccess, result.ErrorMessage + "\n" + result.Log);
                StringAssert.Contains(result.Payload, expected);
            }
        }

        [TestMethod]
        public async Task Workspace_builds_its_members_from_the_workspace_root_in_one_invocation()
        {
            using var sandbox = Sandbox.FromSample("Workspace");
            sandbox.Build("Workspace.csproj", "-c", "Release").AssertSucceeded();

            var builds = sandbox.CargoStarts.Where(l => l.StartsWith("build")).ToList();
            Assert.AreEqual(1, builds.Count, string.Join("\n", builds));
            StringAssert.Contains(builds[0], "--workspace --bin orders --bin payments");
            Assert.IsTrue(Directory.Exists(sandbox.PathOf("target")), "one target dir at the workspace root");
            Assert.IsFalse(Directory.Exists(sandbox.PathOf("functions/orders/target")));

            foreach (var (id, expected) in new[] { ("OrdersFunction", "\"status\":\"accepted\""), ("PaymentsFunction", "\"status\":\"charged\"") })
            {
                await using var function = await RustLambdaFunction.StartAsync(sandbox.PathOf($"bin/Release/{id}/bootstrap.zip"), new RustLambdaFunctionOptions { FunctionName = id });
                var result = await function.InvokeAsync("{}");
                Assert.IsTrue(result.IsSuccess, result.ErrorMessage + "\n" + result.Log);
                StringAssert.Contains(result.Payload, expected);
            }
        }

        [TestMethod]
        public void GetRustLambdaArtifacts_returns_each_zip_with_its_metadata()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            var result = sandbox.Dotnet(new[] { "msbuild", "MultiFunction.csproj", "-restore", "-t:GetRustLambdaArtifacts", "-getTargetResult:GetRustLambdaArtifacts", "-p:Configuration=Release" });
            result.AssertSucceeded();
            StringAssert.Contains(result.Output, Path.Combine(sandbox.Folder, "bin", "Release", "FunctionA", "bootstrap.zip").Replace("\\", "\\\\"));
            foreach (var metadata in new[] { "\"LogicalId\": \"FunctionB\"", "\"Binary\": \"function_b\"", "\"Runtime\": \"provided.al2023\"", "\"Architecture\": \"x86_64\"", "\"Handler\": \"bootstrap\"" })
            {
                StringAssert.Contains(result.Output, metadata, result.Output);
            }
            Assert.AreEqual(0, sandbox.CargoStarts.Count, "asking for the artifacts builds nothing");
        }

        internal static void AssertUnzipShowsExecutableBootstrap(string zip)
        {
            var start = new ProcessStartInfo("unzip", $"-Z \"{zip}\"") { RedirectStandardOutput = true, UseShellExecute = false };
            using var unzip = Process.Start(start)!;
            string listing = unzip.StandardOutput.ReadToEnd();
            unzip.WaitForExit();
            var entries = listing.Split('\n').Where(l => l.StartsWith("-")).ToList();
            Assert.AreEqual(1, entries.Count, listing);
            StringAssert.StartsWith(entries[0], "-rwxr-xr-x", listing);
            StringAssert.Contains(entries[0], " unx ", listing);
            StringAssert.EndsWith(entries[0].TrimEnd(), " bootstrap", listing);
        }
    }
}
