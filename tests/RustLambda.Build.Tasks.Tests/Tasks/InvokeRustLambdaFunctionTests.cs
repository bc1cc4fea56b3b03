using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Tests.Mocks;

namespace RustLambda.Build.Tests.Tasks
{
    /// <summary>Choosing the function and reading the event; running one is RustLambda.Testing's and the integration tests' job.</summary>
    [TestClass]
    public class InvokeRustLambdaFunctionTests
    {
        private static ITaskItem Function(string id) => new FunctionItem { LogicalId = id, ZipPath = "/nowhere/" + id + ".zip" }.ToItem();

        private static (bool, MockBuildEngine) Run(ITaskItem[] functions, string? name, string? @event = null, string? samFunction = null, string? samEvent = null)
        {
            using var dir = new TempDirectory();
            var engine = new MockBuildEngine();
            var task = new InvokeRustLambdaFunction
            {
                BuildEngine = engine, Functions = functions, FunctionName = name, Event = @event, ProjectDirectory = dir.Path,
                DeprecatedFunctionName = samFunction, DeprecatedEvent = samEvent,
            };
            return (task.Execute(), engine);
        }

        [TestMethod]
        public void The_old_SamFunction_and_SamEvent_still_work_with_RL0090()
        {
            var (result, engine) = Run(new[] { Function("A"), Function("B") }, null, null, samFunction: "Nope", samEvent: "events/missing.json");
            Assert.IsFalse(result);
            Assert.AreEqual(2, engine.Warnings.Count(w => w.Code == DiagnosticCodes.DeprecatedProperty), engine.Log);
            StringAssert.Contains(engine.Warnings[0].Message, "RustLambdaInvokeFunction");
            // SamFunction was used: the error names the function it asked for, not "say which function".
            Assert.AreEqual(DiagnosticCodes.InvokeTargetUnknown, engine.Errors.Single().Code);
            StringAssert.Contains(engine.Errors.Single().Message, "'Nope'");
        }

        [TestMethod]
        public void The_new_name_wins_over_the_old_one_which_is_reported_as_ignored()
        {
            var (_, engine) = Run(new[] { Function("A"), Function("B") }, "A", "events/missing.json", samFunction: "B");
            StringAssert.Contains(engine.Warnings.Single().Message, "SamFunction is ignored");
            Assert.AreEqual(DiagnosticCodes.EventUnreadable, engine.Errors.Single().Code, "went on with A, to read its event");
        }

        [TestMethod]
        public void No_name_with_several_functions_is_RL0080_listing_them()
        {
            var (result, engine) = Run(new[] { Function("A"), Function("B") }, null);
            Assert.IsFalse(result);
            Assert.AreEqual(DiagnosticCodes.InvokeTargetUnknown, engine.Errors.Single().Code);
            StringAssert.Contains(engine.Errors.Single().Message, "A, B");
        }

        [TestMethod]
        public void An_unknown_name_is_RL0080()
        {
            var (result, engine) = Run(new[] { Function("A") }, "Nope");
            Assert.IsFalse(result);
            Assert.AreEqual(DiagnosticCodes.InvokeTargetUnknown, engine.Errors.Single().Code);
        }

        [TestMethod]
        public void An_event_that_is_neither_JSON_nor_a_file_is_RL0082()
        {
            var (result, engine) = Run(new[] { Function("A") }, "A", "events/missing.json");
            Assert.IsFalse(result);
            Assert.AreEqual(DiagnosticCodes.EventUnreadable, engine.Errors.Single().Code);
            StringAssert.Contains(engine.Errors.Single().Message, "missing.json");
        }

        [TestMethod]
        public void A_zip_that_does_not_exist_is_an_error_with_a_code_never_an_exception()
        {
            var (result, engine) = Run(new[] { Function("A") }, "A", "{}");
            Assert.IsFalse(result);
            Assert.IsTrue(engine.Errors.Single().Code.StartsWith("RL"), engine.Log);
        }

        [TestMethod]
        public void A_function_of_the_other_architecture_without_QEMU_is_RL0084_saying_how_to_install_it()
        {
            string other = RustLambda.Build.Model.LambdaArchitectures.Host?.Name == "arm64" ? "x86_64" : "arm64";
            var function = new FunctionItem { LogicalId = "A", ZipPath = "/nowhere/A.zip", Architecture = other }.ToItem();
            string? named = System.Environment.GetEnvironmentVariable("RUSTLAMBDA_QEMU");
            try
            {
                System.Environment.SetEnvironmentVariable("RUSTLAMBDA_QEMU", "/nonexistent/qemu-static");
                var (result, engine) = Run(new[] { function }, "A", "{}");
                Assert.IsFalse(result);
                Assert.AreEqual(DiagnosticCodes.EmulatorNotFound, engine.Errors.Single().Code, engine.Log);
                StringAssert.Contains(engine.Errors.Single().Message, "/nonexistent/qemu-static");
                StringAssert.Contains(engine.Errors.Single().Message, "apt-get install qemu-user-static");
            }
            finally
            {
                System.Environment.SetEnvironmentVariable("RUSTLAMBDA_QEMU", named);
            }
        }

        [TestMethod]
        public void An_event_over_six_megabytes_is_RL0085_and_nothing_runs()
        {
            using var dir = new TempDirectory();
            // Never started: the request is refused before any process is.
            string bootstrap = TaskFixture.Script(dir, "bootstrap", "echo started >> started.txt\n");
            var function = new FunctionItem { LogicalId = "A", ZipPath = bootstrap, Architecture = TaskFixture.HostArchitecture }.ToItem();
            var (result, engine) = Run(new[] { function }, "A", "\"" + new string('x', 6_291_457) + "\"");
            Assert.IsFalse(result);
            Assert.AreEqual(DiagnosticCodes.EventTooLarge, engine.Errors.Single().Code, engine.Log);
            StringAssert.Contains(engine.Errors.Single().Message, "6291456 bytes");
            Assert.IsFalse(System.IO.File.Exists(System.IO.Path.Combine(dir.Path, "started.txt")));
        }
    }
}
