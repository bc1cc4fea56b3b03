using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Testing;

namespace RustLambda.Sdk.IntegrationTests
{
    [TestClass]
    public class ParallelBuildTests
    {
        /// <summary>
        /// Two projects over one Cargo workspace (one shared target/), built by `dotnet build -m` several times, each time after
        /// a change that makes both rebuild: every zip must come out whole and answer.
        /// </summary>
        [TestMethod]
        public async Task Projects_sharing_a_workspace_build_correctly_in_parallel()
        {
            using var sandbox = Sandbox.Empty("parallel");
            sandbox.AddSample("Workspace", "ws");
            foreach (var (project, member) in new[] { ("Orders", "orders"), ("Payments", "payments") })
            {
                sandbox.Write($"{project}/{project}.csproj", "<Project Sdk=\"RustLambda.Sdk\"><PropertyGroup><SamBetaFeatures>true</SamBetaFeatures></PropertyGroup></Project>\n");
                sandbox.Write($"{project}/template.yaml", $@"Resources:
  {project}Function:
    Type: AWS::Serverless::Function
    Properties: {{ CodeUri: ../ws/functions/{member}, Handler: bootstrap, Runtime: provided.al2023 }}
    Metadata: {{ BuildMethod: rust-cargolambda }}
");
            }
            sandbox.Dotnet(new[] { "new", "sln", "-n", "All", "--format", "sln" }).AssertSucceeded();
            sandbox.Dotnet(new[] { "sln", "All.sln", "add", "Orders/Orders.csproj", "Payments/Payments.csproj" }).AssertSucceeded();

            for (int round = 0; round < 3; round++)
            {
                if (round > 0)
                {
                    File.AppendAllText(sandbox.PathOf("lambda_runtime_lite/src/lib.rs"), $"\n// touched in round {round}\n");
                }
                int before = sandbox.CargoStarts.Count(l => l.StartsWith("build"));
                sandbox.Dotnet(new[] { "build", "All.sln", "-m:2" }).AssertSucceeded();
                Assert.AreEqual(before + 2, sandbox.CargoStarts.Count(l => l.StartsWith("build")), $"round {round}: both projects ran cargo");

                foreach (var (project, status) in new[] { ("Orders", "accepted"), ("Payments", "charged") })
                {
                    string zip = sandbox.PathOf($"{project}/bin/Debug/{project}Function/bootstrap.zip");
                    SampleBuildTests.AssertUnzipShowsExecutableBootstrap(zip);
                    await using var function = await RustLambdaFunction.StartAsync(zip);
                    var result = await function.InvokeAsync("{}");
                    Assert.IsTrue(result.IsSuccess, $"round {round} {project}: {result}");
                    StringAssert.Contains(result.Payload, $"\"status\":\"{status}\"");
                }
            }
        }
    }
}
