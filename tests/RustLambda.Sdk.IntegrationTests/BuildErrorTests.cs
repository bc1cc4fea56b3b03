using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>What a user sees in `dotnet build` output when something is wrong: one RL (or rustc) error, never MSB4018.</summary>
    [TestClass]
    public class BuildErrorTests
    {
        [TestMethod]
        public void Without_the_beta_opt_in_the_build_fails_with_every_way_in()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var build = sandbox.Build("SingleFunction.csproj", "-p:SamBetaFeatures=");
            build.AssertFailedWith("RL0040");
            StringAssert.Contains(build.Output, "SAM_CLI_BETA_RUST_CARGO_LAMBDA=1");
            Assert.AreEqual(0, sandbox.CargoStarts.Count);

            var optedInByEnvironment = sandbox.Dotnet(new[] { "build", "SingleFunction.csproj", "-p:SamBetaFeatures=" },
                new System.Collections.Generic.Dictionary<string, string?> { ["SAM_CLI_BETA_FEATURES"] = "1" });
            optedInByEnvironment.AssertSucceeded();
        }

        [TestMethod]
        public void The_samconfig_opt_in_of_the_MultiFunction_sample_can_be_overruled_by_the_property()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Build("MultiFunction.csproj", "-p:SamBetaFeatures=false").AssertFailedWith("RL0040");
        }

        [TestMethod]
        public void A_compile_error_shows_as_file_line_column_with_the_rustc_code()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            File.AppendAllText(sandbox.PathOf("src/main.rs"), "\nfn broken() -> i32 {\n    \"not a number\"\n}\n");
            int line = File.ReadAllLines(sandbox.PathOf("src/main.rs")).Length - 1;
            var build = sandbox.Build("SingleFunction.csproj");
            Assert.AreNotEqual(0, build.ExitCode);
            string expected = $"{sandbox.PathOf("src/main.rs")}({line},5,{line},19): error E0308: mismatched types";
            StringAssert.Contains(build.Output, expected, build.Output);
            Assert.IsFalse(build.Output.Contains("MSB4018") || build.Output.Contains("MSB6006"), build.Output);
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
        }

        [TestMethod]
        public void An_al2_function_built_with_this_machines_glibc_fails_before_zipping()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            File.WriteAllText(sandbox.PathOf("template.yaml"), File.ReadAllText(sandbox.PathOf("template.yaml")).Replace("provided.al2023", "provided.al2"));
            var build = sandbox.Build("SingleFunction.csproj", "-p:RustLambdaBuilder=cargo");
            build.AssertFailedWith("RL0065");
            StringAssert.Contains(build.Output, "warning RL0026");
            StringAssert.Contains(build.Output, "but provided.al2 (Amazon Linux 2) has glibc 2.26");
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")), "nothing is zipped");
        }

        [TestMethod]
        public void A_manifest_error_only_cargo_sees_is_one_RL_error_at_Cargo_toml()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            File.WriteAllText(sandbox.PathOf("Cargo.toml"), File.ReadAllText(sandbox.PathOf("Cargo.toml")).Replace("[dependencies]", "[dependencies]\nmissing = { path = \"../does-not-exist\" }"));
            var build = sandbox.Build("SingleFunction.csproj");
            build.AssertFailedWith("RL0061");
            StringAssert.Contains(build.Output, sandbox.PathOf("Cargo.toml") + " : error RL0061: failed to get `missing` as a dependency");
            StringAssert.Contains(build.Output, "No such file or directory (os error 2)", "the 'Caused by' chain is part of the one error");
            Assert.AreEqual(2, Regex.Matches(build.Output, "error RL0061").Count, "one error, and its repeat in MSBuild's summary:\n" + build.Output);
            Assert.IsFalse(build.Output.Contains("RL0060"), "cargo did say why");
        }

        [TestMethod]
        public void A_table_defined_twice_in_Cargo_toml_is_located_before_cargo_runs()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            File.AppendAllText(sandbox.PathOf("Cargo.toml"), "\n[dependencies]\n");
            int line = File.ReadAllLines(sandbox.PathOf("Cargo.toml")).Length;
            var build = sandbox.Build("SingleFunction.csproj");
            build.AssertFailedWith("RL0031");
            StringAssert.Contains(build.Output, $"{sandbox.PathOf("Cargo.toml")}({line},1): error RL0031:");
            StringAssert.Contains(build.Output, "The key `dependencies` is already defined");
            Assert.AreEqual(0, sandbox.CargoStarts.Count, "read as strictly as cargo reads it, so cargo never starts");
        }

        [TestMethod]
        public void A_missing_cargo_is_an_RL_error_not_MSB6004()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var build = sandbox.Build("SingleFunction.csproj", "-p:RustLambdaCargoPath=/nonexistent/cargo");
            build.AssertFailedWith("RL0050");
            StringAssert.Contains(build.Output, "rustup");
        }

        [TestMethod]
        public void A_binary_that_does_not_exist_lists_the_ones_that_do()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            File.WriteAllText(sandbox.PathOf("template.yaml"), File.ReadAllText(sandbox.PathOf("template.yaml")).Replace("Binary: function_b", "Binary: function_c"));
            var build = sandbox.Build("MultiFunction.csproj");
            build.AssertFailedWith("RL0032");
            StringAssert.Contains(build.Output, "function_a, function_b");
            Assert.IsTrue(Regex.IsMatch(build.Output, Regex.Escape(sandbox.PathOf("template.yaml")) + @"\(\d+(,\d+)?\): error RL0032"), build.Output);
        }

        [TestMethod]
        public void An_unknown_SamFunctions_id_lists_the_known_ones()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            var build = sandbox.Build("MultiFunction.csproj", "-p:SamFunctions=FunctionC");
            build.AssertFailedWith("RL0011");
            StringAssert.Contains(build.Output, "FunctionA, FunctionB");
        }

        [TestMethod]
        public void SamFunctions_builds_only_the_named_function()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Build("MultiFunction.csproj", "-p:SamFunctions=FunctionB").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/FunctionB/bootstrap.zip")));
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/FunctionA/bootstrap.zip")));
        }

        [TestMethod]
        public void A_malformed_template_is_located_and_touches_nothing()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            File.WriteAllText(sandbox.PathOf("template.yaml"), "Resources:\n  Fn: [\n");
            var build = sandbox.Build("SingleFunction.csproj");
            build.AssertFailedWith("RL0002");
            StringAssert.Contains(build.Output, sandbox.PathOf("template.yaml") + "(");
            Assert.AreEqual("Resources:\n  Fn: [\n", File.ReadAllText(sandbox.PathOf("template.yaml")));
        }
    }
}
