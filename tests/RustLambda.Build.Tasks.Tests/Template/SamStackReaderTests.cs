using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tests.Template
{
    /// <summary>Nested applications read as `sam build` reads them: local templates recursively, remote ones left alone.</summary>
    [TestClass]
    public class SamStackReaderTests
    {
        private const string Header = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";

        private static string RustFunction(string id, string codeUri = ".", string architecture = "x86_64") => $@"
  {id}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: {codeUri}
      Handler: bootstrap
      Runtime: provided.al2023
      Architectures: [{architecture}]
    Metadata:
      BuildMethod: rust-cargolambda
";

        private static (SamStackTree? Tree, DiagnosticBag Diagnostics) Read(string root, IDictionary<string, string>? overrides = null, params string[] selected)
        {
            var diagnostics = new DiagnosticBag();
            var tree = new SamStackReader(diagnostics).Read(root, new Dictionary<string, string>(overrides ?? new Dictionary<string, string>()), selected);
            return (tree, diagnostics);
        }

        [TestMethod]
        public void Local_applications_are_read_recursively_and_their_functions_named_by_full_path()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + "Resources:" + RustFunction("Top") + @"
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: app/template.yaml
");
            dir.Write("app/template.yaml", Header + "Resources:" + RustFunction("Fn") + @"
  Inner:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: file://" + dir.Combine("inner", "template.yaml") + "\n");
            dir.Write("inner/template.yaml", Header + "Resources:" + RustFunction("Deep", architecture: "arm64"));

            var (tree, diagnostics) = Read(root);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            CollectionAssert.AreEqual(new[] { "", "App", "App/Inner" }, tree!.Stacks.Select(s => s.StackPath).ToList());
            CollectionAssert.AreEqual(new[] { "Top", "App/Fn", "App/Inner/Deep" }, tree.Functions.Select(f => f.FullPath).ToList());
            Assert.AreEqual(dir.Combine("app"), tree.Functions[1].CodeDirectory, "a child's CodeUri is relative to the child template");
            Assert.AreEqual("arm64", tree.Functions[2].Architecture);
            CollectionAssert.AreEqual(new[] { "App" }, tree.Root.Children.Select(c => c.LogicalId).ToList());
            Assert.AreEqual(3, tree.TemplatePaths.Count());
        }

        [TestMethod]
        public void Parameters_pass_from_the_parent_where_they_resolve_and_the_childs_defaults_fill_the_rest()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + @"Parameters:
  Arch: { Type: String, Default: x86_64 }
Resources:
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: app/template.yaml
      Parameters:
        ChildArch: !Ref Arch
        Greeting: !Sub 'hello-${Arch}'
        Table: !GetAtt Table.Arn
        Unknown: x
");
            dir.Write("app/template.yaml", Header + @"Parameters:
  ChildArch: { Type: String }
  Greeting: { Type: String }
  Table: { Type: String, Default: local-table }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: bootstrap
      Runtime: provided.al2023
      Architectures: [!Ref ChildArch]
      Environment:
        Variables:
          GREETING: !Ref Greeting
          TABLE: !Ref Table
    Metadata:
      BuildMethod: rust-cargolambda
");
            var (tree, diagnostics) = Read(root, new Dictionary<string, string> { ["Arch"] = "arm64" });
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            var fn = tree!.Functions.Single();
            Assert.AreEqual("arm64", fn.Architecture, "SamParameterOverrides reach the child through the parent's Parameters");
            Assert.AreEqual("hello-arm64", fn.EnvironmentVariables["GREETING"]);
            Assert.AreEqual("local-table", fn.EnvironmentVariables["TABLE"], "a value only CloudFormation computes leaves the child's default");
            var unknown = diagnostics.Items.Single(d => d.Code == DiagnosticCodes.UnknownParameterOverride);
            StringAssert.Contains(unknown.Message, "Parameters of App in template.yaml sets 'Unknown'");
            Assert.AreEqual(dir.Combine("app", "template.yaml"), unknown.File);
        }

        [TestMethod]
        public void Remote_applications_are_left_alone()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + "Resources:" + RustFunction("Fn") + @"
  Sar:
    Type: AWS::Serverless::Application
    Properties:
      Location: { ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/x', SemanticVersion: 1.0.0 }
  S3:
    Type: AWS::Serverless::Application
    Properties:
      Location: s3://bucket/app.yaml
  Https:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://bucket.s3.amazonaws.com/stack.yaml
");
            var (tree, diagnostics) = Read(root);
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            Assert.AreEqual(1, tree!.Stacks.Count);
            Assert.AreEqual(3, tree.Root.Template.NestedStacks.Count(n => n.LeftAlone != null));
        }

        [TestMethod]
        public void A_missing_child_template_or_a_folder_is_an_error_at_its_location()
        {
            using var dir = new TempDirectory("nested");
            dir.Write("folder/template.yaml", Header + "Resources:" + RustFunction("Fn"));
            string root = dir.Write("template.yaml", Header + @"Resources:
  Missing:
    Type: AWS::Serverless::Application
    Properties:
      Location: nowhere/template.yaml
  Folder:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: folder
");
            var (tree, diagnostics) = Read(root);
            Assert.IsNull(tree);
            var errors = diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.AreEqual(2, errors.Count, string.Join("\n", diagnostics.Items));
            Assert.IsTrue(errors.All(e => e.Code == DiagnosticCodes.NestedTemplateNotFound));
            Assert.AreEqual(7, errors[0].Line, "the Location line");
            StringAssert.Contains(errors[0].Message, "does not exist");
            StringAssert.Contains(errors[1].Message, "is a folder");
            Assert.AreEqual(root, errors[1].File);
        }

        [TestMethod]
        public void A_cycle_is_one_error_naming_the_chain()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + "Resources:" + RustFunction("Fn") + @"
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: app/template.yaml
");
            string child = dir.Write("app/template.yaml", Header + @"Resources:
  Back:
    Type: AWS::Serverless::Application
    Properties:
      Location: ../template.yaml
");
            var (tree, diagnostics) = Read(root);
            Assert.IsNull(tree);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.NestedStackCycle, error.Code);
            Assert.AreEqual(child, error.File);
            StringAssert.Contains(error.Message, "App/Back");
            StringAssert.Contains(error.Message, $"{root} -> {child} -> {root}");
        }

        [TestMethod]
        public void A_template_that_nests_itself_is_a_cycle_too()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + @"Resources:
  Self:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./template.yaml
");
            var (_, diagnostics) = Read(root);
            Assert.AreEqual(DiagnosticCodes.NestedStackCycle, diagnostics.Items.Single().Code);
        }

        [TestMethod]
        public void The_same_child_twice_is_two_stacks_not_a_cycle()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + @"Resources:
  Blue:
    Type: AWS::Serverless::Application
    Properties: { Location: app/template.yaml }
  Green:
    Type: AWS::Serverless::Application
    Properties: { Location: app/template.yaml }
");
            dir.Write("app/template.yaml", Header + "Resources:" + RustFunction("Fn"));
            var (tree, diagnostics) = Read(root);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            CollectionAssert.AreEqual(new[] { "Blue/Fn", "Green/Fn" }, tree!.Functions.Select(f => f.FullPath).ToList());
        }

        [TestMethod]
        public void A_location_only_CloudFormation_computes_is_a_warning_and_no_location_an_error()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + "Resources:" + RustFunction("Fn") + @"
  Computed:
    Type: AWS::Serverless::Application
    Properties:
      Location: !GetAtt Bucket.Url
");
            var (tree, diagnostics) = Read(root);
            Assert.AreEqual(DiagnosticCodes.NestedLocationNotLocal, diagnostics.Items.Single().Code);
            Assert.AreEqual(DiagnosticSeverity.Warning, diagnostics.Items.Single().Severity);
            Assert.AreEqual(1, tree!.Functions.Count);

            string none = dir.Write("none.yaml", Header + "Resources:\n  App:\n    Type: AWS::Serverless::Application\n    Properties: {}\n");
            (_, diagnostics) = Read(none);
            Assert.AreEqual(DiagnosticCodes.NestedLocationInvalid, diagnostics.Items.Single().Code);
        }

        [TestMethod]
        public void SamFunctions_selects_by_full_path_and_explains_a_miss()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + "Resources:" + RustFunction("Top") + @"
  App:
    Type: AWS::Serverless::Application
    Properties: { Location: app/template.yaml }
");
            dir.Write("app/template.yaml", Header + "Resources:" + RustFunction("Fn") + RustFunction("Other"));
            var (tree, _) = Read(root, null, "App/Fn");
            CollectionAssert.AreEqual(new[] { "App/Fn" }, tree!.Functions.Select(f => f.FullPath).ToList());

            var (_, diagnostics) = Read(root, null, "App/Nope");
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.UnknownFunction, error.Code);
            StringAssert.Contains(error.Message, "the template of App has no resource 'Nope'");
            StringAssert.Contains(error.Message, "Functions that can be built: Top, App/Fn, App/Other");

            (_, diagnostics) = Read(root, null, "Fn");
            StringAssert.Contains(diagnostics.Items.Single().Message, "the template has no resource 'Fn'");
        }

        [TestMethod]
        public void No_rust_function_anywhere_warns_once()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + "Resources:\n  App:\n    Type: AWS::Serverless::Application\n    Properties: { Location: app.yaml }\n");
            dir.Write("app.yaml", Header + "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
            var (tree, diagnostics) = Read(root);
            Assert.AreEqual(0, tree!.Functions.Count);
            Assert.AreEqual(DiagnosticCodes.NoRustFunctions, diagnostics.Items.Single().Code);
            StringAssert.Contains(diagnostics.Items.Single().Message, "nested application");
        }

        [TestMethod]
        public void Errors_in_a_child_are_reported_in_the_child_and_stop_the_build()
        {
            using var dir = new TempDirectory("nested");
            string root = dir.Write("template.yaml", Header + "Resources:" + RustFunction("Top") + "\n  App:\n    Type: AWS::Serverless::Application\n    Properties: { Location: app.yaml }\n");
            string child = dir.Write("app.yaml", Header + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: ., Handler: bootstrap, Runtime: python3.12 }\n    Metadata: { BuildMethod: rust-cargolambda }\n");
            var (tree, diagnostics) = Read(root);
            Assert.IsNull(tree);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.UnsupportedRuntime, error.Code);
            Assert.AreEqual(child, error.File);
        }
    }
}
