using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;
using RustLambda.Build.Tests.Cargo;

namespace RustLambda.Build.Tests.Building
{
    /// <summary>
    /// RL0125: bin/&lt;id&gt;/ and .aws-sam/build/&lt;id&gt;/ of two names that differ only in case are one folder on Windows and
    /// macOS, so the build refuses them before writing anything, naming both and where they are.
    /// </summary>
    [TestClass]
    public class LogicalIdCaseClashTests
    {
        private const string Header = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n";

        private static string RustFunction(string id) => $@"  {id}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: crate
      Handler: bootstrap
      Runtime: provided.al2023
      Architectures: [x86_64]
    Metadata:
      BuildMethod: rust-cargolambda
";

        private static string Application(string id, string location) => $@"  {id}:
    Type: AWS::Serverless::Application
    Properties:
      Location: {location}
";

        /// <summary>1-based line of <paramref name="key"/> (a line of its own) in <paramref name="text"/>.</summary>
        private static int LineOf(string text, string key) =>
            text.Split('\n').Select((line, index) => (line, index)).Single(l => l.line == key).index + 1;

        private static DiagnosticBag Resolve(TempDirectory dir)
        {
            var diagnostics = new DiagnosticBag();
            BuildResolver.Resolve(new BuildRequest
            {
                ProjectDirectory = dir.Path,
                OutputDirectory = dir.Combine("bin"),
                IntermediateDirectory = dir.Combine("obj"),
                Builder = "cargo",
                CargoPath = dir.Write("tools/cargo", ""),
                SamBetaFeatures = "true",
                ForBuild = false,
            }, diagnostics, _ => { });
            return diagnostics;
        }

        private static void Crate(TempDirectory dir, string folder)
        {
            dir.Write(folder + "/crate/Cargo.toml", CargoTestTree.Package("handler"));
            dir.Write(folder + "/crate/src/main.rs", CargoTestTree.Main);
        }

        [TestMethod]
        public void Two_functions_differing_only_in_case_are_one_RL0125_naming_both_at_the_template_lines()
        {
            using var dir = new TempDirectory("case");
            string text = Header + RustFunction("Books") + RustFunction("Shelf") + RustFunction("BOOKS");
            string template = dir.Write("template.yaml", text);
            Crate(dir, ".");

            var diagnostics = Resolve(dir);

            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.LogicalIdsDifferOnlyInCase, error.Code, error.ToString());
            Assert.AreEqual(DiagnosticSeverity.Error, error.Severity);
            Assert.AreEqual(template, error.File);
            Assert.AreEqual(LineOf(text, "  BOOKS:"), error.Line, "at the second of the two");
            StringAssert.Contains(error.Message, $"Books (line {LineOf(text, "  Books:")})");
            StringAssert.Contains(error.Message, $"BOOKS (line {LineOf(text, "  BOOKS:")})");
            StringAssert.Contains(error.Message, "differ only in case");
            StringAssert.Contains(error.Message, "Rename one");
            Assert.IsFalse(error.Message.Contains("Shelf"), error.Message);
        }

        [TestMethod]
        public void Three_ids_alike_but_for_case_are_one_diagnostic_naming_all_three_in_template_order()
        {
            LambdaFunctionDefinition Function(string id, int line) => new LambdaFunctionDefinition { LogicalId = id, TemplatePath = "/t/template.yaml", Line = line };
            var diagnostics = new DiagnosticBag();

            bool clean = LogicalIdCaseClashes.Check(new[] { Function("fn", 30), Function("Fn", 10), Function("Other", 15), Function("FN", 20) },
                Array.Empty<SamStack>(), diagnostics);

            Assert.IsFalse(clean);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(("/t/template.yaml", 30), (error.File, error.Line));
            StringAssert.Contains(error.Message, "The logical ids Fn (line 10), FN (line 20) and fn (line 30) differ only in case");
        }

        [TestMethod]
        public void Ids_that_differ_in_more_than_case_pass()
        {
            using var dir = new TempDirectory("case");
            dir.Write("template.yaml", Header + RustFunction("Books") + RustFunction("Books2"));
            Crate(dir, ".");

            var diagnostics = Resolve(dir);

            Assert.IsFalse(diagnostics.Items.Any(d => d.Code == DiagnosticCodes.LogicalIdsDifferOnlyInCase), string.Join(Environment.NewLine, diagnostics.Items));
        }

        [TestMethod]
        public void A_clash_inside_a_nested_application_points_at_the_nested_template_and_names_the_full_paths()
        {
            using var dir = new TempDirectory("case");
            dir.Write("template.yaml", Header + Application("App", "app/template.yaml"));
            string nestedText = Header + RustFunction("Fn") + RustFunction("FN");
            string nested = dir.Write("app/template.yaml", nestedText);
            Crate(dir, "app");

            var error = Resolve(dir).Items.Single();

            Assert.AreEqual(DiagnosticCodes.LogicalIdsDifferOnlyInCase, error.Code, error.ToString());
            Assert.AreEqual(nested, error.File, "the line is in the nested template, so the file must be too");
            Assert.AreEqual(LineOf(nestedText, "  FN:"), error.Line);
            StringAssert.Contains(error.Message, $"App/Fn (line {LineOf(nestedText, "  Fn:")})");
            StringAssert.Contains(error.Message, $"App/FN (line {LineOf(nestedText, "  FN:")})");
        }

        [TestMethod]
        public void Two_nested_applications_differing_only_in_case_are_one_RL0125_for_their_stack_folders()
        {
            using var dir = new TempDirectory("case");
            string text = Header + Application("App", "one/template.yaml") + Application("APP", "two/template.yaml");
            string template = dir.Write("template.yaml", text);
            dir.Write("one/template.yaml", Header + RustFunction("Fn"));
            dir.Write("two/template.yaml", Header + RustFunction("Fn"));
            Crate(dir, "one");
            Crate(dir, "two");

            var diagnostics = Resolve(dir);

            var error = diagnostics.Items.Single(d => d.Code == DiagnosticCodes.LogicalIdsDifferOnlyInCase);
            Assert.AreEqual(1, diagnostics.Items.Count, "App/Fn and APP/Fn clash only because App and APP do: " + string.Join(Environment.NewLine, diagnostics.Items));
            Assert.AreEqual(template, error.File);
            Assert.AreEqual(LineOf(text, "  APP:"), error.Line);
            StringAssert.Contains(error.Message, $"App (line {LineOf(text, "  App:")})");
            StringAssert.Contains(error.Message, $"APP (line {LineOf(text, "  APP:")})");
        }
    }
}
