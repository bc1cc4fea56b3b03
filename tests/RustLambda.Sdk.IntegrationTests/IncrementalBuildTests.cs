using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    [TestClass]
    public class IncrementalBuildTests
    {
        private static int CargoBuilds(Sandbox sandbox) => sandbox.CargoStarts.Count(l => l.StartsWith("build"));

        [TestMethod]
        public void A_second_build_with_nothing_changed_starts_no_cargo()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Build("MultiFunction.csproj").AssertSucceeded();
            var zipTime = File.GetLastWriteTimeUtc(sandbox.PathOf("bin/Debug/FunctionA/bootstrap.zip"));
            int before = sandbox.CargoStarts.Count;

            sandbox.Build("MultiFunction.csproj").AssertSucceeded();
            Assert.AreEqual(before, sandbox.CargoStarts.Count, "no cargo process on a no-op build:\n" + string.Join("\n", sandbox.CargoStarts));
            Assert.AreEqual(zipTime, File.GetLastWriteTimeUtc(sandbox.PathOf("bin/Debug/FunctionA/bootstrap.zip")));
        }

        [TestMethod]
        [DataRow("src/bin/function_a.rs")]
        [DataRow("../lambda_runtime_lite/src/lib.rs")]
        [DataRow("Cargo.toml")]
        [DataRow("Cargo.lock")]
        [DataRow("template.yaml")]
        [DataRow("samconfig.toml")]
        public void Touching_an_input_rebuilds(string input)
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Build("MultiFunction.csproj").AssertSucceeded();
            int before = CargoBuilds(sandbox);
            sandbox.Touch(input);
            sandbox.Build("MultiFunction.csproj").AssertSucceeded();
            Assert.AreEqual(before + 1, CargoBuilds(sandbox), $"touching {input} must run cargo again");
        }

        [TestMethod]
        public void Adding_a_source_file_with_an_old_timestamp_and_new_build_inputs_rebuild()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            int before = CargoBuilds(sandbox);

            // An old file appearing (a git checkout, say) is newer than nothing: only the input-list hash notices it.
            sandbox.Write("src/extra.rs", "pub fn unused() {}\n");
            File.SetLastWriteTimeUtc(sandbox.PathOf("src/extra.rs"), DateTime.UtcNow.AddDays(-10));
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.AreEqual(before + 1, CargoBuilds(sandbox), "a new .rs file rebuilds");

            sandbox.Write(".cargo/config.toml", "[build]\n");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.AreEqual(before + 2, CargoBuilds(sandbox), "a new .cargo/config.toml rebuilds");

            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.AreEqual(before + 2, CargoBuilds(sandbox), "and then it is up to date again");
        }

        [TestMethod]
        public void A_Cargo_lock_that_the_first_build_creates_does_not_make_the_second_build_run_cargo()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            File.Delete(sandbox.PathOf("Cargo.lock"));
            sandbox.Build("MultiFunction.csproj").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("Cargo.lock")), "cargo created it");
            int before = CargoBuilds(sandbox);
            sandbox.Build("MultiFunction.csproj").AssertSucceeded();
            Assert.AreEqual(before, CargoBuilds(sandbox));
        }

        [TestMethod]
        public void Changing_a_setting_that_shapes_the_command_line_rebuilds_with_it()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj", "-c", "Debug").AssertSucceeded();
            Assert.IsFalse(sandbox.CargoStarts.Last().Contains("--release"), "Debug builds the dev profile");
            sandbox.Build("SingleFunction.csproj", "-c", "Debug", "-p:RustLambdaProfile=release").AssertSucceeded();
            StringAssert.Contains(sandbox.CargoStarts.Last(), "--release");
        }

        [TestMethod]
        public void A_source_outside_the_package_known_only_from_cargo_dep_info_rebuilds()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            // Reachable only through #[path]: no glob over the package folder finds it, cargo's <bin>.d does.
            sandbox.Write("../outside/extra.rs", "pub fn extra() -> u32 { 1 }\n");
            string outside = Path.GetFullPath(sandbox.PathOf("../outside/extra.rs"));
            File.AppendAllText(sandbox.PathOf("src/main.rs"), $"\n#[path = \"{outside}\"]\n#[allow(dead_code)]\nmod extra;\n");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            string recorded = string.Join("\n", Directory.GetFiles(sandbox.PathOf("obj/Debug/rustlambda"), "inputs.txt", SearchOption.AllDirectories).Select(File.ReadAllText));
            StringAssert.Contains(recorded, outside, "the dep-info inputs name the file outside the package");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            int before = CargoBuilds(sandbox);
            File.SetLastWriteTimeUtc(outside, DateTime.UtcNow.AddSeconds(2));
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.AreEqual(before + 1, CargoBuilds(sandbox), "changing it rebuilds");
        }

        [TestMethod]
        public void A_change_to_a_path_dependency_outside_the_workspace_rebuilds()
        {
            using var sandbox = Sandbox.FromSample("Workspace");
            sandbox.Build("Workspace.csproj").AssertSucceeded();
            sandbox.Build("Workspace.csproj").AssertSucceeded();
            int before = CargoBuilds(sandbox);
            sandbox.Touch("../lambda_runtime_lite/src/lib.rs");
            sandbox.Build("Workspace.csproj").AssertSucceeded();
            Assert.AreEqual(before + 1, CargoBuilds(sandbox));
        }

        [TestMethod]
        public void Visual_Studio_fast_up_to_date_check_gets_the_inputs_and_zips_without_a_process()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            var result = sandbox.Dotnet(new[] { "msbuild", "SingleFunction.csproj", "-restore", "-t:CollectRustLambdaUpToDateCheckItems", "-p:DesignTimeBuild=true",
                "-getItem:UpToDateCheckInput", "-getItem:UpToDateCheckBuilt" });
            result.AssertSucceeded();
            foreach (var expected in new[] { "src/main.rs", "Cargo.toml", "template.yaml", "bin/Debug/HelloFunction/bootstrap.zip" })
            {
                StringAssert.Contains(result.Output, sandbox.PathOf(expected), result.Output);
            }
            StringAssert.Contains(result.Output, "\"Set\": \"RustLambda\"");
            Assert.AreEqual(0, sandbox.CargoStarts.Count);
        }

        [TestMethod]
        public void A_design_time_build_starts_no_cargo_and_writes_no_zip()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj", "-p:DesignTimeBuild=true").AssertSucceeded();
            Assert.AreEqual(0, sandbox.CargoStarts.Count, string.Join("\n", sandbox.CargoStarts));
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
        }

        [TestMethod]
        public void Clean_removes_what_the_build_wrote_and_leaves_cargo_target_alone()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
            sandbox.Dotnet(new[] { "clean", "SingleFunction.csproj" }).AssertSucceeded();
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
            Assert.IsFalse(Directory.Exists(sandbox.PathOf("obj/Debug/rustlambda")));
            Assert.IsTrue(Directory.Exists(sandbox.PathOf("target")), "cargo's target dir is cargo's");
            Assert.IsTrue(File.Exists(sandbox.PathOf("src/main.rs")) && File.Exists(sandbox.PathOf("template.yaml")));
        }
    }
}
