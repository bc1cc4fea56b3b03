using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Serving;
using RustLambda.LocalServer.Functions;
using RustLambda.LocalServer.Serving;

namespace RustLambda.LocalServer.Tests
{
    [TestClass]
    public class ReloadTests
    {
        private static FunctionSettings Settings(string stamp = "1:1", int timeout = 3, string? variable = null)
        {
            var function = new ManifestFunction { LogicalId = "F", BootstrapPath = "/b/F/bootstrap.zip", TimeoutSeconds = timeout };
            var environment = new Dictionary<string, string> { ["A"] = "1" };
            if (variable != null)
            {
                environment["B"] = variable;
            }
            return new FunctionSettings(function, environment, "us-east-1", stamp);
        }

        [TestMethod]
        public void Only_a_changed_binary_or_setting_replaces_a_functions_processes()
        {
            Assert.IsFalse(Settings().DiffersFrom(Settings()), "an untouched function keeps its warm processes");
            Assert.IsTrue(Settings("2:2").DiffersFrom(Settings()), "a rewritten bootstrap.zip");
            Assert.IsTrue(Settings(timeout: 9).DiffersFrom(Settings()), "a new Timeout");
            Assert.IsTrue(Settings(variable: "x").DiffersFrom(Settings()), "a new environment variable");
        }

        [TestMethod]
        public async Task Requests_wait_while_the_gate_is_closed_and_go_on_when_it_opens()
        {
            var gate = new RebuildGate();
            Assert.IsTrue(gate.WaitAsync().IsCompleted);
            gate.Close();
            var waiting = gate.WaitAsync();
            await Task.Delay(50);
            Assert.IsFalse(waiting.IsCompleted, "a request arriving during a rebuild waits for it");
            gate.Open();
            await waiting.WaitAsync(System.TimeSpan.FromSeconds(5));
            Assert.IsTrue(gate.WaitAsync().IsCompleted);
        }
    }
}
