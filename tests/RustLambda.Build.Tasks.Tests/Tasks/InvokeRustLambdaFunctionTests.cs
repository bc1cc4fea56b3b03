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

        private static (bool, MockBuildEngine) Run(ITaskItem[] functions, string? name, string? @event = null)
        {
            using var dir = new TempDirectory();
            var engine = new MockBuildEngine();
            var task = new InvokeRustLambdaFunction { BuildEngine = engine, Functions = functions, FunctionName = name, Event = @event, ProjectDirectory = dir.Path };
            return (task.Execute(), engine);
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
    }
}
