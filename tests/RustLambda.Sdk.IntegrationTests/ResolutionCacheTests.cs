using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// A build whose template, manifests, sources, settings and environment are unchanged reads the last resolution from
    /// obj/ instead of parsing the template and manifests again; anything that shapes the build resolves again.
    /// </summary>
    [TestClass]
    public class ResolutionCacheTests
    {
        private const string BuildCacheHit = "resolution read from";

        [TestMethod]
        public void A_no_op_build_reads_its_resolution_from_the_cache_and_starts_no_cargo_and_the_query_takes_the_builds_answer()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            int cargoBuilds = sandbox.CargoStarts.Count(l => l.StartsWith("build"));

            var noOp = sandbox.Build("SingleFunction.csproj", "-v:d");
            noOp.AssertSucceeded();
            StringAssert.Contains(noOp.Output, "resolution-build.cache");
            Assert.AreEqual(1, Hits(noOp), "the build's resolution came from the cache:\n" + noOp.Output);
            Assert.AreEqual(1, noOp.Output.Split('\n').Count(l => l.Contains("Task \"ResolveRustLambdaBuild\"")), "the query (publish's copy items) reused it");
            Assert.AreEqual(cargoBuilds, sandbox.CargoStarts.Count(l => l.StartsWith("build")));
            Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
        }

        [TestMethod]
        public void A_touched_source_runs_cargo_and_still_reads_the_cached_resolution()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            int cargoBuilds = sandbox.CargoStarts.Count(l => l.StartsWith("build"));

            sandbox.Touch("src/main.rs");
            var touched = sandbox.Build("SingleFunction.csproj", "-v:d");
            touched.AssertSucceeded();
            Assert.AreEqual(cargoBuilds + 1, sandbox.CargoStarts.Count(l => l.StartsWith("build")), "the edit is cargo's input");
            Assert.AreEqual(1, Hits(touched), "an edited source changes no resolution:\n" + touched.Output);
        }

        [TestMethod]
        public void A_changed_property_or_environment_variable_resolves_again()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.AreEqual(1, Hits(sandbox.Build("SingleFunction.csproj", "-v:d")));

            var changedProperty = sandbox.Build("SingleFunction.csproj", "-v:d", "-p:SamFunctions=HelloFunction");
            changedProperty.AssertSucceeded();
            Assert.AreEqual(0, Hits(changedProperty), "SamFunctions is part of the key:\n" + changedProperty.Output);

            var changedEnvironment = sandbox.Dotnet(new[] { "build", "SingleFunction.csproj", "-v:d", "-p:SamFunctions=HelloFunction" },
                new Dictionary<string, string?> { ["CARGO_PROFILE_RELEASE_LTO"] = "true" });
            changedEnvironment.AssertSucceeded();
            Assert.AreEqual(0, Hits(changedEnvironment), "the up-to-date key's variables are part of the key:\n" + changedEnvironment.Output);
        }

        [TestMethod]
        public void An_edited_template_or_a_new_source_file_with_an_old_timestamp_resolves_again()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();

            sandbox.Write("src/extra.rs", "pub fn unused() {}\n");
            File.SetLastWriteTimeUtc(sandbox.PathOf("src/extra.rs"), DateTime.UtcNow.AddDays(-10));
            var newSource = sandbox.Build("SingleFunction.csproj", "-v:d");
            newSource.AssertSucceeded();
            Assert.AreEqual(0, Hits(newSource), "a new .rs is seen although it is older than the cache:\n" + newSource.Output);

            File.AppendAllText(sandbox.PathOf("template.yaml"), "\n# edited\n");
            var editedTemplate = sandbox.Build("SingleFunction.csproj", "-v:d");
            editedTemplate.AssertSucceeded();
            Assert.AreEqual(0, Hits(editedTemplate), editedTemplate.Output);

            Assert.AreEqual(1, Hits(sandbox.Build("SingleFunction.csproj", "-v:d")), "and then it is cached again");
        }

        [TestMethod]
        public void A_no_op_writes_neither_the_SAM_layout_nor_the_server_manifest_but_an_edited_layout_bootstrap_is_restored()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            string bootstrap = sandbox.PathOf(".aws-sam/build/HelloFunction/bootstrap");
            byte[] built = File.ReadAllBytes(bootstrap);

            var noOp = sandbox.Build("SingleFunction.csproj", "-v:d");
            noOp.AssertSucceeded();
            StringAssert.Contains(noOp.Output, "Skipping target \"_RustLambdaWriteSamBuild\" because all output files are up-to-date");
            StringAssert.Contains(noOp.Output, "Skipping target \"_RustLambdaWriteServerManifest\" because all output files are up-to-date");
            Assert.IsFalse(noOp.Output.Contains("Task \"RecordRustLambdaOutputs\""), "nothing was written, so the record is left alone:\n" + noOp.Output);

            // Replaced by hand (a new file, as an editor or a copy makes it): newer than the stamp, so the layout is checked.
            File.Delete(bootstrap);
            File.WriteAllBytes(bootstrap, new byte[] { 1, 2, 3 });
            var afterEdit = sandbox.Build("SingleFunction.csproj", "-v:d");
            afterEdit.AssertSucceeded();
            StringAssert.Contains(afterEdit.Output, "Task \"WriteSamBuildOutput\"");
            CollectionAssert.AreEqual(built, File.ReadAllBytes(bootstrap), "the layout holds the build's binary again");
        }

        [TestMethod]
        public void A_resolution_with_a_warning_is_not_cached_so_the_warning_repeats()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var first = sandbox.Build("SingleFunction.csproj", "-v:d", "-p:SamParameterOverrides=NoSuchParameter=1");
            first.AssertSucceeded();
            Assert.AreEqual(0, Hits(first));
            string warning = first.Output.Split('\n').First(l => l.Contains("warning RL"));

            var second = sandbox.Build("SingleFunction.csproj", "-v:d", "-p:SamParameterOverrides=NoSuchParameter=1");
            second.AssertSucceeded();
            Assert.AreEqual(0, Hits(second), second.Output);
            StringAssert.Contains(second.Output, warning.Substring(warning.IndexOf("warning RL", StringComparison.Ordinal)).Trim());
        }

        [TestMethod]
        public void A_query_of_its_own_reads_the_query_cache()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            // No -getTargetResult: it replaces the log with the JSON answer.
            string[] query = { "msbuild", "SingleFunction.csproj", "-restore", "-t:GetRustLambdaArtifacts", "-v:d" };
            var first = sandbox.Dotnet(query);
            first.AssertSucceeded();
            Assert.AreEqual(0, Hits(first));
            var second = sandbox.Dotnet(query);
            second.AssertSucceeded();
            Assert.AreEqual(1, Hits(second), second.Output);
            StringAssert.Contains(second.Output, "resolution-query.cache");
        }

        private static int Hits(BuildResult build) =>
            build.Output.Split('\n').Count(l => l.Contains(BuildCacheHit));
    }
}
