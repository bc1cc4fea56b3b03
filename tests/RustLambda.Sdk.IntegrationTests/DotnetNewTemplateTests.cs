using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Testing;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// The packed RustLambda.Templates: `dotnet new install` into a private store, then each template created, built and
    /// run as a user would, with only the SDK's feed in nuget.config (the sandbox's). The `offline` variants build here
    /// (no crate registry is reachable); the crates variants are checked as manifests.
    /// </summary>
    [TestClass]
    public class DotnetNewTemplateTests
    {
        private const ushort ElfMachineX86_64 = 62;

        private static TemplateStore? _store;

        private static TemplateStore Store => _store ?? throw new InvalidOperationException("the template store is installed in ClassInitialize");

        [ClassInitialize]
        public static void InstallTemplates(TestContext _) => _store = TemplateStore.Install();

        [ClassCleanup]
        public static void RemoveTemplates() => _store?.Dispose();

        [TestMethod]
        [DataRow("rustlambda", false)]
        [DataRow("rustlambda", true)]
        [DataRow("rustlambda-api", false)]
        [DataRow("rustlambda-api", true)]
        public void Each_template_creates_a_project_named_after_the_user_with_the_default_options(string template, bool offline)
        {
            using var sandbox = Sandbox.Empty("new-" + template);
            var create = Store.Create(sandbox, template, offline ? new[] { "-n", "Demo", "--offline" } : new[] { "-n", "Demo" });
            create.AssertSucceeded();

            var expected = new[] { ".gitignore", "Cargo.toml", "Demo.csproj", "events/event.json", "global.json", "samconfig.toml", "src/main.rs", "template.yaml" }
                .Concat(offline ? new[] { "src/lambda_runtime_lite.rs" } : Array.Empty<string>()).OrderBy(f => f, StringComparer.Ordinal);
            CollectionAssert.AreEqual(expected.ToList(), FilesUnder(sandbox.PathOf("Demo")), "the created files");

            string project = sandbox.PathOf("Demo");
            StringAssert.Contains(File.ReadAllText(Path.Combine(project, "Demo.csproj")), "<Project Sdk=\"RustLambda.Sdk\">");
            using (var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "global.json"))))
            {
                Assert.AreEqual(Repo.Version, globalJson.RootElement.GetProperty("msbuild-sdks").GetProperty("RustLambda.Sdk").GetString(), "global.json pins the SDK version of build/Version.props");
            }
            var ignored = File.ReadAllLines(Path.Combine(project, ".gitignore"));
            foreach (var output in new[] { "/bin/", "/obj/", "/target/", "/.aws-sam/" })
            {
                CollectionAssert.Contains(ignored, output);
            }
            string samTemplate = File.ReadAllText(Path.Combine(project, "template.yaml"));
            StringAssert.Contains(samTemplate, "Runtime: provided.al2023\n");
            StringAssert.Contains(samTemplate, "- x86_64\n");
            StringAssert.Contains(samTemplate, "BuildMethod: rust-cargolambda");
            Assert.AreEqual(template == "rustlambda-api", samTemplate.Contains("Type: HttpApi"), "only the API template has an HttpApi event");
            StringAssert.Contains(File.ReadAllText(Path.Combine(project, "Cargo.toml")), "name = \"demo\"");
            JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "events/event.json"))).Dispose();
            if (offline)
            {
                CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Repo.Root, "samples/lambda_runtime_lite/src/lib.rs")), File.ReadAllBytes(Path.Combine(project, "src/lambda_runtime_lite.rs")),
                    "the offline runtime is the samples' file, unchanged");
            }
            foreach (var file in Directory.GetFiles(project, "*", SearchOption.AllDirectories))
            {
                string text = File.ReadAllText(file);
                Assert.IsFalse(text.Contains("RustLambdaFunction1") || text.Contains("rust_lambda_package"), $"{file} still holds a template placeholder");
            }
        }

        [TestMethod]
        [DataRow("rustlambda")]
        [DataRow("rustlambda-api")]
        public void Architecture_and_runtime_options_reach_the_SAM_template(string template)
        {
            using var sandbox = Sandbox.Empty("new-arm64-" + template);
            Store.Create(sandbox, template, "-n", "Graviton", "--architecture", "arm64", "--runtime", "provided.al2", "--offline").AssertSucceeded();

            string samTemplate = File.ReadAllText(sandbox.PathOf("Graviton/template.yaml"));
            StringAssert.Contains(samTemplate, "Architectures:\n        - arm64\n");
            StringAssert.Contains(samTemplate, "Runtime: provided.al2\n");
            Assert.IsFalse(samTemplate.Contains("x86_64"), samTemplate);
            Assert.IsFalse(samTemplate.Contains("al2023"), samTemplate);
        }

        [TestMethod]
        public void An_option_value_outside_the_choices_is_refused_and_creates_nothing()
        {
            using var sandbox = Sandbox.Empty("new-bad-option");
            var create = Store.Create(sandbox, "rustlambda", "-n", "Demo", "--architecture", "mips");
            Assert.AreNotEqual(0, create.ExitCode, create.Output);
            StringAssert.Contains(create.Output, "mips");
            Assert.IsFalse(Directory.Exists(sandbox.PathOf("Demo")), "nothing is created");
        }

        [TestMethod]
        [DataRow("rustlambda", "HelloFunction", "{\"name\":\"Lambda\"}", "\"message\":\"Hello, Lambda!\"")]
        [DataRow("rustlambda-api", "ApiFunction", null, "\\\"message\\\":\\\"Hello, Lambda!\\\"")]
        public async Task The_offline_variant_builds_with_no_edit_into_an_x86_64_zip_that_answers_its_sample_event(string template, string logicalId, string? expectedEvent, string expectedPayload)
        {
            using var sandbox = Sandbox.Empty("build-" + template);
            Store.Create(sandbox, template, "-n", "Demo", "--offline").AssertSucceeded();
            var build = sandbox.Build("Demo/Demo.csproj");
            build.AssertSucceeded();
            Assert.IsFalse(build.Output.Contains("warning"), "a new project builds without warnings:\n" + build.Output);

            string zip = sandbox.PathOf($"Demo/bin/Debug/{logicalId}/bootstrap.zip");
            Assert.IsTrue(File.Exists(zip), build.Output);
            Assert.AreEqual(ElfMachineX86_64, ElfMachineOfBootstrap(zip), "the bootstrap is an x86_64 ELF executable");

            string sampleEvent = File.ReadAllText(sandbox.PathOf("Demo/events/event.json"));
            if (expectedEvent != null)
            {
                Assert.AreEqual(expectedEvent, sampleEvent.Trim());
            }
            await using var function = await RustLambdaFunction.StartAsync(zip, new RustLambdaFunctionOptions { FunctionName = logicalId, Timeout = TimeSpan.FromSeconds(10) });
            var result = await function.InvokeAsync(sampleEvent);
            Assert.IsTrue(result.IsSuccess, result.ToString());
            StringAssert.Contains(result.Payload, expectedPayload);
        }

        [TestMethod]
        [DataRow("rustlambda", "lambda_runtime")]
        [DataRow("rustlambda-api", "lambda_http")]
        public void The_crates_variant_is_a_valid_Cargo_manifest_naming_the_crates_users_expect(string template, string runtimeCrate)
        {
            using var sandbox = Sandbox.Empty("crates-" + template);
            Store.Create(sandbox, template, "-n", "My.Orders-Api").AssertSucceeded();
            Assert.IsFalse(File.Exists(sandbox.PathOf("My.Orders-Api/src/lambda_runtime_lite.rs")), "the crates variant has no offline runtime");

            // read-manifest parses Cargo.toml without resolving dependencies, so it needs no crate registry.
            var manifest = RunCargo(sandbox, "read-manifest", "--manifest-path", sandbox.PathOf("My.Orders-Api/Cargo.toml"));
            using var json = JsonDocument.Parse(manifest);
            Assert.AreEqual("my_orders_api", json.RootElement.GetProperty("name").GetString(), "the project name made a valid Cargo package name");
            var dependencies = json.RootElement.GetProperty("dependencies").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
            CollectionAssert.Contains(dependencies, runtimeCrate);
            CollectionAssert.Contains(dependencies, "tokio");
            string main = File.ReadAllText(sandbox.PathOf("My.Orders-Api/src/main.rs"));
            StringAssert.Contains(main, runtimeCrate + "::");
            StringAssert.Contains(main, "#[tokio::main]");
        }

        [TestMethod]
        public void A_created_project_joins_a_solution_with_dotnet_sln_add_and_builds_from_it()
        {
            using var sandbox = Sandbox.Empty("new-sln");
            Store.Create(sandbox, "rustlambda", "-n", "Functions", "--offline").AssertSucceeded();
            sandbox.Dotnet(new[] { "new", "sln", "-n", "App", "--format", "sln" }).AssertSucceeded();
            sandbox.Dotnet(new[] { "sln", "App.sln", "add", "Functions/Functions.csproj" }).AssertSucceeded();
            StringAssert.Contains(File.ReadAllText(sandbox.PathOf("App.sln")), "Functions.csproj");

            sandbox.Build("App.sln").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("Functions/bin/Debug/HelloFunction/bootstrap.zip")));
        }

        /// <summary>The issue's acceptance: install, `dotnet new rustlambda-api -n Demo --offline`, `cd Demo`, `dotnet run`, an HTTP request.</summary>
        [TestMethod]
        public async Task The_offline_api_template_answers_HTTP_under_dotnet_run()
        {
            using var sandbox = Sandbox.Empty("run-api");
            Store.Create(sandbox, "rustlambda-api", "-n", "Demo", "--offline").AssertSucceeded();

            using var server = await LocalServerRun.StartAsync(sandbox, "Demo", TimeSpan.FromMinutes(4));
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

            using (var health = await http.GetAsync("__rustlambda/health"))
            {
                Assert.AreEqual(HttpStatusCode.OK, health.StatusCode, server.Output);
            }
            using var response = await http.GetAsync("hello?name=Ada%20Lovelace");
            string body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body + "\n" + server.Output);
            StringAssert.StartsWith(response.Content.Headers.ContentType?.MediaType, "application/json");
            using var json = JsonDocument.Parse(body);
            Assert.AreEqual("Hello, Ada Lovelace!", json.RootElement.GetProperty("message").GetString());
            Assert.AreEqual("/hello", json.RootElement.GetProperty("path").GetString());
            StringAssert.Contains(server.Output, "[ApiFunction] ", "the function's own output reaches the console, prefixed with its logical ID");
        }

        private static string[] FilesUnder(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        /// <summary>e_machine of the ELF header (bytes 18-19, little-endian) of the zip's bootstrap.</summary>
        private static ushort ElfMachineOfBootstrap(string zip)
        {
            using var archive = ZipFile.OpenRead(zip);
            var entry = archive.GetEntry("bootstrap") ?? throw new AssertFailedException("no bootstrap in " + zip);
            using var stream = entry.Open();
            var header = new byte[20];
            stream.ReadExactly(header);
            CollectionAssert.AreEqual(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header.Take(4).ToArray(), "an ELF file");
            return (ushort)(header[18] | header[19] << 8);
        }

        private static string RunCargo(Sandbox sandbox, params string[] arguments)
        {
            var start = new System.Diagnostics.ProcessStartInfo(Repo.RealCargo) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = sandbox.Folder };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = System.Diagnostics.Process.Start(start)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, $"cargo {string.Join(" ", arguments)} failed:\n{error.Result}");
            return output;
        }
    }
}
