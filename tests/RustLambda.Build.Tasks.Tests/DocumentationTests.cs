using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tests
{
    /// <summary>The README is the user's reference: every diagnostic code and every public property must be in it.</summary>
    [TestClass]
    public class DocumentationTests
    {
        private static string RepoFile(params string[] parts) => RepositoryRoot.File(parts);

        [TestMethod]
        public void Every_diagnostic_code_has_a_row_in_the_README_error_table()
        {
            string readme = File.ReadAllText(RepoFile("README.md"));
            var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
            Assert.IsTrue(codes.Count > 30);
            foreach (var code in codes)
            {
                StringAssert.Matches(readme, new Regex(@"^\| " + code + @" \| ", RegexOptions.Multiline), $"README has no row for {code}");
            }
            var documented = Regex.Matches(readme, @"^\| (RL\d{4}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
            CollectionAssert.AreEquivalent(codes, documented.ToList(), "the table lists exactly the codes the SDK has");
        }

        [TestMethod]
        public void Every_public_property_defaulted_in_Sdk_props_has_a_comment_and_a_README_row()
        {
            string props = File.ReadAllText(RepoFile("sdk", "RustLambda.Sdk", "Sdk", "Sdk.props"));
            string readme = File.ReadAllText(RepoFile("README.md"));
            var properties = Regex.Matches(props, @"<((?:Sam|RustLambda)\w+) Condition=").Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.IsTrue(properties.Count >= 12, string.Join(", ", properties));
            foreach (var property in properties)
            {
                StringAssert.Contains(readme, "`" + property + "`", $"README does not document {property}");
                StringAssert.Matches(props, new Regex(@"<!--[^\n]*-->\s*<" + property + " Condition="), $"{property} has no comment where it is defaulted");
            }
        }
    }
}
