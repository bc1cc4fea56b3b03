using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Serving;
using RustLambda.LocalServer.Cli;
using RustLambda.LocalServer.Functions;
using RustLambda.LocalServer.Watching;

namespace RustLambda.LocalServer.Tests
{
    [TestClass]
    public class CommandLineAndEnvironmentTests
    {
        private static ServerOptions Parse(params string[] args)
        {
            ServerOptions? parsed = null;
            int code = ServerCommandLine.Create((o, _) => { parsed = o; return System.Threading.Tasks.Task.FromResult(0); }).Parse(args).Invoke();
            Assert.AreEqual(0, code);
            return parsed!;
        }

        [TestMethod]
        public void Defaults_are_SAMs_port_on_loopback_and_the_manifest_under_obj()
        {
            var options = Parse("--project", "/p/Functions.csproj");
            Assert.AreEqual(3000, options.Port);
            Assert.AreEqual("127.0.0.1", options.Host);
            Assert.AreEqual(Path.Combine("/p", "obj", "Debug", "rustlambda", "server.json"), options.ManifestPath);
            Assert.AreEqual(10, options.MaxInstances);
            Assert.IsTrue(options.Watch);
        }

        [TestMethod]
        public void Port_host_and_env_vars_come_from_the_arguments_after_dotnet_runs_double_dash()
        {
            var options = Parse("--project", "/p/F.csproj", "--configuration", "Release", "--manifest", "/m.json", "--port", "3999", "--host", "0.0.0.0", "--env-vars", "env.json", "--no-watch");
            Assert.AreEqual((3999, "0.0.0.0", "env.json", "Release", "/m.json", false), (options.Port, options.Host, options.EnvVarsFile, options.Configuration, options.ManifestPath, options.Watch));
        }

        [TestMethod]
        public void A_port_outside_0_to_65535_is_refused()
        {
            int code = ServerCommandLine.Create((_, _) => System.Threading.Tasks.Task.FromResult(0)).Parse(new[] { "--project", "x.csproj", "--port", "70000" }).Invoke();
            Assert.AreNotEqual(0, code);
        }

        [TestMethod]
        public void Environment_is_template_then_forwarded_then_env_vars_file_and_never_a_reserved_name()
        {
            string file = Path.GetTempFileName();
            File.WriteAllText(file, "{\"Parameters\":{\"SHARED\":\"all\",\"ORDER\":\"parameters\"},\"Fn\":{\"ORDER\":\"function\"},\"Other\":{\"ORDER\":\"other\"}}");
            try
            {
                var process = new Dictionary<string, string>
                {
                    ["RUSTLAMBDA_FORWARD_ENV"] = "CONNECTION; ORDER;AWS_REGION;MISSING",
                    ["CONNECTION"] = "Host=db",
                    ["ORDER"] = "forwarded",
                    ["AWS_REGION"] = "eu-north-1",
                };
                var environment = FunctionEnvironment.Load(name => process.TryGetValue(name, out var v) ? v : null, file);
                var function = new ManifestFunction { LogicalId = "Fn", Environment = { ["TABLE"] = "t", ["ORDER"] = "template", ["CONNECTION"] = "template" } };
                var result = environment.For(function);
                Assert.AreEqual("t", result["TABLE"]);
                Assert.AreEqual("Host=db", result["CONNECTION"], "forwarded variables override the template's");
                Assert.AreEqual("function", result["ORDER"], "--env-vars wins, its function entry over Parameters");
                Assert.AreEqual("all", result["SHARED"]);
                Assert.IsFalse(result.ContainsKey("AWS_REGION"), "reserved: the emulator sets it");
                Assert.IsFalse(result.ContainsKey("MISSING"));
                Assert.AreEqual("eu-north-1", FunctionEnvironment.Region(name => process.TryGetValue(name, out var v) ? v : null));
                Assert.AreEqual("us-east-1", FunctionEnvironment.Region(_ => null));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [TestMethod]
        public void A_bad_env_vars_file_is_RL0105_naming_the_file()
        {
            string file = Path.GetTempFileName();
            File.WriteAllText(file, "{\"Fn\": [1]}");
            try
            {
                var ex = Assert.ThrowsExactly<InvalidDataException>(() => FunctionEnvironment.Load(_ => null, file));
                StringAssert.Contains(ex.Message, "RL0105");
                StringAssert.Contains(ex.Message, file);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [TestMethod]
        public void The_watcher_ignores_what_the_build_writes_itself()
        {
            string root = Path.Combine(Path.GetTempPath(), "rl-watch-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(root, "src"));
            try
            {
                string source = Path.Combine(root, "src", "main.rs");
                using var watcher = new InputWatcher(new[] { source, Path.Combine(root, "obj", "Debug", "rustlambda", "build-settings.hash") }, new[] { Path.Combine(root, "obj") }, _ => { });
                Assert.IsTrue(watcher.IsInput(source));
                Assert.IsTrue(watcher.IsInput(Path.Combine(root, "src", "new_module.rs")), "a new source file in a watched folder counts");
                Assert.IsFalse(watcher.IsInput(Path.Combine(root, "obj", "Debug", "rustlambda", "build-settings.hash")));
                Assert.IsFalse(watcher.IsInput(Path.Combine(root, "src", ".main.rs.swp")), "editor scratch files do not rebuild");
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }

        [TestMethod]
        public void Rebuild_output_keeps_only_diagnostics()
        {
            Assert.IsTrue(ProjectRebuilder.IsDiagnostic("/p/src/main.rs(4,5): error E0308: mismatched types [/p/F.csproj]"));
            Assert.IsTrue(ProjectRebuilder.IsDiagnostic("/p/template.yaml(3,1): warning RL0100: x"));
            Assert.IsFalse(ProjectRebuilder.IsDiagnostic("Build FAILED."));
            Assert.IsFalse(ProjectRebuilder.IsDiagnostic("    2 Error(s)"));
        }
    }
}
