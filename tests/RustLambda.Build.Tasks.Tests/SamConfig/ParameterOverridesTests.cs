using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;

namespace RustLambda.Build.Tests.SamConfig
{
    [TestClass]
    public class ParameterOverridesTests
    {
        [TestMethod]
        public void Parses_pairs_quotes_and_the_CloudFormation_form()
        {
            var diagnostics = new DiagnosticBag();
            var result = ParameterOverrides.Parse("Stage=dev  Greeting=\"hello world\" Name='a b' ParameterKey=Arch,ParameterValue=arm64 Empty=", diagnostics);
            Assert.IsFalse(diagnostics.HasErrors);
            Assert.AreEqual("dev", result["Stage"]);
            Assert.AreEqual("hello world", result["Greeting"]);
            Assert.AreEqual("a b", result["Name"]);
            Assert.AreEqual("arm64", result["Arch"]);
            Assert.AreEqual("", result["Empty"]);
        }

        [TestMethod]
        [DataRow("novalue", "not Name=value")]
        [DataRow("=x", "not Name=value")]
        [DataRow("A=\"open", "unclosed")]
        [DataRow("ParameterKey=A", "ParameterValue")]
        public void Malformed_overrides_are_errors(string text, string expected)
        {
            var diagnostics = new DiagnosticBag();
            ParameterOverrides.Parse(text, diagnostics);
            var error = diagnostics.Items.Single();
            Assert.AreEqual(DiagnosticCodes.InvalidParameterOverrides, error.Code);
            StringAssert.Contains(error.Message, expected);
        }
    }
}
