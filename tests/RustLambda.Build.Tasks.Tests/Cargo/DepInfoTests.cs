using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;

namespace RustLambda.Build.Tests.Cargo
{
    [TestClass]
    public class DepInfoTests
    {
        private static readonly string Base = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "ws"));

        [TestMethod]
        public void Reads_the_prerequisites_of_cargo_output()
        {
            const string text = "/w/target/release/orders: /w/functions/orders/src/main.rs /w/shared/rt/src/lib.rs /w/shared/rt/src/http.rs\n";
            CollectionAssert.AreEqual(new[] { "/w/functions/orders/src/main.rs", "/w/shared/rt/src/lib.rs", "/w/shared/rt/src/http.rs" }.Select(Path.GetFullPath).ToArray(), DepInfo.Parse(text, Base).ToArray());
        }

        [TestMethod]
        public void Escaped_spaces_continuations_and_comments()
        {
            const string text = "/my\\ dir/target/debug/a: /my\\ dir/src/main.rs \\\n  /my\\ dir/src/Bücher\\ Ω.rs\n\n# env-dep:CARGO_PKG_NAME=a\n";
            CollectionAssert.AreEqual(new[] { "/my dir/src/main.rs", "/my dir/src/Bücher Ω.rs" }.Select(Path.GetFullPath).ToArray(), DepInfo.Parse(text, Base).ToArray());
        }

        [TestMethod]
        public void Windows_drive_letters_are_not_rule_separators()
        {
            const string text = @"C:\w\target\release\a.exe: C:\w\src\main.rs C:\w\src\lib.rs";
            var paths = DepInfo.Parse(text, Base);
            Assert.AreEqual(2, paths.Count);
            StringAssert.EndsWith(paths[0].Replace('\\', '/'), "main.rs");
            Assert.IsFalse(paths.Any(p => p.Contains("a.exe")), "the target is not an input");
        }

        [TestMethod]
        public void Relative_paths_resolve_against_the_base_and_duplicates_collapse()
        {
            const string text = "target/debug/a: src/main.rs src/main.rs\ntarget/debug/a.d: src/main.rs\n";
            CollectionAssert.AreEqual(new[] { Path.Combine(Base, "src", "main.rs") }, DepInfo.Parse(text, Base).ToArray());
        }

        [TestMethod]
        public void Garbage_yields_nothing_rather_than_failing()
        {
            Assert.AreEqual(0, DepInfo.Parse("no rule here\n\\\n::::\0\n", Base).Count(p => !p.StartsWith(Base)));
            Assert.AreEqual(0, DepInfo.Parse("", Base).Count);
        }
    }
}
