using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>Rust functions as members of a .NET solution: referenced from C#, published, and invoked locally.</summary>
    [TestClass]
    public class SolutionIntegrationTests
    {
        private static Sandbox AppReferencingFunctions(bool copyToOutput)
        {
            var sandbox = Sandbox.Empty("solution");
            sandbox.AddSample("MultiFunction", "Functions");
            if (copyToOutput)
            {
                File.WriteAllText(sandbox.PathOf("Functions/MultiFunction.csproj"),
                    "<Project Sdk=\"RustLambda.Sdk\"><PropertyGroup><RustLambdaCopyToReferencingProjects>true</RustLambdaCopyToReferencingProjects></PropertyGroup></Project>\n");
            }
            sandbox.Write("App/App.csproj", @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><ProjectReference Include=""../Functions/MultiFunction.csproj"" /></ItemGroup>
  <Target Name=""ListLambdaArtifacts"" AfterTargets=""Build"">
    <MSBuild Projects=""@(ProjectReference)"" Targets=""GetRustLambdaArtifacts""><Output TaskParameter=""TargetOutputs"" ItemName=""RustLambdaArtifact"" /></MSBuild>
    <Message Importance=""high"" Text=""ARTIFACT %(RustLambdaArtifact.LogicalId) %(RustLambdaArtifact.Runtime) %(RustLambdaArtifact.Architecture) %(RustLambdaArtifact.Handler) %(RustLambdaArtifact.FullPath)"" />
  </Target>
</Project>
");
            sandbox.Write("App/Program.cs", "System.Console.WriteLine(\"app\");\n");
            return sandbox;
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void A_CSharp_project_referencing_the_functions_builds_them_first_and_gets_their_artifacts(bool parallel)
        {
            using var sandbox = AppReferencingFunctions(copyToOutput: true);
            sandbox.Dotnet(new[] { "new", "sln", "-n", "All", "--format", "sln" }).AssertSucceeded();
            sandbox.Dotnet(new[] { "sln", "All.sln", "add", "App/App.csproj", "Functions/MultiFunction.csproj" }).AssertSucceeded();
            var build = sandbox.Dotnet(new[] { "build", "All.sln", parallel ? "-m" : "-m:1" });
            build.AssertSucceeded();

            StringAssert.Contains(build.Output, $"ARTIFACT FunctionA provided.al2023 x86_64 bootstrap {sandbox.PathOf("Functions/bin/Debug/FunctionA/bootstrap.zip")}");
            StringAssert.Contains(build.Output, "ARTIFACT FunctionB provided.al2023 x86_64 bootstrap");
            Assert.IsTrue(File.Exists(sandbox.PathOf("App/bin/Debug/net10.0/FunctionA/bootstrap.zip")), "the opt-in copies the zips into the referencing project's output");
            CollectionAssert.AreEqual(File.ReadAllBytes(sandbox.PathOf("Functions/bin/Debug/FunctionA/bootstrap.zip")), File.ReadAllBytes(sandbox.PathOf("App/bin/Debug/net10.0/FunctionA/bootstrap.zip")));
            Assert.IsFalse(File.Exists(sandbox.PathOf("App/bin/Debug/net10.0/MultiFunction.dll")), "no assembly comes from a Rust project");
            Assert.AreEqual(1, sandbox.CargoStarts.Count(l => l.StartsWith("build")), "the functions are built once");
        }

        [TestMethod]
        public void Without_the_opt_in_nothing_is_copied_into_the_referencing_project()
        {
            using var sandbox = AppReferencingFunctions(copyToOutput: false);
            sandbox.Build("App/App.csproj").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("Functions/bin/Debug/FunctionA/bootstrap.zip")));
            Assert.IsFalse(Directory.Exists(sandbox.PathOf("App/bin/Debug/net10.0/FunctionA")));
        }

        [TestMethod]
        public void Publish_puts_the_zips_and_the_SAM_layout_in_PublishDir()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Dotnet(new[] { "publish", "MultiFunction.csproj", "-c", "Release", "-o", "out" }).AssertSucceeded();
            SampleBuildTests.AssertUnzipShowsExecutableBootstrap(sandbox.PathOf("out/FunctionA/bootstrap.zip"));
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/FunctionB/bootstrap.zip")));
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/sam/template.yaml")));
            string bootstrap = sandbox.PathOf("out/sam/FunctionB/bootstrap");
            Assert.AreEqual(UnixFileMode.UserExecute, File.GetUnixFileMode(bootstrap) & UnixFileMode.UserExecute);
        }

        [TestMethod]
        public void RustLambdaInvoke_prints_the_response_for_an_event_file_or_inline_JSON()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            var fromFile = sandbox.Build("MultiFunction.csproj", "-t:RustLambdaInvoke", "-p:RustLambdaInvokeFunction=FunctionA", "-p:RustLambdaInvokeEvent=events/a.json");
            fromFile.AssertSucceeded();
            StringAssert.Contains(fromFile.Output, "\"function\":\"function_a\"");
            StringAssert.Contains(fromFile.Output, "\"echo\":{\"order\":42,\"items\":[\"book\",\"pen\"]}");

            // MSBuild strips bare double quotes from -p values: inline JSON goes in quotes with its own quotes escaped.
            var inline = sandbox.Build("MultiFunction.csproj", "-t:RustLambdaInvoke", "-p:RustLambdaInvokeFunction=FunctionB", "-p:RustLambdaInvokeEvent=\"{\\\"abc\\\":1}\"");
            inline.AssertSucceeded();
            StringAssert.Contains(inline.Output, "\"length\":9");
        }

        [TestMethod]
        public void RustLambdaInvoke_uses_the_template_environment_and_reports_failures()
        {
            using var single = Sandbox.FromSample("SingleFunction");
            var greeting = single.Build("SingleFunction.csproj", "-t:RustLambdaInvoke", "-p:RustLambdaInvokeEvent=events/hello.json");
            greeting.AssertSucceeded();
            StringAssert.Contains(greeting.Output, "\"message\":\"Hello, Lambda!\"", "GREETING comes from the template");

            var error = single.Build("SingleFunction.csproj", "-t:RustLambdaInvoke", "-p:RustLambdaInvokeEvent=\"{\\\"action\\\":\\\"error\\\"}\"");
            error.AssertFailedWith("RL0081");
            StringAssert.Contains(error.Output, "HandlerError: requested failure");

            using var multi = Sandbox.FromSample("MultiFunction");
            var unknown = multi.Build("MultiFunction.csproj", "-t:RustLambdaInvoke", "-p:RustLambdaInvokeFunction=Nope");
            unknown.AssertFailedWith("RL0080");
            StringAssert.Contains(unknown.Output, "FunctionA, FunctionB");
            // The old names still work, with a deprecation warning.
            var old = multi.Build("MultiFunction.csproj", "-t:RustLambdaInvoke", "-p:SamFunction=FunctionA", "-p:SamEvent=missing.json");
            old.AssertFailedWith("RL0082");
            StringAssert.Contains(old.Output, "RL0090");
        }
    }
}
