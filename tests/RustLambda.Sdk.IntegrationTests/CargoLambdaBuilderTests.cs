using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// The cargo-lambda path, through tests/tools/standin-cargo-lambda: a clearly named stand-in (cargo-lambda cannot be
    /// installed here) that records its arguments and produces cargo-lambda's &lt;lambda-dir&gt;/&lt;bin&gt;/bootstrap with real cargo.
    /// </summary>
    [TestClass]
    public class CargoLambdaBuilderTests
    {
        private const string ParameterizedTemplate = @"
Parameters:
  Runtime: { Type: String, Default: provided.al2023 }
  Arch: { Type: String, Default: x86_64 }
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: bootstrap
      Runtime: !Ref Runtime
      Architectures: [!Ref Arch]
    Metadata:
      BuildMethod: rust-cargolambda
";

        [TestMethod]
        public void Argument_lists_for_each_runtime_architecture_and_configuration()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Write("template.yaml", ParameterizedTemplate);
            var cases = new List<(string Runtime, string Arch, string Configuration, string[] Expected)>
            {
                ("provided.al2", "x86_64", "Release", new[] { "--release", "--target", "x86_64-unknown-linux-gnu.2.26" }),
                ("provided.al2", "arm64", "Release", new[] { "--release", "--target", "aarch64-unknown-linux-gnu.2.26" }),
                ("provided.al2", "x86_64", "Debug", new[] { "--target", "x86_64-unknown-linux-gnu.2.26" }),
                ("provided.al2", "arm64", "Debug", new[] { "--target", "aarch64-unknown-linux-gnu.2.26" }),
                ("provided.al2023", "x86_64", "Release", new[] { "--release", "--x86-64" }),
                ("provided.al2023", "arm64", "Release", new[] { "--release", "--arm64" }),
                ("provided.al2023", "x86_64", "Debug", new[] { "--x86-64" }),
                ("provided.al2023", "arm64", "Debug", new[] { "--arm64" }),
            };
            foreach (var (runtime, arch, configuration, expected) in cases)
            {
                int before = sandbox.StandInInvocations.Count;
                // The stand-in cannot cross-compile or pin glibc: its host binaries would (rightly) fail the artifact checks.
                var build = sandbox.Dotnet(new[] { "build", "SingleFunction.csproj", "-c", configuration, "-p:RustLambdaBuilder=cargo-lambda",
                    $"-p:SamParameterOverrides=Runtime={runtime} Arch={arch}", "-p:RustLambdaSkipArtifactChecks=true" }, withStandIn: true);
                build.AssertSucceeded();
                StringAssert.Contains(build.Output, "warning RL0066");
                Assert.AreEqual(before + 1, sandbox.StandInInvocations.Count, $"{runtime} {arch} {configuration}: one cargo-lambda run");
                var arguments = sandbox.StandInInvocations.Last();
                string lambdaDir = arguments[arguments.Length - 2];
                var expectedAll = expected.Concat(new[] { "--bin", "single_function", "--lambda-dir", lambdaDir, "--message-format=json" }).ToArray();
                CollectionAssert.AreEqual(expectedAll, arguments, $"{runtime} {arch} {configuration}: {string.Join(" ", arguments)}");
                StringAssert.StartsWith(lambdaDir, Path.Combine(sandbox.Folder, "obj", configuration, "rustlambda") + Path.DirectorySeparatorChar);
                Assert.IsTrue(File.Exists(sandbox.PathOf($"bin/{configuration}/HelloFunction/bootstrap.zip")));
            }
        }

        [TestMethod]
        public void Several_functions_of_one_package_are_built_by_one_invocation_and_zipped_separately()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Dotnet(new[] { "build", "MultiFunction.csproj", "-c", "Release", "-p:RustLambdaBuilder=cargo-lambda" }, withStandIn: true).AssertSucceeded();
            var invocation = sandbox.StandInInvocations.Single();
            CollectionAssert.AreEqual(new[] { "--release", "--x86-64", "--bin", "function_a", "--bin", "function_b" }, invocation.Take(6).ToArray());
            string a = sandbox.PathOf("bin/Release/FunctionA/bootstrap.zip"), b = sandbox.PathOf("bin/Release/FunctionB/bootstrap.zip");
            SampleBuildTests.AssertUnzipShowsExecutableBootstrap(a);
            CollectionAssert.AreNotEqual(File.ReadAllBytes(a), File.ReadAllBytes(b), "each zip holds its own binary");
        }

        [TestMethod]
        public void Builder_auto_uses_cargo_lambda_when_it_is_installed()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Dotnet(new[] { "build", "SingleFunction.csproj" }, withStandIn: true).AssertSucceeded();
            Assert.AreEqual(1, sandbox.StandInInvocations.Count);
            StringAssert.StartsWith(sandbox.CargoStarts.Single(), "lambda build", "run as `cargo lambda build`");
        }

        [TestMethod]
        public void A_failing_cargo_lambda_is_an_RL_error_and_writes_no_zip()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var build = sandbox.Dotnet(new[] { "build", "SingleFunction.csproj", "-p:RustLambdaBuilder=cargo-lambda" },
                new Dictionary<string, string?> { ["RUSTLAMBDA_STANDIN_EXIT_CODE"] = "3" }, withStandIn: true);
            build.AssertFailedWith("RL0061");
            StringAssert.Contains(build.Output, "stand-in asked to fail");
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
        }

        [TestMethod]
        public void A_missing_cargo_lambda_is_an_RL_error_with_install_guidance()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var build = sandbox.Build("SingleFunction.csproj", "-p:RustLambdaBuilder=cargo-lambda");
            build.AssertFailedWith("RL0051");
            StringAssert.Contains(build.Output, "cargo-lambda.info");
        }
    }
}
