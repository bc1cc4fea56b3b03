using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// A parent template whose nested application is a local template: built recursively with the parameters the parent
    /// passes, in sam build's layout (.aws-sam/build/&lt;App&gt;/&lt;Function&gt;/, the child template rewritten there).
    /// </summary>
    [TestClass]
    public class NestedApplicationTests
    {
        private const string ChildTemplate = @"AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  PickedBinary:
    Type: String
    Default: function_a
  Greeting:
    Type: String
    Default: child-default
Resources:
  Picked:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: bootstrap
      Runtime: provided.al2023
      Environment:
        Variables:
          GREETING: !Ref Greeting
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties:
        Binary: !Ref PickedBinary
  Docs:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: docs/
";

        /// <summary>SingleFunction at the root; MultiFunction's package under apps/multi as the nested application.</summary>
        private static Sandbox ParentWithNestedApplication(string name)
        {
            var sandbox = Sandbox.FromSample("SingleFunction", name);
            sandbox.AddSample("MultiFunction", "apps/multi");
            sandbox.Write("apps/multi/template.yaml", ChildTemplate);
            sandbox.Write("apps/multi/docs/README.md", "layer content\n");
            string parent = File.ReadAllText(sandbox.PathOf("template.yaml"));
            parent = parent.Replace("Resources:\n", @"Parameters:
  Binary:
    Type: String
    Default: function_b
Resources:
  Multi:
    Type: AWS::Serverless::Application
    Properties:
      Location: apps/multi/template.yaml
      Parameters:
        PickedBinary: !Ref Binary
  Sar:
    Type: AWS::Serverless::Application
    Properties:
      Location:
        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/remote
        SemanticVersion: 1.0.0
");
            sandbox.Write("template.yaml", parent);
            return sandbox;
        }

        [TestMethod]
        public void A_nested_application_is_built_in_sams_layout_and_named_by_its_full_path()
        {
            using var sandbox = ParentWithNestedApplication("nested-layout");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();

            Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
            Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/Multi/Picked/bootstrap.zip")), "the output folder is the full path");
            Assert.IsTrue(File.Exists(sandbox.PathOf(".aws-sam/build/HelloFunction/bootstrap")));
            Assert.IsTrue(File.Exists(sandbox.PathOf(".aws-sam/build/Multi/Picked/bootstrap")));

            string parent = File.ReadAllText(sandbox.PathOf(".aws-sam/build/template.yaml"));
            StringAssert.Contains(parent, "Location: Multi/template.yaml", parent);
            StringAssert.Contains(parent, "ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/remote", "the remote application is left alone");
            string child = File.ReadAllText(sandbox.PathOf(".aws-sam/build/Multi/template.yaml"));
            StringAssert.Contains(child, "CodeUri: Picked", child);
            StringAssert.Contains(child, "SamResourceId: Picked");
            StringAssert.Contains(child, "ContentUri: ../../../apps/multi/docs", "the child's other paths are re-based on its new folder");

            // The parent's Parameters chose function_b for the child: the packaged binary is it.
            var artifacts = sandbox.Dotnet(new[] { "msbuild", "SingleFunction.csproj", "-t:GetRustLambdaArtifacts", "-getTargetResult:GetRustLambdaArtifacts" });
            artifacts.AssertSucceeded();
            foreach (var expected in new[] { "\"LogicalId\": \"Multi/Picked\"", "\"ResourceId\": \"Picked\"", "\"StackPath\": \"Multi\"", "\"Binary\": \"function_b\"", "\"LogicalId\": \"HelloFunction\"" })
            {
                StringAssert.Contains(artifacts.Output, expected, artifacts.Output);
            }
            StringAssert.Contains(artifacts.Output, Path.Combine("bin", "Debug", "Multi", "Picked", "bootstrap.zip"));
        }

        [TestMethod]
        public void The_child_template_is_an_input_and_clean_and_publish_cover_it()
        {
            using var sandbox = ParentWithNestedApplication("nested-incremental");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            int cargoRuns = sandbox.CargoStarts.Count;
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.AreEqual(cargoRuns, sandbox.CargoStarts.Count, "nothing changed: no cargo");

            sandbox.Write("apps/multi/template.yaml", ChildTemplate.Replace("Default: child-default", "Default: edited"));
            sandbox.Touch("apps/multi/template.yaml");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            StringAssert.Contains(File.ReadAllText(sandbox.PathOf(".aws-sam/build/Multi/template.yaml")), "Default: edited", "an edit of the child template rebuilds");

            sandbox.Dotnet(new[] { "publish", "SingleFunction.csproj", "-o", "out" }).AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/Multi/Picked/bootstrap.zip")));
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/sam/Multi/template.yaml")));
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/sam/Multi/Picked/bootstrap")));

            sandbox.Dotnet(new[] { "clean", "SingleFunction.csproj" }).AssertSucceeded();
            Assert.IsFalse(File.Exists(sandbox.PathOf(".aws-sam/build/Multi/template.yaml")), "Clean removes the child template it wrote");
            Assert.IsFalse(File.Exists(sandbox.PathOf(".aws-sam/build/Multi/Picked/bootstrap")));
        }

        [TestMethod]
        public void SamFunctions_takes_a_full_path()
        {
            using var sandbox = ParentWithNestedApplication("nested-select");
            sandbox.Build("SingleFunction.csproj", "-p:SamFunctions=Multi/Picked").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/Multi/Picked/bootstrap.zip")));
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
        }

        [TestMethod]
        public void A_missing_child_template_and_a_cycle_are_clear_errors()
        {
            using var missing = ParentWithNestedApplication("nested-missing");
            File.Delete(missing.PathOf("apps/multi/template.yaml"));
            var build = missing.Build("SingleFunction.csproj");
            build.AssertFailedWith("RL0150");
            StringAssert.Contains(build.Output, "template.yaml(13,");
            StringAssert.Contains(build.Output, "Location 'apps/multi/template.yaml' of Multi points at");

            using var cycle = ParentWithNestedApplication("nested-cycle");
            cycle.Write("apps/multi/template.yaml", ChildTemplate + "  Back:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../../template.yaml\n");
            build = cycle.Build("SingleFunction.csproj");
            build.AssertFailedWith("RL0151");
            StringAssert.Contains(build.Output, "Multi/Back");
        }
    }
}
