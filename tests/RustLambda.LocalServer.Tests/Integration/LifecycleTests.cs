using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Sdk.IntegrationTests;

namespace RustLambda.LocalServer.Tests.Integration
{
    /// <summary>The server's life in a sample of its own: rebuild on save, environment, Ctrl+C, a port in use.</summary>
    [TestClass]
    public class LifecycleTests
    {
        private const string Project = "LocalApi.csproj";
        private static Sandbox? _sandbox;
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

        [ClassInitialize]
        public static void CreateSandbox(TestContext _) => _sandbox = Sandbox.FromSample("LocalApi", "server-life");

        [ClassCleanup]
        public static void DeleteSandbox() => _sandbox?.Dispose();

        private static async Task<string?> Greeting(ServerProcess server, string path = "/items/1")
        {
            var response = await Http.GetAsync(server.Url + path);
            return response.Headers.TryGetValues("x-greeting", out var values) ? values.Single() : $"(status {(int)response.StatusCode})";
        }

        private static async Task WaitForGreeting(ServerProcess server, string expected, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            string? last = null;
            while (DateTime.UtcNow < deadline)
            {
                last = await Greeting(server);
                if (last == expected)
                {
                    return;
                }
                await Task.Delay(100);
            }
            Assert.Fail($"still '{last}' instead of '{expected}' after {timeout}:\n{server.Output}");
        }

        [TestMethod]
        public async Task Saving_a_source_file_rebuilds_and_the_new_code_answers_a_compile_error_keeps_the_old()
        {
            using var server = ServerProcess.Start(_sandbox!, Project, Array.Empty<string>(), new[] { "--port", ServerProcess.FreePort().ToString() });
            Assert.AreEqual("hello v1", await Greeting(server));
            string source = _sandbox!.PathOf("src/main.rs");
            string original = File.ReadAllText(source);
            string samBootstrap = _sandbox.PathOf(".aws-sam/build/HttpFunction/bootstrap");
            var samWritten = File.GetLastWriteTimeUtc(samBootstrap);

            File.WriteAllText(source, original.Replace("\"hello v1\"", "\"hello v2\""));
            await WaitForGreeting(server, "hello v2", TimeSpan.FromMinutes(2));
            server.WaitFor(l => l.StartsWith("Rebuilt in ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "Rebuilt in");
            server.WaitFor(l => l.StartsWith("Reloaded ", StringComparison.Ordinal) && l.Contains("HttpFunction", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "Reloaded");
            Assert.AreEqual(samWritten, File.GetLastWriteTimeUtc(samBootstrap), "a server rebuild leaves SAM's layout to the next dotnet build");
            StringAssert.Contains(server.Lines().First(l => l.StartsWith("Rebuilt in ", StringComparison.Ordinal)), "(evaluation reused;", "the server evaluated the project at start, so even the first save only builds");

            int from = server.LineCount;
            File.WriteAllText(source, original.Replace("\"hello v1\"", "\"hello v3\" +"));
            server.WaitFor(l => l.Contains("RL0104", StringComparison.Ordinal), TimeSpan.FromMinutes(2), "the failed-rebuild warning", from);
            Assert.IsTrue(server.Lines().Skip(from).Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"src/main\.rs\(\d+,\d+(,\d+,\d+)?\): error")), "cargo's error, placed at file(line,col):\n" + server.Output);
            Assert.AreEqual("hello v2", await Greeting(server), "the last good build keeps serving");

            from = server.LineCount;
            string template = _sandbox.PathOf("template.yaml");
            File.WriteAllText(source, original.Replace("\"hello v1\"", "\"hello v4\""));
            File.WriteAllText(template, File.ReadAllText(template).Replace("        PostItem:\n", "        Added:\n          Type: HttpApi\n          Properties:\n            Path: /added\n            Method: get\n        PostItem:\n"));
            await WaitForGreeting(server, "hello v4", TimeSpan.FromMinutes(2));
            server.WaitFor(l => l.Contains("/added -> HttpFunction", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the remounted route", from);
            Assert.AreEqual("hello v4", await Greeting(server, "/added"));
            server.WaitFor(l => l.StartsWith("Rebuilt in ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "Rebuilt in", from);
            Assert.IsTrue(server.Lines().Skip(from).Where(l => l.StartsWith("Rebuilt in ", StringComparison.Ordinal)).All(l => l.Contains("(evaluation reused;", StringComparison.Ordinal)),
                "a later rebuild, a template change included, reuses the evaluation too:\n" + server.Output);
            File.WriteAllText(source, original);
        }

        [TestMethod]
        public async Task Forwarded_variables_and_env_vars_reach_functions_and_Ctrl_C_leaves_no_process()
        {
            File.WriteAllText(_sandbox!.PathOf("env.json"), "{\"RestFunction\": {\"PROBE\": \"from-env-vars\"}}");
            var environment = new Dictionary<string, string> { ["RUSTLAMBDA_FORWARD_ENV"] = "PROBE", ["PROBE"] = "forwarded" };
            using var server = ServerProcess.Start(_sandbox, Project, Array.Empty<string>(), new[] { "--port", ServerProcess.FreePort().ToString(), "--env-vars", "env.json" }, environment);

            var http = await Http.GetAsync(server.Url + "/items/1");
            Assert.AreEqual("forwarded", http.Headers.GetValues("x-probe").Single(), "RUSTLAMBDA_FORWARD_ENV names variables passed to every function");
            var rest = await Http.GetAsync(server.Url + "/rest/hello");
            Assert.AreEqual("from-env-vars", rest.Headers.GetValues("x-probe").Single(), "--env-vars wins");

            // Warm several instances of one function, then Ctrl+C.
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Http.GetAsync(server.Url + "/lambda-url/UrlFunction/x")));
            var processes = server.Descendants();
            Assert.IsTrue(processes.Count >= 3, "the server and its bootstrap processes: " + string.Join(", ", processes));
            Assert.IsTrue(server.Interrupt(TimeSpan.FromSeconds(30)), "dotnet run did not end after Ctrl+C:\n" + server.Output);
            Assert.AreEqual(0, server.ExitCode, server.Output);
            StringAssert.Contains(server.Output, "Stopped.");
            Thread.Sleep(500);
            var alive = processes.Where(ServerProcess.IsAlive).ToList();
            Assert.AreEqual(0, alive.Count, "processes left behind: " + string.Join(", ", alive));
        }

        [TestMethod]
        public void A_port_in_use_is_a_clear_error_naming_the_port()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                using var server = ServerProcess.Start(_sandbox!, Project, Array.Empty<string>(), new[] { "--port", port.ToString() }, waitForListening: false);
                server.WaitFor(l => l.Contains("RL0102", StringComparison.Ordinal), TimeSpan.FromMinutes(4), "RL0102");
                string line = server.Lines().First(l => l.Contains("RL0102", StringComparison.Ordinal));
                StringAssert.Contains(line, $"port {port}");
                Assert.IsFalse(server.Lines().Any(l => l.StartsWith("Listening on", StringComparison.Ordinal)));
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
