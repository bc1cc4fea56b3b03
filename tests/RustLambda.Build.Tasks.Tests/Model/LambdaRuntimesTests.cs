using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Model;

namespace RustLambda.Build.Tests.Model
{
    [TestClass]
    public class LambdaRuntimesTests
    {
        [TestMethod]
        public void Al2_after_its_dates_warns_in_the_past_tense_with_the_way_out()
        {
            string warning = LambdaRuntimes.LifecycleWarning(LambdaRuntimes.Find(LambdaRuntimes.Al2)!, new DateTime(2026, 11, 24))!;
            StringAssert.Contains(warning, "is deprecated since 2026-06-30");
            StringAssert.Contains(warning, "has blocked creating functions since 2026-07-31");
            StringAssert.Contains(warning, "has blocked updating them since 2026-08-31");
            StringAssert.Contains(warning, "Runtime: provided.al2023");
        }

        [TestMethod]
        public void Al2_shortly_before_its_dates_warns_in_the_future_tense_and_al2023_is_quiet()
        {
            string warning = LambdaRuntimes.LifecycleWarning(LambdaRuntimes.Find(LambdaRuntimes.Al2)!, new DateTime(2026, 3, 1))!;
            StringAssert.Contains(warning, "will be deprecated on 2026-06-30");
            StringAssert.Contains(warning, "blocks creating functions from 2026-07-31");
            Assert.IsNull(LambdaRuntimes.LifecycleWarning(LambdaRuntimes.Find(LambdaRuntimes.Al2)!, new DateTime(2025, 1, 1)));
            Assert.IsNull(LambdaRuntimes.LifecycleWarning(LambdaRuntimes.Find(LambdaRuntimes.Al2023)!, new DateTime(2026, 11, 24)));
        }

        [TestMethod]
        public void The_template_reader_warns_for_al2_and_refuses_Amazon_Linux_1()
        {
            using var dir = new TempDirectory();
            string path = dir.Write("template.yaml", "Resources:" + Template.TemplateTestHelper.Function.Replace("provided.al2023", "provided.al2") + Template.TemplateTestHelper.Function.Replace("  Fn:", "  Old:").Replace("provided.al2023", "provided"));
            var diagnostics = new DiagnosticBag();
            new RustLambda.Build.Template.SamTemplateReader(diagnostics) { Today = new DateTime(2026, 11, 24) }.Read(path, new System.Collections.Generic.Dictionary<string, string>(), new string[0]);
            var warning = diagnostics.Items.Single(d => d.Severity == DiagnosticSeverity.Warning);
            Assert.AreEqual(DiagnosticCodes.DeprecatedRuntime, warning.Code);
            Assert.AreEqual(7, warning.Line);
            var error = diagnostics.Items.Single(d => d.Severity == DiagnosticSeverity.Error);
            Assert.AreEqual(DiagnosticCodes.UnsupportedRuntime, error.Code);
            StringAssert.Contains(error.Message, "Amazon Linux 1");
        }
    }
}
