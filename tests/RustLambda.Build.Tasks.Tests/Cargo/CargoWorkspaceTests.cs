using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;
using static RustLambda.Build.Tests.Cargo.CargoAssert;
using static RustLambda.Build.Tests.Cargo.CargoTestTree;

namespace RustLambda.Build.Tests.Cargo
{
    [TestClass]
    public class CargoWorkspaceTests
    {
        private CargoTestTree _tree = null!;

        [TestInitialize]
        public void CreateTree() => _tree = new CargoTestTree();

        [TestCleanup]
        public void DeleteTree() => _tree.Dispose();

        private static Dictionary<string, string> Member(string folder, string name) => new Dictionary<string, string>
        {
            [folder + "/Cargo.toml"] = Package(name),
            [folder + "/src/main.rs"] = Main,
        };

        [TestMethod]
        public void Virtual_workspace_root_lists_every_member_and_their_binaries()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"orders\", \"payments\"]\nresolver = \"2\"\n" })
                .Write(Member("orders", "orders")).Write(Member("payments", "payments"));

            var project = Load(_tree.Root);

            Assert.IsTrue(project.IsWorkspace);
            Assert.AreEqual(_tree.Root, project.BuildRoot);
            Assert.AreEqual(_tree.Root, project.CodeUriDirectory);
            CollectionAssert.AreEqual(new[] { "orders", "payments" }, Names(project.Packages));
            CollectionAssert.AreEqual(new[] { "orders", "payments" }, Names(project.Binaries));
        }

        [TestMethod]
        public void Workspace_with_a_root_package_lists_the_root_package_first()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("gateway") + "\n[workspace]\nmembers = [\"worker\"]\n",
                ["src/main.rs"] = Main,
            }).Write(Member("worker", "worker"));

            var project = Load(_tree.Root);

            Assert.IsTrue(project.IsWorkspace);
            CollectionAssert.AreEqual(new[] { "gateway", "worker" }, Names(project.Packages));
            CollectionAssert.AreEqual(new[] { "gateway", "worker" }, Names(project.Binaries));
        }

        [TestMethod]
        public void Member_globs_match_within_one_folder_level()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"crates/*\", \"svc-?\"]\n" })
                .Write(Member("crates/b", "b")).Write(Member("crates/a", "a")).Write(Member("crates/deep/nested", "nested"))
                .Write(Member("svc-1", "one")).Write(Member("svc-12", "twelve"))
                .Folder("crates/docs");

            var diagnostics = new DiagnosticBag();
            var project = Load(new CargoManifestReader(), _tree.Root, diagnostics);

            CollectionAssert.AreEqual(new[] { "a", "b", "one" }, Names(project.Packages));
            Assert.AreEqual(0, diagnostics.Items.Count, "a glob that matches members is not a problem because of one plain folder");
        }

        [TestMethod]
        public void Exclude_removes_members_a_glob_matched()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/legacy\"]\n" })
                .Write(Member("crates/api", "api")).Write(Member("crates/legacy", "legacy"));

            CollectionAssert.AreEqual(new[] { "api" }, Names(Load(_tree.Root).Packages));
        }

        [TestMethod]
        public void Literal_member_wins_over_an_exclude_that_covers_it()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"tools/keep\"]\nexclude = [\"tools\"]\n" })
                .Write(Member("tools/keep", "keep"));

            CollectionAssert.AreEqual(new[] { "keep" }, Names(Load(_tree.Root).Packages));
        }

        [TestMethod]
        public void Path_dependency_inside_the_workspace_becomes_a_member()
        {
            // As in the Workspace sample: the shared crate is only reached through [workspace.dependencies].
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"functions/*\"]\n\n[workspace.dependencies]\nruntime = { path = \"shared/runtime\" }\n",
                ["functions/orders/Cargo.toml"] = Package("orders") + "\n[dependencies]\nruntime.workspace = true\n",
                ["functions/orders/src/main.rs"] = Main,
                ["shared/runtime/Cargo.toml"] = Package("runtime"),
                ["shared/runtime/src/lib.rs"] = "",
            });

            var project = Load(_tree.Root);

            CollectionAssert.AreEqual(new[] { "orders", "runtime" }, Names(project.Packages));
            CollectionAssert.AreEqual(new[] { "orders" }, Names(project.Binaries));
        }

        [TestMethod]
        public void Member_package_builds_from_the_workspace_root()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"functions/*\"]\n" })
                .Write(Member("functions/orders", "orders")).Write(Member("functions/payments", "payments"));

            var project = Load(_tree.PathOf("functions/orders"));

            Assert.IsTrue(project.IsWorkspace);
            Assert.AreEqual(_tree.Root, project.BuildRoot);
            Assert.AreEqual(_tree.PathOf("functions/orders"), project.CodeUriDirectory);
            CollectionAssert.AreEqual(new[] { "orders" }, Names(project.Packages));
            CollectionAssert.AreEqual(new[] { "orders" }, Names(project.Binaries));
        }

        [TestMethod]
        public void Package_excluded_from_the_enclosing_workspace_builds_on_its_own()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"app\"]\nexclude = [\"standalone\"]\n" })
                .Write(Member("app", "app")).Write(Member("standalone", "standalone"));

            var project = Load(_tree.PathOf("standalone"));

            Assert.IsFalse(project.IsWorkspace);
            Assert.AreEqual(_tree.PathOf("standalone"), project.BuildRoot);
        }

        [TestMethod]
        public void Library_reached_only_as_a_path_dependency_builds_from_the_workspace_root()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"app\"]\n",
                ["app/Cargo.toml"] = Package("app") + "\n[dependencies]\ncore = { path = \"../core\" }\n",
                ["app/src/main.rs"] = Main,
                ["core/Cargo.toml"] = Package("core"),
                ["core/src/lib.rs"] = "",
            });

            var project = Load(_tree.PathOf("core"));

            Assert.IsTrue(project.IsWorkspace);
            Assert.AreEqual(_tree.Root, project.BuildRoot);
        }

        [TestMethod]
        public void Member_globs_support_character_classes()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"x[12]\", \"y[!1]\"]\n" })
                .Write(Member("x1", "x1")).Write(Member("x2", "x2")).Write(Member("x3", "x3")).Write(Member("y1", "y1")).Write(Member("y2", "y2"));

            CollectionAssert.AreEqual(new[] { "x1", "x2", "y2" }, Names(Load(_tree.Root).Packages));
        }

        [TestMethod]
        public void Package_not_listed_in_members_builds_on_its_own()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"app\"]\n" })
                .Write(Member("app", "app")).Write(Member("scratch", "scratch"));

            // cargo itself refuses such a package ("believes it's in a workspace when it's not") and says how to fix it.
            var project = Load(_tree.PathOf("scratch"));

            Assert.IsFalse(project.IsWorkspace);
            Assert.AreEqual(_tree.PathOf("scratch"), project.BuildRoot);
        }

        [TestMethod]
        public void Search_skips_a_workspace_that_excludes_the_package_and_continues_upwards()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"inner/svc\"]\n",
                ["inner/Cargo.toml"] = "[workspace]\nmembers = []\nexclude = [\"svc\"]\n",
            }).Write(Member("inner/svc", "svc"));

            var project = Load(_tree.PathOf("inner/svc"));

            Assert.IsTrue(project.IsWorkspace);
            Assert.AreEqual(_tree.Root, project.BuildRoot);
        }

        [TestMethod]
        public void Package_workspace_key_points_at_its_root()
        {
            _tree.Write(new Dictionary<string, string>
            {
                // Not an ancestor, so only the pointer can lead Cargo here; the root must still list the package.
                ["root/Cargo.toml"] = "[workspace]\nmembers = [\"../elsewhere/svc\"]\n",
                ["elsewhere/svc/Cargo.toml"] = Package("svc", "workspace = \"../../root\""),
                ["elsewhere/svc/src/main.rs"] = Main,
            });

            var project = Load(_tree.PathOf("elsewhere/svc"));

            Assert.IsTrue(project.IsWorkspace);
            Assert.AreEqual(_tree.PathOf("root"), project.BuildRoot);
        }

        [TestMethod]
        public void Member_entry_without_a_manifest_is_a_warning_at_the_members_line()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nresolver = \"2\"\nmembers = [\"app\", \"gone\", \"libs/*\"]\n" })
                .Write(Member("app", "app")).Folder("gone");

            var diagnostics = new DiagnosticBag();
            var project = Load(new CargoManifestReader(), _tree.Root, diagnostics);

            CollectionAssert.AreEqual(new[] { "app" }, Names(project.Packages));
            var warnings = diagnostics.Items.Where(d => d.Code == "RL0036").ToList();
            Assert.AreEqual(2, warnings.Count);
            Assert.IsTrue(warnings.All(w => w.Severity == DiagnosticSeverity.Warning && w.File == _tree.PathOf("Cargo.toml") && w.Line == 3));
            StringAssert.Contains(warnings[0].Message, "\"gone\"");
            StringAssert.Contains(warnings[1].Message, "\"libs/*\"");
            StringAssert.Contains(warnings[0].Message, "matches no folder containing a Cargo.toml");
        }

        [TestMethod]
        public void Many_functions_with_one_CodeUri_share_one_load_and_report_once_per_bag()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"app\", \"gone\"]\n" }).Write(Member("app", "app"));
            var reader = new CargoManifestReader();
            var bag = new DiagnosticBag();

            var first = reader.LoadProject(_tree.Root, bag, "/t.yaml", 3);
            var second = reader.LoadProject(_tree.Root + "/", bag, "/t.yaml", 9);
            var otherBag = new DiagnosticBag();
            reader.LoadProject(_tree.Root, otherBag, "/t.yaml", 3);

            Assert.AreSame(first, second);
            Assert.AreEqual(1, bag.Items.Count(d => d.Code == "RL0036"));
            Assert.AreEqual(1, otherBag.Items.Count(d => d.Code == "RL0036"));
        }

        [TestMethod]
        public void Paths_with_spaces_and_non_ascii_letters_work()
        {
            using var tree = new CargoTestTree("my fünctions λ");
            tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"crates/*\"]\n" })
                .Write(Member("crates/Zürich orders", "orders"));

            var project = Load(tree.PathOf("crates/Zürich orders"));

            Assert.AreEqual(tree.Root, project.BuildRoot);
            Assert.AreEqual(tree.PathOf("crates/Zürich orders/src/main.rs"), project.Binaries.Single().SourcePath);
        }

        [TestMethod]
        public void CodeUri_is_normalised()
        {
            _tree.Write(Member("svc", "svc"));

            var project = Load(_tree.Root + "/svc/../svc/./");

            Assert.AreEqual(_tree.PathOf("svc"), project.CodeUriDirectory);
            Assert.AreEqual(_tree.PathOf("svc"), project.BuildRoot);
        }
    }
}
