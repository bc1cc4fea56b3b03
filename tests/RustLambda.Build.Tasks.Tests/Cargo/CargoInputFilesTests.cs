using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;
using static RustLambda.Build.Tests.Cargo.CargoTestTree;

namespace RustLambda.Build.Tests.Cargo
{
    [TestClass]
    public class CargoInputFilesTests
    {
        private CargoTestTree _tree = null!;

        [TestInitialize]
        public void CreateTree() => _tree = new CargoTestTree();

        [TestCleanup]
        public void DeleteTree() => _tree.Dispose();

        /// <summary>The inputs inside the test tree, relative and with '/', so expectations read like the fixtures.</summary>
        private string[] InputsOf(string codeUri)
        {
            var reader = new CargoManifestReader();
            var project = CargoAssert.Load(reader, _tree.PathOf(codeUri));
            var inputs = CargoInputFiles.Of(project, reader);
            Assert.IsTrue(inputs.All(Path.IsPathRooted), "inputs are absolute");
            CollectionAssert.AreEqual(inputs.OrderBy(i => i, StringComparer.Ordinal).ToList(), inputs.ToList(), "inputs are sorted");
            return inputs.Where(i => i.StartsWith(_tree.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Select(i => i.Substring(_tree.Root.Length + 1).Replace(Path.DirectorySeparatorChar, '/'))
                .ToArray();
        }

        [TestMethod]
        public void Package_inputs_are_manifest_lock_build_script_sources_and_configuration_upwards()
        {
            _tree.Write(new Dictionary<string, string>
            {
                [".cargo/config.toml"] = "[build]\n",
                ["rust-toolchain.toml"] = "[toolchain]\n",
                ["svc/.cargo/config"] = "[build]\n",
                ["svc/rust-toolchain"] = "stable\n",
                ["svc/Cargo.toml"] = Package("svc"),
                ["svc/Cargo.lock"] = "",
                ["svc/build.rs"] = Main,
                ["svc/src/main.rs"] = Main,
                ["svc/src/handlers/mod.rs"] = "",
                ["svc/src/handlers/orders.rs"] = "",
                ["svc/src/README.md"] = "",
                ["svc/tests/smoke.rs"] = "",
                ["svc/target/debug/build/out.rs"] = "",
                ["svc/.git/hooks/hook.rs"] = "",
                ["svc/src/.generated/cache.rs"] = "",
                ["unrelated/src/main.rs"] = Main,
            });

            CollectionAssert.AreEqual(new[]
            {
                ".cargo/config.toml",
                "rust-toolchain.toml",
                "svc/.cargo/config",
                "svc/Cargo.lock",
                "svc/Cargo.toml",
                "svc/build.rs",
                "svc/rust-toolchain",
                "svc/src/handlers/mod.rs",
                "svc/src/handlers/orders.rs",
                "svc/src/main.rs",
                "svc/tests/smoke.rs",
            }, InputsOf("svc"));
        }

        [TestMethod]
        public void Package_build_key_names_the_build_script()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc", "build = \"tools/gen.rs\""),
                ["build.rs"] = Main,
                ["tools/gen.rs"] = Main,
                ["src/main.rs"] = Main,
            });

            // build.rs is still an input as a .rs file of the package; what matters is that the named script is one.
            CollectionAssert.Contains(InputsOf("."), "tools/gen.rs");
        }

        [TestMethod]
        public void Build_script_outside_the_package_folder_is_an_input()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["svc/Cargo.toml"] = Package("svc", "build = \"../codegen/build.rs\""),
                ["svc/src/main.rs"] = Main,
                ["codegen/build.rs"] = Main,
            });

            CollectionAssert.Contains(InputsOf("svc"), "codegen/build.rs");
        }

        [TestMethod]
        public void Member_inputs_include_the_workspace_manifest_lock_and_path_dependencies_but_not_siblings()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"functions/*\"]\n\n[workspace.dependencies]\nruntime = { path = \"shared/runtime\" }\n",
                ["Cargo.lock"] = "",
                [".cargo/config.toml"] = "",
                ["functions/orders/Cargo.toml"] = Package("orders") + "\n[dependencies]\nruntime.workspace = true\n",
                ["functions/orders/src/main.rs"] = Main,
                ["functions/payments/Cargo.toml"] = Package("payments"),
                ["functions/payments/src/main.rs"] = Main,
                ["shared/runtime/Cargo.toml"] = Package("runtime"),
                ["shared/runtime/src/lib.rs"] = "",
                ["target/release/build/x.rs"] = "",
            });

            CollectionAssert.AreEqual(new[]
            {
                ".cargo/config.toml",
                "Cargo.lock",
                "Cargo.toml",
                "functions/orders/Cargo.toml",
                "functions/orders/src/main.rs",
                "shared/runtime/Cargo.toml",
                "shared/runtime/src/lib.rs",
            }, InputsOf("functions/orders"));
        }

        [TestMethod]
        public void Path_dependency_outside_the_build_root_is_an_input()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["svc/Cargo.toml"] = Package("svc") + "\n[target.'cfg(unix)'.dependencies]\ncommon = { path = \"../common\" }\n",
                ["svc/src/main.rs"] = Main,
                ["common/Cargo.toml"] = Package("common"),
                ["common/src/lib.rs"] = "",
            });

            var inputs = InputsOf("svc");

            CollectionAssert.Contains(inputs, "common/Cargo.toml");
            CollectionAssert.Contains(inputs, "common/src/lib.rs");
        }

        [TestMethod]
        public void Workspace_root_inputs_cover_every_member()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"a\", \"b\"]\n",
                ["a/Cargo.toml"] = Package("a"),
                ["a/src/main.rs"] = Main,
                ["b/Cargo.toml"] = Package("b"),
                ["b/src/main.rs"] = Main,
            });

            CollectionAssert.AreEqual(new[] { "Cargo.toml", "a/Cargo.toml", "a/src/main.rs", "b/Cargo.toml", "b/src/main.rs" }, InputsOf("."));
        }
    }
}
