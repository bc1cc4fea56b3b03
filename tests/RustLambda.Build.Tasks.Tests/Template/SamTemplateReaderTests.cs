using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;
using static RustLambda.Build.Tests.Template.TemplateTestHelper;

namespace RustLambda.Build.Tests.Template
{
    [TestClass]
    public class SamTemplateReaderTests
    {
        [TestMethod]
        public void Reads_a_serverless_function_with_defaults()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, _) = Read(dir, "Resources:" + Function);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            var fn = template!.Functions.Single();
            Assert.AreEqual("Fn", fn.LogicalId);
            Assert.AreEqual("provided.al2023", fn.Runtime);
            Assert.AreEqual("x86_64", fn.Architecture, "absent Architectures means x86_64");
            Assert.AreEqual("bootstrap", fn.Handler);
            Assert.AreEqual(Path.GetFullPath(dir.Path), fn.CodeDirectory);
            Assert.IsNull(fn.Binary);
        }

        [TestMethod]
        public void Globals_supply_missing_properties_and_the_resource_wins()
        {
            using var dir = new TempDirectory();
            Directory.CreateDirectory(dir.Combine("fromglobals"));
            Directory.CreateDirectory(dir.Combine("own"));
            var (template, diagnostics, _) = Read(dir, @"
Globals:
  Function:
    Runtime: provided.al2
    Architectures: [arm64]
    CodeUri: fromglobals
    Handler: global-handler
    Timeout: 9
    Environment:
      Variables: { A: global, B: global }
Resources:
  UsesGlobals:
    Type: AWS::Serverless::Function
    Metadata: { BuildMethod: rust-cargolambda }
  OwnValues:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      Architectures: [x86_64]
      CodeUri: own
      Handler: bootstrap
      Environment:
        Variables: { B: own }
    Metadata: { BuildMethod: rust-cargolambda }
");
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            var g = template!.Functions.Single(f => f.LogicalId == "UsesGlobals");
            Assert.AreEqual("provided.al2", g.Runtime);
            Assert.AreEqual("arm64", g.Architecture);
            Assert.AreEqual("global-handler", g.Handler);
            Assert.AreEqual(dir.Combine("fromglobals"), g.CodeDirectory);
            Assert.AreEqual(9, g.TimeoutSeconds);
            var o = template.Functions.Single(f => f.LogicalId == "OwnValues");
            Assert.AreEqual("provided.al2023", o.Runtime);
            Assert.AreEqual("x86_64", o.Architecture);
            Assert.AreEqual("bootstrap", o.Handler);
            Assert.AreEqual(dir.Combine("own"), o.CodeDirectory);
            Assert.AreEqual("global", o.EnvironmentVariables["A"]);
            Assert.AreEqual("own", o.EnvironmentVariables["B"], "environment maps merge key by key, the function winning");
        }

        [TestMethod]
        public void Other_resources_and_functions_with_other_build_methods_are_left_alone()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, _) = Read(dir, @"
Resources:
  Table: { Type: AWS::DynamoDB::Table, Properties: { BillingMode: !Ref Whatever } }
  PythonFn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: s3://bucket/key, Handler: app.handler, Runtime: python3.12 }
  Layer: { Type: AWS::Serverless::LayerVersion, Metadata: { BuildMethod: rust-cargolambda } }" + Function);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            CollectionAssert.AreEqual(new[] { "Fn" }, template!.Functions.Select(f => f.LogicalId).ToArray());
        }

        [TestMethod]
        public void Reads_an_AWS_Lambda_Function_with_a_local_Code_path()
        {
            using var dir = new TempDirectory();
            Directory.CreateDirectory(dir.Combine("rust"));
            var (template, diagnostics, _) = Read(dir, @"
Resources:
  Plain:
    Type: AWS::Lambda::Function
    Properties: { Code: rust, Handler: bootstrap, Runtime: provided.al2023, Architectures: [arm64] }
    Metadata: { BuildMethod: rust-cargolambda, BuildProperties: { Binary: handler } }
");
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            var fn = template!.Functions.Single();
            Assert.AreEqual("AWS::Lambda::Function", fn.ResourceType);
            Assert.AreEqual(dir.Combine("rust"), fn.CodeDirectory);
            Assert.AreEqual("handler", fn.Binary);
            Assert.AreEqual("arm64", fn.Architecture);
        }

        [TestMethod]
        public void Reads_JSON_templates()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, _) = Read(dir, @"{
  ""Parameters"": { ""Arch"": { ""Type"": ""String"", ""Default"": ""arm64"" } },
  ""Resources"": {
    ""JsonFn"": {
      ""Type"": ""AWS::Serverless::Function"",
      ""Properties"": { ""CodeUri"": ""."", ""Handler"": ""bootstrap"", ""Runtime"": ""provided.al2023"", ""Architectures"": [ { ""Ref"": ""Arch"" } ] },
      ""Metadata"": { ""BuildMethod"": ""rust-cargolambda"", ""BuildProperties"": { ""Binary"": ""json_fn"" } }
    }
  }
}", fileName: "template.json");
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            Assert.AreEqual("arm64", template!.Functions.Single().Architecture);
            Assert.AreEqual("json_fn", template.Functions.Single().Binary);
        }

        [TestMethod]
        public void Short_and_long_form_intrinsics_resolve_from_defaults_and_overrides()
        {
            using var dir = new TempDirectory();
            Directory.CreateDirectory(dir.Combine("fns", "dev"));
            const string yaml = @"
Parameters:
  Runtime: { Type: String, Default: provided.al2 }
  Stage: { Type: String, Default: prod }
  Bin: { Type: String, Default: from_default }
  Archs: { Type: CommaDelimitedList, Default: x86_64 }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: !Sub 'fns/${Stage}'
      Handler: !Join ['', [boot, strap]]
      Runtime: { Ref: Runtime }
      Architectures: !Ref Archs
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties: { Binary: !Ref Bin }
";
            var (template, diagnostics, _) = Read(dir, yaml, new Dictionary<string, string> { ["Stage"] = "dev", ["Archs"] = "arm64", ["Runtime"] = "provided.al2023" });
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            var fn = template!.Functions.Single();
            Assert.AreEqual(dir.Combine("fns", "dev"), fn.CodeDirectory);
            Assert.AreEqual("bootstrap", fn.Handler);
            Assert.AreEqual("provided.al2023", fn.Runtime);
            Assert.AreEqual("arm64", fn.Architecture);
            Assert.AreEqual("from_default", fn.Binary);
        }

        [TestMethod]
        public void An_unresolvable_Ref_names_the_resource_and_property()
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, path) = Read(dir, @"
Parameters:
  NoDefault: { Type: String }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: bootstrap, Runtime: !Ref NoDefault }
    Metadata: { BuildMethod: rust-cargolambda }
");
            var error = SingleError(diagnostics, DiagnosticCodes.Unresolvable);
            StringAssert.Contains(error.Message, "Runtime of Fn");
            StringAssert.Contains(error.Message, "SamParameterOverrides");
            Assert.AreEqual(path, error.File);
            Assert.AreEqual(7, error.Line);
        }

        [TestMethod]
        [DataRow("!GetAtt Other.Arn", "!GetAtt")]
        [DataRow("!If [IsProd, provided.al2, provided.al2023]", "!If")]
        [DataRow("!Ref AWS::Region", "AWS::Region")]
        [DataRow("!Ref SomeResource", "not a parameter")]
        [DataRow("!Unknown whatever", "!Unknown")]
        public void Intrinsics_only_CloudFormation_can_evaluate_are_reported(string runtime, string expected)
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, "Resources:" + Function.Replace("Runtime: provided.al2023", "Runtime: " + runtime));
            StringAssert.Contains(SingleError(diagnostics, DiagnosticCodes.Unresolvable).Message, expected);
        }

        [TestMethod]
        public void Unknown_tags_elsewhere_in_the_template_are_kept_as_data()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, _) = Read(dir, @"
Conditions:
  IsProd: !Equals [!Ref 'AWS::AccountId', '123']
Outputs:
  Arn: { Value: !GetAtt Fn.Arn, Export: { Name: !Sub '${AWS::StackName}-arn' } }
  Custom: !SomethingNobodyKnows { a: 1 }
Resources:" + Function);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            Assert.AreEqual(1, template!.Functions.Count);
        }

        [TestMethod]
        [DataRow("python3.12")]
        [DataRow("nodejs20.x")]
        [DataRow("provided.al2099")]
        public void Runtimes_other_than_provided_are_errors(string runtime)
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, "Resources:" + Function.Replace("provided.al2023", runtime));
            StringAssert.Contains(SingleError(diagnostics, DiagnosticCodes.UnsupportedRuntime).Message, runtime);
        }

        [TestMethod]
        [DataRow("[x86_64, arm64]", "exactly one")]
        [DataRow("[]", "exactly one")]
        [DataRow("[riscv64]", "riscv64")]
        [DataRow("x86_64", "must be a list")]
        [DataRow("{ a: b }", "must be a list")]
        public void Architectures_must_be_one_known_architecture(string value, string expected)
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, "Resources:" + Function.Replace("      Runtime: provided.al2023", "      Runtime: provided.al2023\n      Architectures: " + value));
            StringAssert.Contains(SingleError(diagnostics, DiagnosticCodes.InvalidArchitectures).Message, expected);
        }

        [TestMethod]
        public void A_missing_runtime_and_handler_are_errors_with_the_fix()
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, @"
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: . }
    Metadata: { BuildMethod: rust-cargolambda }
");
            var codes = diagnostics.Items.Select(d => d.Code).ToList();
            CollectionAssert.AreEquivalent(new[] { DiagnosticCodes.UnsupportedRuntime, DiagnosticCodes.MissingHandler }, codes);
            Assert.IsTrue(diagnostics.Items.All(d => d.Line == 3), "both point at the resource");
            StringAssert.Contains(diagnostics.Items.Single(d => d.Code == DiagnosticCodes.MissingHandler).Message, "Handler: bootstrap");
        }

        [TestMethod]
        [DataRow("CodeUri: s3://bucket/key.zip", "S3")]
        [DataRow("CodeUri: { Bucket: b, Key: k }", "S3")]
        [DataRow("CodeUri: nowhere", "does not exist")]
        [DataRow("CodeUri: template.yaml", "is a file")]
        public void CodeUri_must_be_a_local_folder(string codeUri, string expected)
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, "Resources:" + Function.Replace("CodeUri: .", codeUri));
            var error = SingleError(diagnostics, DiagnosticCodes.InvalidCodeUri);
            StringAssert.Contains(error.Message, expected);
            Assert.AreEqual(5, error.Line);
        }

        [TestMethod]
        public void A_scalar_BuildProperties_is_read_as_the_Binary_with_a_warning()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, _) = Read(dir, "Resources:" + Function.Replace("      BuildMethod: rust-cargolambda", "      BuildMethod: rust-cargolambda\n      BuildProperties: function_a"));
            Assert.AreEqual("function_a", template!.Functions.Single().Binary);
            var warning = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.ScalarBuildProperties, warning.Code);
            StringAssert.Contains(warning.Message, "BuildProperties: { Binary: function_a }");
        }

        [TestMethod]
        public void Logical_ids_must_be_alphanumeric()
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, "Resources:" + Function.Replace("  Fn:", "  My-Fn_1:"));
            StringAssert.Contains(SingleError(diagnostics, DiagnosticCodes.InvalidLogicalId).Message, "My-Fn_1");
        }

        [TestMethod]
        public void SamFunctions_selects_and_unknown_ids_list_the_known_ones()
        {
            using var dir = new TempDirectory();
            string yaml = "Resources:" + Function + Function.Replace("  Fn:", "  Other:") + @"
  Py:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: a.b, Runtime: python3.12 }";
            var (template, diagnostics, _) = Read(dir, yaml, selected: new[] { "Other" });
            Assert.IsFalse(diagnostics.HasErrors);
            CollectionAssert.AreEqual(new[] { "Other" }, template!.Functions.Select(f => f.LogicalId).ToArray());

            using var dir2 = new TempDirectory();
            var (_, unknown, _) = Read(dir2, yaml, selected: new[] { "Nope" });
            var error = SingleError(unknown, DiagnosticCodes.UnknownFunction);
            StringAssert.Contains(error.Message, "Fn, Other");

            using var dir3 = new TempDirectory();
            var (_, python, _) = Read(dir3, yaml, selected: new[] { "Py" });
            StringAssert.Contains(SingleError(python, DiagnosticCodes.UnknownFunction).Message, "not one with Metadata.BuildMethod");
        }

        [TestMethod]
        public void A_template_without_rust_functions_warns()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, _) = Read(dir, "Resources:\n  T: { Type: AWS::SNS::Topic }\n");
            Assert.AreEqual(0, template!.Functions.Count);
            Assert.AreEqual(DiagnosticCodes.NoRustFunctions, diagnostics.Items.Single().Code);
        }

        [TestMethod]
        [DataRow("", DiagnosticCodes.TemplateStructure, "empty")]
        [DataRow("# only a comment\n", DiagnosticCodes.TemplateStructure, "empty")]
        [DataRow("\uFEFF", DiagnosticCodes.TemplateStructure, "empty")]
        [DataRow("\uFEFF\uFEFF \n\t\n", DiagnosticCodes.TemplateStructure, "empty")]
        [DataRow(" \n\t \n", DiagnosticCodes.TemplateStructure, "empty")]
        [DataRow("- a\n- b\n", DiagnosticCodes.TemplateStructure, "top level is a list")]
        [DataRow("Resources: [a]\n", DiagnosticCodes.TemplateStructure, "Resources must be a mapping")]
        [DataRow("AWSTemplateFormatVersion: '2010-09-09'\n", DiagnosticCodes.TemplateStructure, "no Resources")]
        [DataRow("Resources:\n  A: [\n", DiagnosticCodes.TemplateUnreadable, "not valid YAML")]
        [DataRow("Resources:\n  A: 1\n  A: 2\n", DiagnosticCodes.TemplateUnreadable, "'A' appears twice")]
        [DataRow("{\"Resources\": {\"A\": 1,}", DiagnosticCodes.TemplateUnreadable, "not valid YAML")]
        [DataRow("a: *nothing\n", DiagnosticCodes.TemplateUnreadable, "refers to no anchor")]
        [DataRow("a: 1\n---\nb: 2\n", DiagnosticCodes.TemplateUnreadable, "more than one YAML document")]
        public void Malformed_templates_give_one_located_error(string text, string code, string expected)
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, path) = Read(dir, text);
            Assert.IsNull(template);
            var error = SingleError(diagnostics, code);
            StringAssert.Contains(error.Message, expected);
            Assert.AreEqual(path, error.File);
        }

        [TestMethod]
        public void Duplicate_keys_are_located_at_the_second_key()
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, "Resources:\n  A: 1\n  A: 2\n");
            var error = SingleError(diagnostics, DiagnosticCodes.TemplateUnreadable);
            Assert.AreEqual(3, error.Line);
            Assert.AreEqual(3, error.Column);
        }

        [TestMethod]
        public void An_alias_bomb_is_refused_quickly()
        {
            var yaml = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 12; i++)
            {
                yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
            }
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, yaml.ToString());
            StringAssert.Contains(SingleError(diagnostics, DiagnosticCodes.TemplateUnreadable).Message, "alias bomb");
        }

        [TestMethod]
        public void Deep_nesting_is_refused_without_overflowing_the_stack()
        {
            using var dir = new TempDirectory();
            var (_, diagnostics, _) = Read(dir, "Resources: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
            StringAssert.Contains(SingleError(diagnostics, DiagnosticCodes.TemplateUnreadable).Message, "deeper than");
        }

        [TestMethod]
        public void Byte_order_mark_and_CRLF_line_ends_are_accepted()
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("template.yaml");
            File.WriteAllText(path, ("Resources:" + Function).Replace("\n", "\r\n"), new System.Text.UTF8Encoding(true));
            var diagnostics = new DiagnosticBag();
            var template = new SamTemplateReader(diagnostics).Read(path, new Dictionary<string, string>(), new string[0]);
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            Assert.AreEqual(1, template!.Functions.Count);
        }

        [TestMethod]
        public void Merge_keys_and_anchors_work_as_in_YAML()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics, _) = Read(dir, @"
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: &common { CodeUri: ., Handler: bootstrap, Runtime: provided.al2023 }
    Metadata: { BuildMethod: rust-cargolambda }
  B:
    Type: AWS::Serverless::Function
    Properties:
      <<: *common
      Runtime: provided.al2
    Metadata: { BuildMethod: rust-cargolambda }
");
            Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
            Assert.AreEqual("provided.al2", template!.Functions.Single(f => f.LogicalId == "B").Runtime);
            Assert.AreEqual("bootstrap", template.Functions.Single(f => f.LogicalId == "B").Handler);
        }

        [TestMethod]
        [DataRow("Runtime: [provided.al2023]", DiagnosticCodes.WrongType, "Runtime of Fn must be a string")]
        [DataRow("Handler: { a: b }", DiagnosticCodes.WrongType, "Handler of Fn must be a string")]
        [DataRow("CodeUri: [a]", DiagnosticCodes.WrongType, "CodeUri of Fn must be a string")]
        [DataRow("Timeout: soon", DiagnosticCodes.WrongType, "Timeout of Fn must be a positive whole number")]
        [DataRow("MemorySize: -1", DiagnosticCodes.WrongType, "MemorySize of Fn")]
        [DataRow("Environment: [a]", DiagnosticCodes.WrongType, "Environment of Fn")]
        public void Wrong_types_are_reported_per_property(string property, string code, string expected)
        {
            using var dir = new TempDirectory();
            string yaml = "Resources:" + Function;
            string key = property.Substring(0, property.IndexOf(':'));
            yaml = yaml.Contains("      " + key + ":") ? System.Text.RegularExpressions.Regex.Replace(yaml, "      " + key + ":.*", "      " + property.Replace("$", "$$"))
                : yaml.Replace("      Runtime: provided.al2023", "      Runtime: provided.al2023\n      " + property);
            var (_, diagnostics, _) = Read(dir, yaml);
            StringAssert.Contains(SingleError(diagnostics, code).Message, expected);
        }

        [TestMethod]
        public void Locate_finds_default_names_and_reports_what_it_looked_for()
        {
            using var dir = new TempDirectory();
            var diagnostics = new DiagnosticBag();
            Assert.IsNull(SamTemplateReader.Locate(dir.Path, null, diagnostics));
            StringAssert.Contains(SingleError(diagnostics, DiagnosticCodes.TemplateNotFound).Message, "template.yaml, template.yml, template.json");

            dir.Write("template.yml", "x: 1");
            Assert.AreEqual(dir.Combine("template.yml"), SamTemplateReader.Locate(dir.Path, null, new DiagnosticBag()));

            Directory.CreateDirectory(dir.Combine("folder"));
            var folder = new DiagnosticBag();
            Assert.IsNull(SamTemplateReader.Locate(dir.Path, "folder", folder));
            StringAssert.Contains(SingleError(folder, DiagnosticCodes.TemplateNotFound).Message, "is a folder");
        }
    }
}
