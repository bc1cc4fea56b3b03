using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;

namespace RustLambda.Build.Tests.Building
{
    [TestClass]
    public class ToolLocatorTests
    {
        [TestMethod]
        public void Searches_explicit_then_CARGO_then_PATH_then_cargo_home_then_home()
        {
            var files = new HashSet<string>();
            var env = new Dictionary<string, string> { ["PATH"] = "/p1:/p2", ["CARGO_HOME"] = "/ch", ["HOME"] = "/home/u" };
            var locator = new ToolLocator(n => env.TryGetValue(n, out var v) ? v : null, isWindows: false, isFile: files.Contains);
            Assert.IsNull(locator.FindCargo(null));
            files.Add("/home/u/.cargo/bin/cargo");
            Assert.AreEqual("/home/u/.cargo/bin/cargo", locator.FindCargo(null), "Visual Studio's PATH may lack ~/.cargo/bin");
            files.Add("/ch/bin/cargo");
            Assert.AreEqual("/ch/bin/cargo", locator.FindCargo(null));
            files.Add("/p2/cargo");
            Assert.AreEqual("/p2/cargo", locator.FindCargo(null));
            files.Add("/env/cargo");
            env["CARGO"] = "/env/cargo";
            Assert.AreEqual("/env/cargo", locator.FindCargo(null));
            Assert.AreEqual(Path.GetFullPath("/explicit/cargo"), locator.FindCargo("/explicit/cargo"));
        }

        [TestMethod]
        public void Finds_cargo_lambda_beside_cargo_as_a_last_resort()
        {
            var files = new HashSet<string> { "/tools/cargo-lambda" };
            var locator = new ToolLocator(_ => null, isWindows: false, isFile: files.Contains);
            Assert.IsNull(locator.FindCargoLambda(null, null));
            Assert.AreEqual("/tools/cargo-lambda", locator.FindCargoLambda(null, "/tools/cargo"));
        }

        [TestMethod]
        public void Windows_names_have_exe()
        {
            var files = new HashSet<string> { Path.Combine(@"C:\Users\u", ".cargo", "bin", "cargo.exe") };
            var locator = new ToolLocator(n => n == "USERPROFILE" ? @"C:\Users\u" : null, isWindows: true, isFile: files.Contains);
            Assert.AreEqual(files.Single(), locator.FindCargo(null));
        }
    }
}
