using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;
using static RustLambda.Build.Tests.Cargo.CargoAssert;
using static RustLambda.Build.Tests.Cargo.CargoTestTree;

namespace RustLambda.Build.Tests.Cargo
{
    [TestClass]
    public class CargoDiagnosticsTests
    {
        private const string Template = "/app/template.yaml";
        private CargoTestTree _tree = null!;
        private CargoManifestReader _reader = null!;
        private DiagnosticBag _diagnostics = null!;

        [TestInitialize]
        public void CreateTree()
        {
            _tree = new CargoTestTree();
            _reader = new CargoManifestReader();
            _diagnostics = new DiagnosticBag();
        }

        [TestCleanup]
        public void DeleteTree() => _tree.Dispose();

        private CargoProject? LoadProject(string? relative = null) =>
            _reader.LoadProject(relative == null ? _tree.Root : _tree.PathOf(relative), _diagnostics, Template, 12);

        private CargoBinary? Select(string? binary, string? relative = null)
        {
            var project = LoadProject(relative);
            Assert.IsNotNull(project, string.Join("\n", _diagnostics.Items));
            return _reader.SelectBinary(project!, binary, "OrdersFunction", _diagnostics, Template, 20);
        }

        private static void AssertAtTemplate(Diagnostic diagnostic, int line)
        {
            Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.AreEqual(Template, diagnostic.File);
            Assert.AreEqual(line, diagnostic.Line);
        }

        [TestMethod]
        public void RL0030_folder_without_Cargo_toml_points_at_the_CodeUri_line()
        {
            _tree.Folder("src");

            Assert.IsNull(LoadProject("src"));

            var error = Single(_diagnostics, "RL0030");
            AssertAtTemplate(error, 12);
            StringAssert.Contains(error.Message, $"'{_tree.PathOf("src")}' has no Cargo.toml");
            StringAssert.Contains(error.Message, "CodeUri must point at the folder that holds the function's Cargo.toml");
            StringAssert.Contains(error.Message, "`sam build`");
        }

        [TestMethod]
        public void RL0030_missing_folder_says_it_does_not_exist()
        {
            Assert.IsNull(LoadProject("nowhere"));

            StringAssert.Contains(Single(_diagnostics, "RL0030").Message, "does not exist");
        }

        [TestMethod]
        public void RL0030_folder_named_Cargo_toml_is_reported_not_thrown()
        {
            _tree.Folder("Cargo.toml");

            Assert.IsNull(LoadProject());

            StringAssert.Contains(Single(_diagnostics, "RL0030").Message, "is a folder, not a file");
        }

        [TestMethod]
        public void RL0031_malformed_toml_has_file_line_column_and_the_parser_message()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[package]\nname = \"svc\"\n[[bin]\nname = \"x\"\n" });

            Assert.IsNull(LoadProject());

            var error = Single(_diagnostics, "RL0031");
            Assert.AreEqual(_tree.PathOf("Cargo.toml"), error.File);
            Assert.AreEqual(3, error.Line);
            Assert.IsTrue(error.Column > 0);
            StringAssert.Contains(error.Message, "is not valid TOML at line 3");
            StringAssert.Contains(error.Message, ": Expected `]]` but was `]`. Fix the syntax");
            Assert.IsFalse(error.Message.Contains(" : error : "), "Tomlyn's prefix is noise once file and position are separate");
        }

        [TestMethod]
        public void RL0031_too_deep_nesting_says_how_deep_and_to_flatten_without_parser_options()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[package]\nname = \"svc\"\nx = " + new string('[', 5000) + new string(']', 5000) + "\n" });

            Assert.IsNull(LoadProject());

            var error = Single(_diagnostics, "RL0031");
            Assert.AreEqual(_tree.PathOf("Cargo.toml"), error.File);
            Assert.AreEqual(3, error.Line);
            StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex(@"nests deeper than \d+ levels \(arrays or inline tables inside one another\); flatten it"));
            Assert.IsFalse(error.Message.Contains("MaxDepth") || error.Message.Contains("Options"), "a parser option the user cannot set is no advice: " + error.Message);
        }

        [TestMethod]
        public void RL0031_unreadable_manifest_is_reported_not_thrown()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc"), ["src/main.rs"] = Main });

            // An exclusive handle makes the file unreadable on every OS, even for an administrator.
            using (new FileStream(_tree.PathOf("Cargo.toml"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                Assert.IsNull(LoadProject());
            }

            var error = Single(_diagnostics, "RL0031");
            Assert.AreEqual(_tree.PathOf("Cargo.toml"), error.File);
            StringAssert.Contains(error.Message, "Cannot read");
        }

        [TestMethod]
        public void RL0031_in_an_ancestor_workspace_manifest_is_reported()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace\n", ["svc/Cargo.toml"] = Package("svc"), ["svc/src/main.rs"] = Main });

            LoadProject("svc");

            Assert.AreEqual(_tree.PathOf("Cargo.toml"), Single(_diagnostics, "RL0031").File);
        }

        [TestMethod]
        public void RL0032_unknown_binary_lists_the_existing_ones_sorted()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = Package("svc"),
                ["src/bin/zeta.rs"] = Main,
                ["src/bin/alpha.rs"] = Main,
            });

            Assert.IsNull(Select("beta"));

            var error = Single(_diagnostics, "RL0032");
            AssertAtTemplate(error, 20);
            StringAssert.Contains(error.Message, "Function 'OrdersFunction'");
            StringAssert.Contains(error.Message, "'beta' is not a binary of package 'svc'");
            StringAssert.Contains(error.Message, "The binaries are: alpha, zeta.");
        }

        [TestMethod]
        public void RL0033_several_binaries_and_no_Binary_shows_the_metadata_fix()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc"), ["src/main.rs"] = Main, ["src/bin/admin.rs"] = Main });

            Assert.IsNull(Select(null));

            var error = Single(_diagnostics, "RL0033");
            AssertAtTemplate(error, 20);
            StringAssert.Contains(error.Message, "has 2 binaries (admin, svc)");
            StringAssert.Contains(error.Message, "Metadata: { BuildMethod: rust-cargolambda, BuildProperties: { Binary: admin } }");
        }

        [TestMethod]
        public void Single_binary_is_selected_without_a_Binary()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc"), ["src/main.rs"] = Main });

            Assert.AreEqual("svc", Select(null)?.Name);
            Assert.AreEqual(0, _diagnostics.Items.Count);
        }

        [TestMethod]
        public void RL0034_library_only_package_says_how_to_add_a_binary()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("shared"), ["src/lib.rs"] = "" });

            Assert.IsNull(Select(null));

            var error = Single(_diagnostics, "RL0034");
            AssertAtTemplate(error, 20);
            StringAssert.Contains(error.Message, "package 'shared'");
            StringAssert.Contains(error.Message, "has no binary target");
            StringAssert.Contains(error.Message, "Add src/main.rs");
            StringAssert.Contains(error.Message, "[[bin]]");
        }

        [TestMethod]
        public void RL0034_mentions_autobins_when_it_hides_src_main_rs()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc", "autobins = false"), ["src/main.rs"] = Main });

            Assert.IsNull(Select("svc"));

            StringAssert.Contains(Single(_diagnostics, "RL0034").Message, "`autobins = false`");
        }

        [TestMethod]
        public void RL0034_empty_virtual_workspace_names_the_workspace()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"lib\"]\n", ["lib/Cargo.toml"] = Package("lib"), ["lib/src/lib.rs"] = "" });

            Assert.IsNull(Select(null));

            StringAssert.Contains(Single(_diagnostics, "RL0034").Message, $"the workspace at {_tree.PathOf("Cargo.toml")}");
        }

        private void WriteCollidingWorkspace() =>
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"a\", \"b\"]\n",
                ["a/Cargo.toml"] = Package("a", "[[bin]]\nname = \"bootstrap\"\npath = \"src/main.rs\"\n"),
                ["a/src/main.rs"] = Main,
                ["a/src/bin/report.rs"] = Main,
                ["b/Cargo.toml"] = Package("b", "[[bin]]\nname = \"bootstrap\"\npath = \"src/main.rs\"\n"),
                ["b/src/main.rs"] = Main,
            });

        [TestMethod]
        public void RL0035_selecting_a_binary_two_members_define_names_both_manifests()
        {
            WriteCollidingWorkspace();

            Assert.IsNull(Select("bootstrap"));

            var error = Single(_diagnostics, "RL0035");
            AssertAtTemplate(error, 20);
            StringAssert.Contains(error.Message, _tree.PathOf("a/Cargo.toml"));
            StringAssert.Contains(error.Message, _tree.PathOf("b/Cargo.toml"));
            StringAssert.Contains(error.Message, "rename one of them");
        }

        [TestMethod]
        public void RL0035_is_not_reported_when_another_binary_is_selected()
        {
            WriteCollidingWorkspace();

            Assert.AreEqual("report", Select("report")?.Name);
            Assert.AreEqual(0, _diagnostics.Items.Count);
        }

        [TestMethod]
        public void RL0035_applies_to_a_member_CodeUri_because_the_build_spans_the_workspace()
        {
            WriteCollidingWorkspace();

            Assert.IsNull(Select("bootstrap", "a"));

            Single(_diagnostics, "RL0035");
        }

        [TestMethod]
        public void RL0037_bin_that_is_not_an_array_of_tables()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "bin = \"bootstrap\"\n" + Package("svc"), ["src/main.rs"] = Main });

            LoadProject();

            var error = Single(_diagnostics, "RL0037");
            Assert.AreEqual(_tree.PathOf("Cargo.toml"), error.File);
            Assert.AreEqual(1, error.Line);
            StringAssert.Contains(error.Message, "`bin` in ");
            StringAssert.Contains(error.Message, "must be an array of tables, but it is the string \"bootstrap\"");
        }

        [TestMethod]
        public void RL0037_bin_name_that_is_not_a_string_points_at_its_line()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc", "\n[[bin]]\nname = 42\npath = \"src/main.rs\"\n") });

            LoadProject();

            var error = Single(_diagnostics, "RL0037");
            Assert.AreEqual(7, error.Line);
            Assert.AreEqual(1, error.Column);
            StringAssert.Contains(error.Message, "`bin[0].name`");
            StringAssert.Contains(error.Message, "must be a string, but it is the integer 42");
        }

        [TestMethod]
        public void RL0037_autobins_that_is_not_a_boolean()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc", "autobins = \"false\""), ["src/main.rs"] = Main });

            var project = LoadProject();

            var error = Single(_diagnostics, "RL0037");
            Assert.AreEqual(5, error.Line);
            StringAssert.Contains(error.Message, "`package.autobins`");
            StringAssert.Contains(error.Message, "must be a boolean (true or false), but it is the string \"false\"");
            StringAssert.Contains(error.Message, "`autobins = false`");
            Assert.IsNotNull(project, "the rest of the manifest is still usable");
        }

        [TestMethod]
        public void RL0037_members_that_is_not_an_array_of_strings()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[workspace]\nmembers = [\"a\", 2]\n" });

            LoadProject();

            var error = Single(_diagnostics, "RL0037");
            Assert.AreEqual(2, error.Line);
            StringAssert.Contains(error.Message, "`workspace.members`");
            StringAssert.Contains(error.Message, "must be an array of strings, but it is an array");
        }

        [TestMethod]
        public void RL0037_package_without_a_name()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[package]\nversion = \"0.1.0\"\n", ["src/main.rs"] = Main });

            Assert.IsNull(LoadProject());

            var error = Single(_diagnostics, "RL0037");
            Assert.AreEqual(1, error.Line);
            StringAssert.Contains(error.Message, "`package.name` is missing");
        }

        [TestMethod]
        public void RL0037_manifest_with_neither_package_nor_workspace()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = "[dependencies]\n" });

            Assert.IsNull(LoadProject());

            StringAssert.Contains(Single(_diagnostics, "RL0037").Message, "has neither a [package] nor a [workspace] table");
        }

        [TestMethod]
        [DataRow("", "it is empty")]
        [DataRow("  ", "it is empty")]
        [DataRow("../bootstrap", "it contains a path separator")]
        [DataRow("bin\\bootstrap", "it contains a path separator")]
        [DataRow("..", "it contains '..'")]
        [DataRow("my function", "it contains ' '")]
        [DataRow("boot.strap", "it contains '.'")]
        public void RL0038_invalid_binary_names(string binary, string reason)
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc"), ["src/main.rs"] = Main });

            Assert.IsNull(Select(binary));

            var error = Single(_diagnostics, "RL0038");
            AssertAtTemplate(error, 20);
            StringAssert.Contains(error.Message, $"Binary '{binary}' is not a valid Cargo target name: {reason}.");
            Assert.AreEqual(1, _diagnostics.Items.Count, "an invalid name is not also reported as missing");
        }

        [TestMethod]
        [DataRow("[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[[bin]]\npath = \"src/main.rs\"\nname = \"--release\"\n", 7, 1,
            "[[bin]] name '--release'", "it starts with '-'", "Rename the [[bin]].", "[package]", DisplayName = "a [[bin]] name")]
        [DataRow("[package]\nversion = \"0.1.0\"\n  name = \"my.svc\"\n", 3, 3,
            "[package] name 'my.svc'", "it contains '.'", "Rename the package", "[[bin]] name", DisplayName = "the [package] name of src/main.rs")]
        public void RL0037_invalid_name_points_at_its_name_line_and_says_where_it_came_from(string manifest, int line, int column,
            string named, string reason, string fix, string notNamed)
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = manifest, ["src/main.rs"] = Main });

            Assert.IsNull(Select(null));

            var error = Single(_diagnostics, "RL0037");
            Assert.AreEqual((_tree.PathOf("Cargo.toml"), line, column), (error.File, error.Line, error.Column), error.ToString());
            StringAssert.Contains(error.Message, named);
            StringAssert.Contains(error.Message, reason);
            StringAssert.Contains(error.Message, fix);
            Assert.IsFalse(error.Message.Contains(notNamed), "the name came from elsewhere: " + error.Message);
        }

        [TestMethod]
        public void RL0037_invalid_name_of_a_src_bin_file_names_that_file()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc"), ["src/bin/my.handler.rs"] = Main });

            Assert.IsNull(Select(null));

            var error = Single(_diagnostics, "RL0037");
            Assert.AreEqual(_tree.PathOf("src/bin/my.handler.rs"), error.File);
            StringAssert.Contains(error.Message, "'my.handler'");
            StringAssert.Contains(error.Message, "src/bin/my.handler.rs");
            Assert.IsFalse(error.Message.Contains("[[bin]] name") || error.Message.Contains("[package] name"), error.Message);
        }

        [TestMethod]
        public void Non_ascii_letters_are_valid_binary_names()
        {
            _tree.Write(new Dictionary<string, string> { ["Cargo.toml"] = Package("svc"), ["src/bin/größe.rs"] = Main });

            Assert.AreEqual("größe", Select("größe")?.Name);
        }

        [TestMethod]
        public void Problems_in_several_places_are_all_reported_in_one_pass()
        {
            _tree.Write(new Dictionary<string, string>
            {
                ["Cargo.toml"] = "[workspace]\nmembers = [\"a\", \"b\", \"missing\"]\n",
                ["a/Cargo.toml"] = "[package\n",
                ["b/Cargo.toml"] = Package("b", "autobins = 1"),
            });

            LoadProject();

            CollectionAssert.AreEquivalent(new[] { "RL0031", "RL0036", "RL0037" }, _diagnostics.Items.Select(d => d.Code).ToArray());
        }
    }
}
