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
    }
}
