using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Build.Framework;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks;
using RustLambda.Build.Tests.Mocks;

namespace RustLambda.Build.Tests.Tasks
{
    [TestClass]
    public class RustLambdaTaskTests
    {
        private sealed class ProbeTask : RustLambdaTask
        {
            public Action<ProbeTask> Body { get; set; } = _ => { };

            protected override string Activity => "probing";

            protected override void ExecuteCore() => Body(this);

            public void Say(Diagnostic diagnostic) => Report(diagnostic);
        }

        private static (bool Result, MockBuildEngine Engine) Run(Action<ProbeTask> body)
        {
            var engine = new MockBuildEngine();
            var task = new ProbeTask { BuildEngine = engine, Body = body };
            return (task.Execute(), engine);
        }

        [TestMethod]
        public void An_unexpected_exception_is_one_RL0099_with_the_build_log_hint_not_MSB4018()
        {
            var (result, engine) = Run(_ => throw new InvalidOperationException("boom"));
            Assert.IsFalse(result);
            var error = engine.Errors.Single();
            Assert.AreEqual(DiagnosticCodes.InternalError, error.Code);
            StringAssert.Contains(error.Message, "while probing (InvalidOperationException: boom)");
            StringAssert.Contains(error.Message, "report it with the build log");
            Assert.IsTrue(engine.Messages.Any(m => m.Importance == MessageImportance.Low && m.Message!.Contains("InvalidOperationException")), "the stack trace is in the log");
        }

        [TestMethod]
        public void An_AggregateException_names_its_inner_cause()
        {
            var (_, engine) = Run(_ => Parallel.For(0, 2, i => throw new System.IO.InvalidDataException("bad zip " + i)));
            var error = engine.Errors.Single();
            Assert.AreEqual(DiagnosticCodes.InternalError, error.Code);
            StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex(@"InvalidDataException: bad zip \d"));
            Assert.IsFalse(error.Message.Contains("One or more errors occurred"), error.Message);
        }

        [TestMethod]
        public void A_warning_is_logged_as_a_warning_and_the_task_succeeds()
        {
            var (result, engine) = Run(t => t.Say(new Diagnostic(DiagnosticSeverity.Warning, "RL0066", "careful", "/p/template.yaml", 4, 2)));
            Assert.IsTrue(result);
            Assert.AreEqual(0, engine.Errors.Count);
            var warning = engine.Warnings.Single();
            Assert.AreEqual(("RL0066", "careful", "/p/template.yaml", 4, 2), (warning.Code, warning.Message, warning.File, warning.LineNumber, warning.ColumnNumber));
        }

        [TestMethod]
        public void An_error_diagnostic_fails_the_task_with_its_code_and_position()
        {
            var (result, engine) = Run(t => t.Say(new Diagnostic(DiagnosticSeverity.Error, "RL0021", "bad", "/p/template.yaml", 9, 7)));
            Assert.IsFalse(result);
            var error = engine.Errors.Single();
            Assert.AreEqual(("RL0021", "/p/template.yaml", 9, 7), (error.Code, error.File, error.LineNumber, error.ColumnNumber));
        }

        [TestMethod]
        public void Every_task_of_the_SDK_derives_from_the_base_or_is_the_cargo_ToolTask()
        {
            var tasks = typeof(RustLambdaTask).Assembly.GetTypes().Where(t => typeof(ITask).IsAssignableFrom(t) && !t.IsAbstract).ToList();
            Assert.IsTrue(tasks.Count >= 5);
            foreach (var task in tasks)
            {
                Assert.IsTrue(typeof(RustLambdaTask).IsAssignableFrom(task) || typeof(Microsoft.Build.Utilities.ToolTask).IsAssignableFrom(task), task.Name);
            }
        }
    }
}
