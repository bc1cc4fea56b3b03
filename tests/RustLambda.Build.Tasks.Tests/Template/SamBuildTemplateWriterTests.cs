using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Template;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Tests.Template
{
    [TestClass]
    public class SamBuildTemplateWriterTests
    {
        private const string Original = @"AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String, Default: dev }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    CodeUri: rust/
    Runtime: provided.al2023
    Handler: bootstrap
Resources:
  RustFromGlobals:
    Type: AWS::Serverless::Function
    Metadata: { BuildMethod: rust-cargolambda }
  RustOwn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: rust/
      Description: |
        Two lines
        of text
      Environment:
        Variables:
          TABLE: !Ref Table
          QUOTED: '123'
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties: { Binary: own }
  Plain:
    Type: AWS::Lambda::Function
    Properties: { Code: rust, Handler: bootstrap, Runtime: provided.al2023, Role: !GetAtt Role.Arn }
    Metadata: { BuildMethod: rust-cargolambda }
  Python:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: python/app, Handler: app.handler, Runtime: python3.12 }
  Remote:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: s3://bucket/key.zip, Handler: x, Runtime: python3.12 }
  Layer:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: layers/common }
  Table:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
Outputs:
  Arn:
    Value: !GetAtt RustOwn.Arn
    Export: { Name: !Sub '${AWS::StackName}-arn' }
";

        private static (string Text, YamlMapping Root) Render(TempDirectory dir, string template, string name = "template.yaml")
        {
            string path = dir.Write(name, template);
            string build = dir.Combine(".aws-sam", "build");
            string text = SamBuildTemplateWriter.Render(path, build, new Dictionary<string, string> { ["RustFromGlobals"] = "RustFromGlobals", ["RustOwn"] = "RustOwn", ["Plain"] = "Plain" });
            return (text, (YamlMapping)YamlDocumentReader.Parse(text)!);
        }

        private static YamlMapping Resource(YamlMapping root, string id) => (YamlMapping)((YamlMapping)root["Resources"]!)[id]!;

        private static string Scalar(YamlNodeBase? node) => ((YamlScalar)node!).Value;

        [TestMethod]
        public void Built_functions_point_at_their_folders_and_keep_everything_else()
        {
            using var dir = new TempDirectory();
            var (text, root) = Render(dir, Original);
            Assert.AreEqual("RustFromGlobals", Scalar(((YamlMapping)Resource(root, "RustFromGlobals")["Properties"]!)["CodeUri"]));
            Assert.AreEqual("RustOwn", Scalar(((YamlMapping)Resource(root, "RustOwn")["Properties"]!)["CodeUri"]));
            Assert.AreEqual("Plain", Scalar(((YamlMapping)Resource(root, "Plain")["Properties"]!)["Code"]));
            Assert.AreEqual("RustOwn", Scalar(((YamlMapping)Resource(root, "RustOwn")["Metadata"]!)["SamResourceId"]));
            Assert.AreEqual("own", Scalar(((YamlMapping)((YamlMapping)Resource(root, "RustOwn")["Metadata"]!)["BuildProperties"]!)["Binary"]));

            CollectionAssert.AreEqual(new[] { "AWSTemplateFormatVersion", "Transform", "Parameters", "Conditions", "Globals", "Resources", "Outputs" }, root.Entries.Select(e => e.Key.Value).ToArray());
            CollectionAssert.AreEqual(new[] { "RustFromGlobals", "RustOwn", "Plain", "Python", "Remote", "Layer", "Table" }, ((YamlMapping)root["Resources"]!).Entries.Select(e => e.Key.Value).ToArray());
            var arn = (YamlScalar)((YamlMapping)((YamlMapping)root["Outputs"]!)["Arn"]!)["Value"]!;
            Assert.AreEqual(("!GetAtt", "RustOwn.Arn"), (arn.Tag, arn.Value), "tags survive");
            StringAssert.Contains(text, "!Equals");
            StringAssert.Contains(text, "!Sub");
            var variables = (YamlMapping)((YamlMapping)((YamlMapping)Resource(root, "RustOwn")["Properties"]!)["Environment"]!)["Variables"]!;
            Assert.IsTrue(((YamlScalar)variables["QUOTED"]!).IsQuoted, "a quoted number stays a string");
            Assert.AreEqual("Two lines\nof text\n", Scalar(((YamlMapping)Resource(root, "RustOwn")["Properties"]!)["Description"]));
        }

        [TestMethod]
        public void Other_local_paths_are_rebased_on_the_build_folder()
        {
            using var dir = new TempDirectory();
            var (_, root) = Render(dir, Original);
            Assert.AreEqual("../../python/app", Scalar(((YamlMapping)Resource(root, "Python")["Properties"]!)["CodeUri"]));
            Assert.AreEqual("../../layers/common", Scalar(((YamlMapping)Resource(root, "Layer")["Properties"]!)["ContentUri"]));
            Assert.AreEqual("s3://bucket/key.zip", Scalar(((YamlMapping)Resource(root, "Remote")["Properties"]!)["CodeUri"]));
            Assert.AreEqual("../../rust", Scalar(((YamlMapping)((YamlMapping)root["Globals"]!)["Function"]!)["CodeUri"]));
        }

        [TestMethod]
        public void A_JSON_template_is_written_as_block_YAML_that_reads_back()
        {
            using var dir = new TempDirectory();
            var (text, root) = Render(dir, @"{""Resources"": {""RustOwn"": {""Type"": ""AWS::Serverless::Function"", ""Properties"": {""CodeUri"": ""."", ""Handler"": ""bootstrap"", ""Runtime"": ""provided.al2023""}, ""Metadata"": {""BuildMethod"": ""rust-cargolambda""}}}}", "template.json");
            Assert.IsFalse(text.Contains("{"), text);
            Assert.AreEqual("RustOwn", Scalar(((YamlMapping)Resource(root, "RustOwn")["Properties"]!)["CodeUri"]));
        }

        [TestMethod]
        public void A_local_nested_application_points_at_its_rewritten_template_and_a_remote_one_is_kept()
        {
            using var dir = new TempDirectory();
            string path = dir.Write("template.yaml", @"Resources:
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: apps/app.yaml
      Parameters: { Stage: dev }
  Stack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: stacks/stack.yaml
  Sar:
    Type: AWS::Serverless::Application
    Properties:
      Location: { ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x, SemanticVersion: 1.0.0 }
  Unbuilt:
    Type: AWS::Serverless::Application
    Properties:
      Location: other/app.yaml
");
            string build = dir.Combine(".aws-sam", "build");
            string text = SamBuildTemplateWriter.Render(path, build, new Dictionary<string, string>(),
                new Dictionary<string, string> { ["App"] = "App/template.yaml", ["Stack"] = "Stack/template.yaml" });
            var root = (YamlMapping)YamlDocumentReader.Parse(text)!;
            Assert.AreEqual("App/template.yaml", Scalar(((YamlMapping)Resource(root, "App")["Properties"]!)["Location"]));
            Assert.AreEqual("dev", Scalar(((YamlMapping)((YamlMapping)Resource(root, "App")["Properties"]!)["Parameters"]!)["Stage"]));
            Assert.AreEqual("Stack/template.yaml", Scalar(((YamlMapping)Resource(root, "Stack")["Properties"]!)["TemplateURL"]));
            Assert.IsInstanceOfType(((YamlMapping)Resource(root, "Sar")["Properties"]!)["Location"], typeof(YamlMapping));
            Assert.AreEqual("../../other/app.yaml", Scalar(((YamlMapping)Resource(root, "Unbuilt")["Properties"]!)["Location"]), "one not built is re-based, as before");
        }

        [TestMethod]
        public void Each_stack_of_a_tree_is_rendered_into_its_own_folder_children_first()
        {
            using var dir = new TempDirectory();
            string root = dir.Write("template.yaml", "Resources:\n  Top: { Type: AWS::Serverless::Function, Properties: { CodeUri: . } }\n  App: { Type: AWS::Serverless::Application, Properties: { Location: app/t.yaml } }\n");
            string child = dir.Write("app/t.yaml", "Resources:\n  Fn: { Type: AWS::Serverless::Function, Properties: { CodeUri: src } }\n  Left: { Type: AWS::Serverless::Function, Properties: { CodeUri: other } }\n");
            string build = dir.Combine(".aws-sam", "build");
            var rendered = SamBuildStackTemplates.Render(new[]
            {
                new SamBuildStackTemplate(root, "", new[] { "App" }),
                new SamBuildStackTemplate(child, "App", new string[0]),
            }, build, new[] { "Top", "App/Fn" });
            CollectionAssert.AreEqual(new[] { dir.Combine(".aws-sam", "build", "App", "template.yaml"), dir.Combine(".aws-sam", "build", "template.yaml") }, rendered.Select(r => r.OutputPath).ToList());
            var childRoot = (YamlMapping)YamlDocumentReader.Parse(rendered[0].Text)!;
            Assert.AreEqual("Fn", Scalar(((YamlMapping)Resource(childRoot, "Fn")["Properties"]!)["CodeUri"]));
            Assert.AreEqual("../../../app/other", Scalar(((YamlMapping)Resource(childRoot, "Left")["Properties"]!)["CodeUri"]));
            var parent = (YamlMapping)YamlDocumentReader.Parse(rendered[1].Text)!;
            Assert.AreEqual("Top", Scalar(((YamlMapping)Resource(parent, "Top")["Properties"]!)["CodeUri"]));
            Assert.AreEqual("App/template.yaml", Scalar(((YamlMapping)Resource(parent, "App")["Properties"]!)["Location"]));
        }

        [TestMethod]
        [DataRow("/a/b", "/a/b/c/d", "c/d")]
        [DataRow("/a/b/.aws-sam/build", "/a/b/src", "../../src")]
        [DataRow("/a/b", "/a/b", ".")]
        public void RelativePath_walks_up_and_down(string from, string to, string expected) =>
            Assert.AreEqual(expected, SamBuildTemplateWriter.RelativePath(from, to));
    }
}
