using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static RustLambda.Build.Tests.Cargo.CargoAssert;
using static RustLambda.Build.Tests.Cargo.CargoTestTree;

namespace RustLambda.Build.Tests.Cargo
{
    [TestClass]
    public class CargoBinaryDiscoveryTests
    {
        private CargoTestTree _tree = null!;

        [TestInitialize]
        public void CreateTree() => _tree = new CargoTestTree();

        [TestCleanup]
        public void DeleteTree() => _tree.Dispose();

        [TestMethod]
        public void Src_main_rs_is_a_binary_named_after_the_package()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("orders"), ["src/main.rs"] = Main });

            var project = Load(_tree.Root);

            var binary = project.Binaries.Single();
            Assert.AreEqual("orders", binary.Name);
            Assert.AreEqual(_tree.PathOf("src/main.rs"), binary.SourcePath);
            Assert.AreSame(project.Packages.Single(), binary.Package);
            Assert.AreEqual(_tree.PathOf("Cargo.toml"), binary.Package.ManifestPath);
            Assert.AreEqual(_tree.Root, binary.Package.Directory);
        }

        [TestMethod]
        public void Hyphenated_package_name_is_kept_as_written()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("order-api"), ["src/main.rs"] = Main });

            CollectionAssert.AreEqual(new[] { "order-api" }, Names(Load(_tree.Root).Binaries));
        }

        [TestMethod]
        public void Files_in_src_bin_are_binaries_named_by_stem()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("tools"),
                ["src/lib.rs"] = "",
                ["src/bin/ingest.rs"] = Main,
                ["src/bin/export-csv.rs"] = Main,
                ["src/bin/notes.txt"] = "not rust",
                ["src/bin/.hidden.rs"] = Main,
            });

            CollectionAssert.AreEqual(new[] { "export-csv", "ingest" }, Names(Load(_tree.Root).Binaries));
        }

        [TestMethod]
        public void Folders_in_src_bin_with_main_rs_are_binaries_named_by_folder()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("tools"),
                ["src/bin/worker/main.rs"] = Main,
                ["src/bin/worker/helpers.rs"] = "",
                ["src/bin/not-a-bin/lib.rs"] = "",
            });

            var binary = Load(_tree.Root).Binaries.Single();
            Assert.AreEqual("worker", binary.Name);
            Assert.AreEqual(_tree.PathOf("src/bin/worker/main.rs"), binary.SourcePath);
        }

        [TestMethod]
        public void Explicit_bin_with_path_uses_that_path_and_keeps_discovered_ones()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc", "[[bin]]\nname = \"bootstrap\"\npath = \"lambda/handler.rs\"\n"),
                ["lambda/handler.rs"] = Main,
                ["src/main.rs"] = Main,
            });

            var binaries = Load(_tree.Root).Binaries;

            CollectionAssert.AreEqual(new[] { "bootstrap", "svc" }, Names(binaries));
            Assert.AreEqual(_tree.PathOf("lambda/handler.rs"), binaries[0].SourcePath);
        }

        [TestMethod]
        public void Explicit_bin_without_path_is_found_in_src_bin()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc", "[[bin]]\nname = \"api\"\n\n[[bin]]\nname = \"jobs\"\n"),
                ["src/bin/api.rs"] = Main,
                ["src/bin/jobs/main.rs"] = Main,
            });

            var binaries = Load(_tree.Root).Binaries;

            CollectionAssert.AreEqual(new[] { "api", "jobs" }, Names(binaries));
            Assert.AreEqual(_tree.PathOf("src/bin/api.rs"), binaries[0].SourcePath);
            Assert.AreEqual(_tree.PathOf("src/bin/jobs/main.rs"), binaries[1].SourcePath);
        }

        [TestMethod]
        public void Explicit_bin_named_like_the_package_defaults_to_src_main_rs()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc", "[[bin]]\nname = \"svc\"\n"),
                ["src/main.rs"] = Main,
            });

            var binary = Load(_tree.Root).Binaries.Single();
            Assert.AreEqual(_tree.PathOf("src/main.rs"), binary.SourcePath);
        }

        [TestMethod]
        public void Explicit_bin_overrides_the_discovered_bin_of_the_same_name()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc", "[[bin]]\nname = \"worker\"\npath = \"other/worker.rs\"\n"),
                ["src/bin/worker.rs"] = Main,
                ["other/worker.rs"] = Main,
            });

            var binary = Load(_tree.Root).Binaries.Single();
            Assert.AreEqual(_tree.PathOf("other/worker.rs"), binary.SourcePath);
        }

        [TestMethod]
        public void Explicit_bin_overrides_the_discovered_bin_at_the_same_path()
        {
            // The classic Lambda layout: src/main.rs renamed to `bootstrap`; it must not also appear as `svc`.
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc", "[[bin]]\nname = \"bootstrap\"\npath = \"./src/main.rs\"\n"),
                ["src/main.rs"] = Main,
            });

            CollectionAssert.AreEqual(new[] { "bootstrap" }, Names(Load(_tree.Root).Binaries));
        }

        [TestMethod]
        public void Autobins_false_keeps_only_explicit_bins()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc", "autobins = false\n\n[[bin]]\nname = \"api\"\npath = \"src/bin/api.rs\"\n"),
                ["src/main.rs"] = Main,
                ["src/bin/api.rs"] = Main,
                ["src/bin/cron.rs"] = Main,
            });

            CollectionAssert.AreEqual(new[] { "api" }, Names(Load(_tree.Root).Binaries));
        }

        [TestMethod]
        public void Edition_2015_stops_discovery_once_a_bin_is_declared_and_uses_legacy_paths()
        {
            // No `edition` means 2015 to Cargo: [[bin]] disables discovery, and a pathless bin may live in src/main.rs.
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[package]\nname = \"old\"\nversion = \"0.1.0\"\n\n[[bin]]\nname = \"bootstrap\"\n",
                ["src/main.rs"] = Main,
                ["src/bin/extra.rs"] = Main,
            });

            var binary = Load(_tree.Root).Binaries.Single();
            Assert.AreEqual("bootstrap", binary.Name);
            Assert.AreEqual(_tree.PathOf("src/main.rs"), binary.SourcePath);
        }

        [TestMethod]
        public void Edition_inherited_from_the_workspace_keeps_discovery_on()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"svc\"]\n\n[workspace.package]\nedition = \"2021\"\n",
                ["svc/Cargo.toml"] = "[package]\nname = \"svc\"\nedition.workspace = true\n\n[[bin]]\nname = \"api\"\npath = \"src/api.rs\"\n",
                ["svc/src/api.rs"] = Main,
                ["svc/src/main.rs"] = Main,
            });

            CollectionAssert.AreEqual(new[] { "api", "svc" }, Names(Load(_tree.PathOf("svc")).Binaries));
        }

        [TestMethod]
        public void Inline_array_of_bin_tables_is_the_same_as_double_bracket_sections()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "bin = [{ name = \"a\", path = \"a.rs\" }, { name = \"b\", path = \"b.rs\" }]\n" + Package("svc", "autobins = false"),
            });

            CollectionAssert.AreEqual(new[] { "a", "b" }, Names(Load(_tree.Root).Binaries));
        }

        [TestMethod]
        public void Library_only_package_has_no_binaries()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("shared", "[lib]\npath = \"src/lib.rs\"\n"), ["src/lib.rs"] = "" });

            Assert.AreEqual(0, Load(_tree.Root).Binaries.Count);
        }
    }
}
