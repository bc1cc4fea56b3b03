using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tests.Building
{
    [TestClass]
    public class BuilderSelectionTests
    {
        private static readonly HostPlatform LinuxX64 = new HostPlatform(true, "x86_64");
        private static readonly HostPlatform Windows = new HostPlatform(false, "x86_64");

        private static BuilderKind? Choose(string? requested, string? cargoLambda, string[] archs, HostPlatform host, out DiagnosticBag d)
        {
            d = new DiagnosticBag();
            return BuilderSelection.Choose(requested, "/c/cargo", cargoLambda, archs, host, "HELP", d);
        }

        [TestMethod]
        public void Auto_prefers_cargo_lambda_then_plain_cargo_where_it_serves()
        {
            Assert.AreEqual(BuilderKind.CargoLambda, Choose(null, "/c/cargo-lambda", new[] { "x86_64" }, LinuxX64, out _));
            Assert.AreEqual(BuilderKind.Cargo, Choose("auto", null, new[] { "x86_64" }, LinuxX64, out _));
            Assert.AreEqual(BuilderKind.Cargo, Choose("auto", null, new[] { "arm64", "x86_64" }, LinuxX64, out _), "plain cargo cross-builds arm64 on Linux");
            Assert.IsNull(Choose(null, null, new[] { "x86_64" }, Windows, out var d));
            Assert.AreEqual(DiagnosticCodes.NoUsableBuilder, d.Items.Single().Code);
            StringAssert.Contains(d.Items.Single().Message, "HELP");
        }

        [TestMethod]
        public void Explicit_builders_are_checked()
        {
            Assert.IsNull(Choose("cargo-lambda", null, new[] { "x86_64" }, LinuxX64, out var d1));
            Assert.AreEqual(DiagnosticCodes.CargoLambdaNotFound, d1.Items.Single().Code);
            Assert.AreEqual(BuilderKind.Cargo, Choose("cargo", "/c/cargo-lambda", new[] { "arm64" }, LinuxX64, out _));
            Assert.IsNull(Choose("cargo", "/c/cargo-lambda", new[] { "arm64" }, Windows, out var d2));
            Assert.AreEqual(DiagnosticCodes.CargoBuilderCannotTarget, d2.Items.Single().Code);
            Assert.AreEqual(BuilderKind.Cargo, Choose("Cargo", "/c/cargo-lambda", new[] { "x86_64" }, LinuxX64, out _));
            Assert.IsNull(Choose("zigbuild", null, new[] { "x86_64" }, LinuxX64, out var d3));
            Assert.AreEqual(DiagnosticCodes.InvalidBuilder, d3.Items.Single().Code);
        }
    }
}
