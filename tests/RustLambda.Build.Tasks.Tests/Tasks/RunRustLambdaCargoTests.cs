using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Tests.Mocks;

namespace RustLambda.Build.Tests.Tasks
{
    /// <summary>The cargo task against a stand-in cargo (a shell script), so the ToolTask's own logic runs for real.</summary>
    [TestClass]
    public class RunRustLambdaCargoTests
    {
        private static ITaskItem Invocation(TempDirectory dir) => InvocationItem.ToItem(new CargoInvocation
        {
            Id = "inv",
            Builder = BuilderKind.Cargo,
            WorkingDirectory = dir.Combine("crate"),
            Arguments = new[] { "build", "--release", "--bin", "books", "--message-format=json" },
            Binaries = new[] { "books" },
            StateDirectory = dir.Combine("obj", "inv"),
            Architecture = "x86_64",
            TargetTriple = "x86_64-unknown-linux-gnu",
            ProfileDirectory = "release",
        });

        private static RunRustLambdaCargo Task(TempDirectory dir, MockBuildEngine engine, string cargoBody) => new RunRustLambdaCargo
        {
            BuildEngine = engine,
            Invocation = Invocation(dir),
            CargoPath = TaskFixture.Script(dir, "tools/cargo", cargoBody),
        };

        [TestMethod]
        public void The_binary_cargo_reports_is_copied_and_returned_with_its_metadata()
        {
            if (!System.OperatingSystem.IsLinux()) { Assert.Inconclusive("uses a shell-script cargo"); }
            using var dir = TaskFixture.Project();
            string executable = dir.Write("crate/target/release/books", "ELF-ish");
            dir.Write("crate/target/release/books.d", $"{executable}: {dir.Combine("crate", "src", "main.rs")}\n");
            var engine = new MockBuildEngine();
            var task = Task(dir, engine,
                "echo '{\"reason\":\"compiler-artifact\",\"target\":{\"name\":\"books\",\"kind\":[\"bin\"]},\"executable\":\"" + executable + "\"}'\n" +
                "echo 'Finished release' >&2\n");

            Assert.IsTrue(task.Execute(), engine.Log);
            var binary = BinaryItem.FromItem(task.Binaries.Single());
            Assert.AreEqual(("books", "inv"), (binary.Binary, binary.InvocationId));
            Assert.AreEqual(dir.Combine("obj", "inv", "bin", "books"), binary.Path, "packaged from our own copy");
            Assert.AreEqual("ELF-ish", File.ReadAllText(binary.Path));
            StringAssert.Contains(File.ReadAllText(dir.Combine("obj", "inv", "inputs.txt")), "main.rs");
        }

        [TestMethod]
        public void An_error_cargo_prints_is_RL0061_at_the_manifest_and_fails_the_task()
        {
            if (!System.OperatingSystem.IsLinux()) { Assert.Inconclusive("uses a shell-script cargo"); }
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            var task = Task(dir, engine, "echo 'error: no matching package named `serde` found' >&2\nexit 101\n");

            Assert.IsFalse(task.Execute());
            var error = engine.Errors.Single();
            Assert.AreEqual(DiagnosticCodes.CargoError, error.Code);
            Assert.AreEqual(dir.Combine("crate", "Cargo.toml"), error.File);
            Assert.AreEqual(0, task.Binaries.Length);
        }

        [TestMethod]
        public void A_cargo_that_succeeds_without_the_binary_is_RL0062()
        {
            if (!System.OperatingSystem.IsLinux()) { Assert.Inconclusive("uses a shell-script cargo"); }
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            var task = Task(dir, engine, "exit 0\n");

            Assert.IsFalse(task.Execute());
            Assert.AreEqual(DiagnosticCodes.BinaryNotProduced, engine.Errors.Single().Code);
        }

        [TestMethod]
        public void A_missing_cargo_is_RL0050_and_runs_nothing()
        {
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            var task = new RunRustLambdaCargo { BuildEngine = engine, Invocation = Invocation(dir), CargoPath = dir.Combine("no", "cargo") };

            Assert.IsFalse(task.Execute());
            Assert.AreEqual(DiagnosticCodes.CargoNotFound, engine.Errors.Single().Code);
        }
    }
}
