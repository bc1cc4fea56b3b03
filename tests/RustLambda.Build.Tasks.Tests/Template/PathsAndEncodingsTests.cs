using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tests.Template
{
    /// <summary>
    /// Odd but valid inputs that must simply work: spaces and non-ASCII letters in every path, byte order marks, CRLF and
    /// UTF-16 files. And the template's location going wrong (a folder, a missing file, an impossible path): one RL0001 each.
    /// </summary>
    [TestClass]
    public class PathsAndEncodingsTests
    {
        private const string Template = @"Resources:
  Books:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: CODEURI
      Handler: bootstrap
      Runtime: provided.al2023
      Architectures: [arm64]
    Metadata:
      BuildMethod: rust-cargolambda
      BuildProperties: { Binary: bücher }
";

        private static (SamTemplate? Template, DiagnosticBag Diagnostics) Read(string path)
        {
            var diagnostics = new DiagnosticBag();
            var template = Hardened.Run(() => new SamTemplateReader(diagnostics).Read(path, new Dictionary<string, string>(), new string[0]), path);
            Hardened.AssertWellFormed(diagnostics);
            return (template, diagnostics);
        }

        [TestMethod]
        [DataRow("Bücher Ω", "Fünf Crates/mein crate", DisplayName = "Works: spaces and non-ASCII in template folder, CodeUri and crate folder")]
        [DataRow("with space", "a b/c d", DisplayName = "Works: spaces in every path")]
        [DataRow("日本語", "クレート", DisplayName = "Works: CJK folder names")]
        [DataRow("Ωmega", ".", DisplayName = "Works: CodeUri '.' in a non-ASCII folder")]
        public void Spaces_and_non_ASCII_letters_in_every_path_work(string templateFolder, string codeUri)
        {
            using var dir = new TempDirectory();
            string root = Path.Combine(dir.Path, templateFolder);
            string crate = Path.GetFullPath(Path.Combine(root, codeUri));
            Directory.CreateDirectory(Path.Combine(crate, "src", "bin"));
            File.WriteAllText(Path.Combine(crate, "Cargo.toml"), "[package]\nname = \"bücherei\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[[bin]]\nname = \"bücher\"\npath = \"src/bin/bücher.rs\"\n");
            File.WriteAllText(Path.Combine(crate, "src", "bin", "bücher.rs"), "fn main() {}\n");
            string templatePath = Path.Combine(root, "template.yaml");
            File.WriteAllText(templatePath, Template.Replace("CODEURI", codeUri.Contains(' ') ? $"\"{codeUri}\"" : codeUri));
            var before = Hardened.Snapshot(dir.Path);

            var locate = new DiagnosticBag();
            Assert.AreEqual(templatePath, SamTemplateReader.Locate(root, null, locate));
            Assert.AreEqual(templatePath, SamTemplateReader.Locate(dir.Path, Path.Combine(templateFolder, "template.yaml"), locate));
            Assert.AreEqual(0, locate.Items.Count, string.Join("\n", locate.Items));

            var (template, diagnostics) = Read(templatePath);
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            var function = template!.Functions.Single();
            Assert.AreEqual(crate, function.CodeDirectory);
            Assert.AreEqual("bücher", function.Binary);

            var reader = new CargoManifestReader();
            var cargo = new DiagnosticBag();
            var project = Hardened.Run(() => reader.LoadProject(function.CodeDirectory, cargo, templatePath, function.CodeUriLine), "LoadProject");
            var binary = Hardened.Run(() => project == null ? null : reader.SelectBinary(project, function.Binary, function.LogicalId, cargo, templatePath, function.BinaryLine), "SelectBinary");
            Assert.AreEqual(0, cargo.Items.Count, string.Join("\n", cargo.Items));
            Assert.AreEqual("bücher", binary!.Name);
            Assert.AreEqual(Path.Combine(crate, "src", "bin", "bücher.rs"), binary.SourcePath);
            Hardened.AssertUnchanged(before, dir.Path);
        }

        [TestMethod]
        [DataRow("utf-8 BOM", "\n", "yaml", DisplayName = "Works: YAML with a UTF-8 byte order mark")]
        [DataRow("utf-8 BOM", "\r\n", "yaml", DisplayName = "Works: YAML with a byte order mark and CRLF line ends")]
        [DataRow("utf-8", "\r\n", "yaml", DisplayName = "Works: YAML with CRLF line ends")]
        [DataRow("utf-8", "\r", "yaml", DisplayName = "Works: YAML with old Mac CR line ends")]
        [DataRow("utf-16LE", "\r\n", "yaml", DisplayName = "Works: UTF-16 little-endian YAML with its byte order mark")]
        [DataRow("utf-16BE", "\n", "yaml", DisplayName = "Works: UTF-16 big-endian YAML with its byte order mark")]
        [DataRow("utf-8 BOM", "\r\n", "json", DisplayName = "Works: JSON with a byte order mark and CRLF line ends")]
        [DataRow("utf-8", "\n", "json", DisplayName = "Works: JSON")]
        public void Byte_order_marks_line_ends_and_UTF16_work(string encoding, string newline, string format)
        {
            using var dir = new TempDirectory("Bücher Ω");
            Directory.CreateDirectory(dir.Combine("Fünf Ω"));
            string text = format == "json"
                ? "{\n  \"Resources\": {\n    \"Books\": {\n      \"Type\": \"AWS::Serverless::Function\",\n      \"Properties\": { \"CodeUri\": \"Fünf Ω\", \"Handler\": \"bootstrap\", \"Runtime\": \"provided.al2023\", \"Environment\": { \"Variables\": { \"GREETING\": \"Grüße\" } } },\n      \"Metadata\": { \"BuildMethod\": \"rust-cargolambda\" }\n    }\n  }\n}\n"
                : "Resources:\n  Books:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: Fünf Ω\n      Handler: bootstrap\n      Runtime: provided.al2023\n      Environment:\n        Variables:\n          GREETING: Grüße\n    Metadata:\n      BuildMethod: rust-cargolambda\n";
            text = text.Replace("\n", newline);
            Encoding enc = encoding switch
            {
                "utf-8 BOM" => new UTF8Encoding(true),
                "utf-16LE" => new UnicodeEncoding(false, true),
                "utf-16BE" => new UnicodeEncoding(true, true),
                _ => new UTF8Encoding(false),
            };
            string path = dir.Combine("template." + format);
            File.WriteAllBytes(path, enc.GetPreamble().Concat(enc.GetBytes(text)).ToArray());
            var before = Hardened.Snapshot(dir.Path);

            var (template, diagnostics) = Read(path);

            Hardened.AssertUnchanged(before, dir.Path);
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            var function = template!.Functions.Single();
            Assert.AreEqual(dir.Combine("Fünf Ω"), function.CodeDirectory);
            Assert.AreEqual("Grüße", function.EnvironmentVariables["GREETING"]);
            Assert.AreEqual(format == "json" ? 3 : 2, function.Line, "line numbers count CRLF and CR line ends once");
        }

        [TestMethod]
        public void Works_a_template_full_of_odd_but_valid_YAML()
        {
            using var dir = new TempDirectory();
            string path = dir.Write("template.yaml", @"%YAML 1.1
---
# comments everywhere
Parameters: { Arch: { Type: String, Default: arm64 } }
Globals:
  Function: &defaults
    Runtime: !!str provided.al2023
    Handler: !<tag:yaml.org,2002:str> bootstrap
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      <<: *defaults
      CodeUri: '.'
      Architectures: [ !Ref Arch ]
      Timeout: 0x1E
      MemorySize: ""128""
      Environment: { Variables: { Τ: ""\u00e9\t\""quoted\"""" , EMPTY: , ARN: !GetAtt Other.Arn } }
    Metadata: { BuildMethod: rust-cargolambda, Unknown: !Whatever { a: [1, 2] } }
  Other: { Type: AWS::SNS::Topic, Properties: { TopicName: !Sub '${AWS::StackName}' } }
Outputs: { Out: { Value: !If [Cond, !Ref Fn, !Ref 'AWS::NoValue'] } }
...
");
            var (template, diagnostics) = Read(path);
            // Timeout 0x1E is not a decimal number, which is the one thing wrong here.
            var error = Hardened.Single(diagnostics, DiagnosticCodes.WrongType, "Timeout of Fn must be a positive whole number, but is '0x1E'", path, 16);
            Assert.IsNull(template, error.ToString());

            File.WriteAllText(path, File.ReadAllText(path).Replace("0x1E", "30"));
            (template, diagnostics) = Read(path);
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            var function = template!.Functions.Single();
            Assert.AreEqual("arm64", function.Architecture);
            Assert.AreEqual(30, function.TimeoutSeconds);
            Assert.AreEqual(128, function.MemorySizeMb);
            Assert.AreEqual("é\t\"quoted\"", function.EnvironmentVariables["Τ"]);
            Assert.AreEqual("", function.EnvironmentVariables["EMPTY"]);
            Assert.IsFalse(function.EnvironmentVariables.ContainsKey("ARN"), "a value only CloudFormation knows is left out");
        }

        [TestMethod]
        public void Template_location_SamTemplate_is_a_folder()
        {
            using var dir = new TempDirectory();
            Directory.CreateDirectory(dir.Combine("Bücher Ω"));
            var diagnostics = new DiagnosticBag();
            Assert.IsNull(Hardened.Run(() => SamTemplateReader.Locate(dir.Path, "Bücher Ω", diagnostics), "Locate"));
            Hardened.Single(diagnostics, DiagnosticCodes.TemplateNotFound, "SamTemplate 'Bücher Ω' is a folder");
        }

        [TestMethod]
        public void Template_location_Read_given_a_folder()
        {
            using var dir = new TempDirectory();
            var (template, diagnostics) = Read(dir.Path);
            Assert.IsNull(template);
            Hardened.Single(diagnostics, DiagnosticCodes.TemplateNotFound, "is a folder; set SamTemplate to the template file in it", dir.Path, 0);
        }

        [TestMethod]
        public void Template_location_Read_given_a_missing_file()
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("template.yaml");
            var (template, diagnostics) = Read(path);
            Assert.IsNull(template);
            Hardened.Single(diagnostics, DiagnosticCodes.TemplateNotFound, "does not exist", path, 0);
        }

        [TestMethod]
        public void Template_location_SamTemplate_is_missing()
        {
            using var dir = new TempDirectory();
            var diagnostics = new DiagnosticBag();
            Assert.IsNull(Hardened.Run(() => SamTemplateReader.Locate(dir.Path, "nope/template.yaml", diagnostics), "Locate"));
            Hardened.Single(diagnostics, DiagnosticCodes.TemplateNotFound, "SamTemplate 'nope/template.yaml' does not exist");
        }

        [TestMethod]
        public void Template_location_SamTemplate_holds_a_NUL()
        {
            using var dir = new TempDirectory();
            var diagnostics = new DiagnosticBag();
            Assert.IsNull(Hardened.Run(() => SamTemplateReader.Locate(dir.Path, "temp\0late.yaml", diagnostics), "Locate"));
            Hardened.Single(diagnostics, DiagnosticCodes.TemplateNotFound, "is not a valid path");
        }

        [TestMethod]
        public void Template_location_no_template_beside_the_project()
        {
            using var dir = new TempDirectory("Bücher Ω");
            Directory.CreateDirectory(dir.Combine("template.yaml"));
            var diagnostics = new DiagnosticBag();
            Assert.IsNull(Hardened.Run(() => SamTemplateReader.Locate(dir.Path, null, diagnostics), "Locate"));
            Hardened.Single(diagnostics, DiagnosticCodes.TemplateNotFound, "looked for template.yaml, template.yml, template.json");
        }

        [TestMethod]
        public void A_10_MB_scalar_is_read_in_bounded_time()
        {
            using var dir = new TempDirectory();
            string path = dir.Write("template.yaml", "Description: \"" + new string('d', 10_000_000) + "\"\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n" +
                "    Properties: { CodeUri: ., Handler: bootstrap, Runtime: provided.al2023 }\n    Metadata: { BuildMethod: rust-cargolambda }\n");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (template, diagnostics) = Read(path);
            watch.Stop();
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            Assert.AreEqual(1, template!.Functions.Count);
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        }
    }
}
