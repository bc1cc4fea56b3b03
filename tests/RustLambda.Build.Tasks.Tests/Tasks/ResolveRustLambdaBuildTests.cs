using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Tests.Mocks;

namespace RustLambda.Build.Tests.Tasks
{
    [TestClass]
    public class ResolveRustLambdaBuildTests
    {
        private static ResolveRustLambdaBuild Task(TempDirectory dir, MockBuildEngine engine) => new ResolveRustLambdaBuild
        {
            BuildEngine = engine,
            ProjectDirectory = dir.Path,
            OutputDirectory = dir.Combine("bin"),
            IntermediateDirectory = dir.Combine("obj"),
            SettingsFile = dir.Combine("obj", "build-settings.hash"),
            Builder = "cargo",
            // Any existing file passes for cargo: this task only plans, it starts no process.
            CargoPath = dir.Write("tools/cargo", ""),
            SamBetaFeatures = "true",
        };

        [TestMethod]
        public void A_query_plans_the_function_and_its_items_carry_the_template_values()
        {
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            var task = Task(dir, engine);
            task.ForBuild = false;
            task.SamBetaFeatures = null;

            Assert.IsTrue(task.Execute(), engine.Log);
            var function = FunctionItem.FromItem(task.Functions.Single());
            Assert.AreEqual(("Books", "books", "provided.al2023", function.Architecture, 15, 256), (function.LogicalId, function.Binary, function.Runtime, TaskFixture.HostArchitecture, function.TimeoutSeconds, function.MemorySizeMb));
            Assert.AreEqual("dev", function.EnvironmentVariables["STAGE"]);
            Assert.AreEqual(Path.Combine(dir.Path, "bin", "Books", "bootstrap.zip"), function.ZipPath);
            var invocation = InvocationItem.FromItem(task.Invocations.Single());
            Assert.AreEqual(function.InvocationId, invocation.Id);
            Assert.AreEqual(BuilderKind.Cargo, invocation.Builder);
            Assert.AreEqual(Path.Combine(dir.Path, "template.yaml"), task.TemplatePath);
            Assert.IsTrue(task.InputFiles.Any(i => i.ItemSpec.EndsWith("main.rs")));
            Assert.IsFalse(File.Exists(task.SettingsFile), "a query writes nothing");
        }

        [TestMethod]
        public void A_build_reports_warnings_as_warnings_and_writes_the_settings_file()
        {
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            var task = Task(dir, engine);
            task.SamParameterOverrides = "Nope=1";

            Assert.IsTrue(task.Execute(), engine.Log);
            Assert.AreEqual(DiagnosticCodes.UnknownParameterOverride, engine.Warnings.Single().Code);
            Assert.AreEqual(0, engine.Errors.Count);
            Assert.IsTrue(File.Exists(task.SettingsFile));
        }

        [TestMethod]
        public void A_query_keeps_errors_but_drops_warnings()
        {
            using var dir = TaskFixture.Project(TaskFixture.Template(architecture: "mips"));
            var engine = new MockBuildEngine();
            var task = Task(dir, engine);
            task.ForBuild = false;
            task.SamParameterOverrides = "Nope=1";

            Assert.IsFalse(task.Execute());
            Assert.AreEqual(DiagnosticCodes.InvalidArchitectures, engine.Errors.Single().Code);
            Assert.AreEqual(Path.Combine(dir.Path, "template.yaml"), engine.Errors.Single().File);
            Assert.IsTrue(engine.Errors.Single().LineNumber > 0);
            Assert.AreEqual(0, engine.Warnings.Count);
            Assert.AreEqual(0, task.Functions.Length);
        }

        [TestMethod]
        public void A_build_that_is_not_opted_in_fails_with_RL0040_at_the_template()
        {
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            var task = Task(dir, engine);
            task.SamBetaFeatures = "false";

            Assert.IsFalse(task.Execute());
            var error = engine.Errors.Single();
            Assert.AreEqual(DiagnosticCodes.BetaNotEnabled, error.Code);
            Assert.AreEqual(Path.Combine(dir.Path, "template.yaml"), error.File);
        }

        private static ResolveRustLambdaBuild CachedTask(TempDirectory dir, MockBuildEngine engine)
        {
            // Written once: the resolved cargo is a file the cache stamps, so writing it again would be a change.
            string cargo = dir.Combine("tools", "cargo");
            var task = File.Exists(cargo) ? new ResolveRustLambdaBuild
            {
                BuildEngine = engine,
                ProjectDirectory = dir.Path,
                OutputDirectory = dir.Combine("bin"),
                IntermediateDirectory = dir.Combine("obj"),
                SettingsFile = dir.Combine("obj", "build-settings.hash"),
                Builder = "cargo",
                CargoPath = cargo,
                SamBetaFeatures = "true",
            } : Task(dir, engine);
            task.CacheFile = dir.Combine("obj", "resolution-build.cache");
            return task;
        }

        private static string Describe(ResolveRustLambdaBuild task) => string.Join("\n",
            new[] { task.TemplatePath, task.ResolvedSamBuildDirectory, task.ResolvedCargoPath, task.ResolvedCargoLambdaPath }
                .Concat(task.Functions.Concat(task.Invocations).Concat(task.Stacks).Concat(task.InputFiles)
                    .Select(i => i.ItemSpec + " " + string.Join(";", i.MetadataNames.Cast<string>().OrderBy(n => n).Select(n => n + "=" + i.GetMetadata(n))))));

        [TestMethod]
        public void A_cached_resolution_gives_back_exactly_the_items_and_paths_of_the_resolution_it_kept()
        {
            using var dir = TaskFixture.Project();
            var first = CachedTask(dir, new MockBuildEngine());
            Assert.IsTrue(first.Execute());
            Assert.IsFalse(first.FromCache);
            Assert.IsTrue(File.Exists(first.CacheFile));

            var engine = new MockBuildEngine();
            var second = CachedTask(dir, engine);
            Assert.IsTrue(second.Execute(), engine.Log);
            Assert.IsTrue(second.FromCache, engine.Log);
            Assert.AreEqual(Describe(first), Describe(second));
        }

        /// <summary>Runs a cached resolution (changed as given), asserting it succeeds; true when the cache answered.</summary>
        private static bool AnsweredFromCache(TempDirectory dir, Action<ResolveRustLambdaBuild>? change = null)
        {
            var engine = new MockBuildEngine();
            var task = CachedTask(dir, engine);
            change?.Invoke(task);
            Assert.IsTrue(task.Execute(), engine.Log);
            return task.FromCache;
        }

        [TestMethod]
        public void The_cache_is_not_used_after_a_changed_setting_template_or_source_list_and_is_then_written_again()
        {
            using var dir = TaskFixture.Project();
            Assert.IsFalse(AnsweredFromCache(dir));
            Assert.IsFalse(AnsweredFromCache(dir, t => t.Profile = "release"), "a setting is part of the key");
            Assert.IsFalse(AnsweredFromCache(dir), "the cache now holds the other setting's resolution");
            Assert.IsTrue(AnsweredFromCache(dir));

            File.AppendAllText(Path.Combine(dir.Path, "template.yaml"), "\n# edited\n");
            Assert.IsFalse(AnsweredFromCache(dir), "the template was edited");

            // Older than the cache, so no timestamp would show it: the set of .rs files changed.
            string extra = dir.Write("crate/src/util.rs", "pub fn util() {}\n");
            File.SetLastWriteTimeUtc(extra, DateTime.UtcNow.AddDays(-3));
            Assert.IsFalse(AnsweredFromCache(dir), "a new source file (src/bin/*.rs would be a new binary) is seen though older than the cache");
            Assert.IsTrue(AnsweredFromCache(dir));
        }

        [TestMethod]
        public void A_resolution_with_a_diagnostic_deletes_the_cache_so_the_next_build_reports_it_again()
        {
            using var dir = TaskFixture.Project();
            Assert.IsTrue(CachedTask(dir, new MockBuildEngine()).Execute());
            var task = CachedTask(dir, new MockBuildEngine());
            task.SamParameterOverrides = "Nope=1";
            Assert.IsTrue(task.Execute());
            Assert.IsFalse(File.Exists(task.CacheFile));

            var engine = new MockBuildEngine();
            var again = CachedTask(dir, engine);
            again.SamParameterOverrides = "Nope=1";
            Assert.IsTrue(again.Execute());
            Assert.IsFalse(again.FromCache);
            Assert.AreEqual(DiagnosticCodes.UnknownParameterOverride, engine.Warnings.Single().Code);
        }

        [TestMethod]
        public void A_damaged_cache_file_is_no_cache()
        {
            using var dir = TaskFixture.Project();
            var first = CachedTask(dir, new MockBuildEngine());
            Assert.IsTrue(first.Execute());
            File.WriteAllText(first.CacheFile!, File.ReadAllText(first.CacheFile!).Replace("item\t", "broken\t") + "garbage line\n");
            var second = CachedTask(dir, new MockBuildEngine());
            Assert.IsTrue(second.Execute());
            Assert.IsFalse(second.FromCache);
            Assert.AreEqual(Describe(first), Describe(second));
        }
    }
}
