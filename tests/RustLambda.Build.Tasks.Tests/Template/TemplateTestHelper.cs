using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tests.Template
{
    internal static class TemplateTestHelper
    {
        /// <summary>Writes the template beside a "." code folder and reads it.</summary>
        public static (SamTemplate? Template, DiagnosticBag Diagnostics, string Path) Read(TempDirectory dir, string yaml, IDictionary<string, string>? overrides = null, string[]? selected = null, string fileName = "template.yaml")
        {
            string path = dir.Write(fileName, yaml);
            var diagnostics = new DiagnosticBag();
            var template = new SamTemplateReader(diagnostics).Read(path, new Dictionary<string, string>(overrides ?? new Dictionary<string, string>()), selected ?? new string[0]);
            return (template, diagnostics, path);
        }

        public static Diagnostic SingleError(DiagnosticBag diagnostics, string code)
        {
            var errors = diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.AreEqual(1, errors.Count, "expected exactly one error, got: " + string.Join(" | ", diagnostics.Items));
            Assert.AreEqual(code, errors[0].Code, errors[0].ToString());
            return errors[0];
        }

        public const string Function = @"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: bootstrap
      Runtime: provided.al2023
    Metadata:
      BuildMethod: rust-cargolambda
";
    }
}
