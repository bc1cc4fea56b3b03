using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tests.Diagnostics
{
    [TestClass]
    public class DiagnosticsTests
    {
        [TestMethod]
        public void Quoted_user_text_has_control_characters_escaped_but_tabs_kept()
        {
            Assert.AreEqual("a\\u001B[31mb\\u0000c\\u0085d\te", RustLambda.Build.Diagnostics.MessageText.Shorten("a\u001B[31mb\u0000c\u0085d\te"));
        }

        [TestMethod]
        public void ToString_uses_the_msbuild_canonical_form()
        {
            var bag = new DiagnosticBag();
            bag.Error("RL0001", "something is wrong", "/x/template.yaml", 3, 5);
            Assert.IsTrue(bag.HasErrors);
            Assert.AreEqual("/x/template.yaml(3,5): error RL0001: something is wrong", bag.Items[0].ToString());
        }
    }
}
