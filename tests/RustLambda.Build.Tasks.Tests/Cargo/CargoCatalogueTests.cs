using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tests.Cargo
{
    /// <summary>
    /// Bad Cargo projects behind a function's CodeUri, through LoadProject and SelectBinary as the build calls them: one clear
    /// diagnostic each (at the manifest's line, or at the template's CodeUri/Binary line), no exception, no hang, no file touched.
    /// </summary>
    [TestClass]
    public class CargoCatalogueTests
    {
        private const int CodeUriLine = 5;
        private const int BinaryLine = 11;

        private static string Package(string name, string extra = "") => $"[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{extra}";

        private const string Main = "fn main() {}\n";

        private sealed class Case
        {
            public Case(Dictionary<string, string> files, string code, string fragment, bool atTemplate, int line)
            {
                Files = files;
                Code = code;
                Fragment = fragment;
                AtTemplate = atTemplate;
                Line = line;
            }

            /// <summary>Relative to the CodeUri folder "crate"; "!dir" makes a folder.</summary>
            public Dictionary<string, string> Files { get; }
            public string Code { get; }
            public string Fragment { get; }

            /// <summary>The diagnostic points at the template (CodeUri or Binary line) rather than at a Cargo.toml.</summary>
            public bool AtTemplate { get; }
            public int Line { get; }
            public string? Binary { get; init; }
            public string CodeUri { get; init; } = "crate";
            public DiagnosticSeverity Severity { get; init; } = DiagnosticSeverity.Error;
        }

        private static Dictionary<string, string> Files(params (string Path, string Content)[] files) => files.ToDictionary(f => f.Path, f => f.Content);

        private static Case AtTemplate(Dictionary<string, string> files, string code, string fragment, int line, string? binary = null) =>
            new Case(files, code, fragment, true, line) { Binary = binary };

        private static Case AtManifest(Dictionary<string, string> files, string code, string fragment, int line) => new Case(files, code, fragment, false, line);

        private static readonly Dictionary<string, string> OneBinary = Files(("crate/Cargo.toml", Package("app")), ("crate/src/main.rs", Main));

        private static readonly Dictionary<string, Case> Cases = new Dictionary<string, Case>(StringComparer.Ordinal)
        {
            ["CodeUri folder has no Cargo.toml"] = AtTemplate(Files(("crate/src/main.rs", Main)), DiagnosticCodes.ManifestNotFound, "has no Cargo.toml", CodeUriLine),
            ["CodeUri folder does not exist"] = new Case(Files(("other/Cargo.toml", Package("x"))), DiagnosticCodes.ManifestNotFound, "does not exist", true, CodeUriLine) { CodeUri = "missing" },
            ["Cargo.toml is a folder"] = AtTemplate(Files(("crate/Cargo.toml", "!dir")), DiagnosticCodes.ManifestNotFound, "is a folder, not a file", CodeUriLine),
            ["Cargo.toml is not TOML"] = AtManifest(Files(("crate/Cargo.toml", "[package\nname = \"app\"\n")), DiagnosticCodes.ManifestUnreadable, "is not valid TOML at line 1", 1),
            ["Cargo.toml has an unterminated string"] = AtManifest(Files(("crate/Cargo.toml", "[package]\nname = \"app\nversion = \"0.1.0\"\n")), DiagnosticCodes.ManifestUnreadable, "is not valid TOML", 2),
            ["Cargo.toml holds NUL bytes"] = AtManifest(Files(("crate/Cargo.toml", "[package]\nname = \"a\0pp\"\n")), DiagnosticCodes.ManifestUnreadable, "is not valid TOML", 2),
            ["Cargo.toml nests 100000 arrays"] = AtManifest(Files(("crate/Cargo.toml", "x = " + new string('[', 100_000) + new string(']', 100_000) + "\n")), DiagnosticCodes.ManifestUnreadable, "is not valid TOML", 1),
            ["Cargo.toml is empty"] = AtManifest(Files(("crate/Cargo.toml", "")), DiagnosticCodes.ManifestWrongType, "has neither a [package] nor a [workspace] table", 0),
            ["package is a string"] = AtManifest(Files(("crate/Cargo.toml", "package = \"app\"\n")), DiagnosticCodes.ManifestWrongType, "`package` in", 1),
            ["package.name is a number"] = AtManifest(Files(("crate/Cargo.toml", "[package]\nname = 5\nversion = \"0.1.0\"\n"), ("crate/src/main.rs", Main)), DiagnosticCodes.ManifestWrongType, "`package.name` in", 2),
            ["package.name is missing"] = AtManifest(Files(("crate/Cargo.toml", "[package]\nversion = \"0.1.0\"\n"), ("crate/src/main.rs", Main)), DiagnosticCodes.ManifestWrongType, "`package.name` is missing", 1),
            ["[[bin]] name is a number"] = AtManifest(Files(("crate/Cargo.toml", Package("app", "[[bin]]\nname = 7\npath = \"src/main.rs\"\n")), ("crate/src/main.rs", Main)), DiagnosticCodes.ManifestWrongType, "`bin[0].name`", 6),
            ["autobins is a string"] = AtManifest(Files(("crate/Cargo.toml", Package("app", "autobins = \"no\"\n")), ("crate/src/main.rs", Main)), DiagnosticCodes.ManifestWrongType, "`package.autobins`", 5),
            ["workspace exclude is a number"] = AtManifest(Files(("crate/Cargo.toml", Package("app", "[workspace]\nexclude = 5\n")), ("crate/src/main.rs", Main)), DiagnosticCodes.ManifestWrongType, "exclude", 6),
            ["a library, no binary"] = AtTemplate(Files(("crate/Cargo.toml", Package("app")), ("crate/src/lib.rs", "pub fn f() {}\n")), DiagnosticCodes.NoBinaries, "has no binary target", CodeUriLine),
            ["autobins = false hides src/main.rs"] = AtTemplate(Files(("crate/Cargo.toml", Package("app", "autobins = false\n")), ("crate/src/main.rs", Main)), DiagnosticCodes.NoBinaries, "`autobins = false`", CodeUriLine),
            ["two binaries and no Binary"] = AtTemplate(Files(("crate/Cargo.toml", Package("app")), ("crate/src/bin/a.rs", Main), ("crate/src/bin/b.rs", Main)), DiagnosticCodes.AmbiguousBinary, "has 2 binaries (a, b)", CodeUriLine),
            ["Binary names no binary"] = AtTemplate(OneBinary, DiagnosticCodes.BinaryNotFound, "Binary 'other' is not a binary of package 'app'", BinaryLine, "other"),
            ["Binary is a relative path"] = AtTemplate(OneBinary, DiagnosticCodes.InvalidBinaryName, "contains a path separator", BinaryLine, "../app"),
            ["Binary is an absolute path"] = AtTemplate(OneBinary, DiagnosticCodes.InvalidBinaryName, "contains a path separator", BinaryLine, "/usr/bin/app"),
            ["Binary has a backslash"] = AtTemplate(OneBinary, DiagnosticCodes.InvalidBinaryName, "contains a path separator", BinaryLine, "target\\app"),
            ["Binary is .."] = AtTemplate(OneBinary, DiagnosticCodes.InvalidBinaryName, "contains '..'", BinaryLine, ".."),
            ["Binary has a space"] = AtTemplate(OneBinary, DiagnosticCodes.InvalidBinaryName, "contains ' '", BinaryLine, "my app"),
            ["Binary is empty"] = AtTemplate(OneBinary, DiagnosticCodes.InvalidBinaryName, "it is empty", BinaryLine, ""),
            ["two members define one binary name"] = AtTemplate(Files(
                    ("crate/Cargo.toml", "[workspace]\nmembers = [\"a\", \"b\"]\n"),
                    ("crate/a/Cargo.toml", Package("a", "[[bin]]\nname = \"handler\"\npath = \"src/main.rs\"\n")), ("crate/a/src/main.rs", Main),
                    ("crate/b/Cargo.toml", Package("b", "[[bin]]\nname = \"handler\"\npath = \"src/main.rs\"\n")), ("crate/b/src/main.rs", Main)),
                DiagnosticCodes.DuplicateBinary, "binary 'handler' is defined by more than one workspace member", BinaryLine, "handler"),
            ["a workspace member is missing"] = new Case(Files(
                    ("crate/Cargo.toml", "[workspace]\nmembers = [\"a\", \"gone\"]\n"),
                    ("crate/a/Cargo.toml", Package("a")), ("crate/a/src/main.rs", Main)),
                DiagnosticCodes.MissingWorkspaceMember, "gone", false, 2) { Severity = DiagnosticSeverity.Warning },
        };

        public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

        public static string CaseName(MethodInfo method, object[] data) => "Cargo: " + data[0];

        [TestMethod]
        [DynamicData(nameof(CaseNames), DynamicDataDisplayName = nameof(CaseName))]
        public void Answers_with_one_clear_diagnostic(string name)
        {
            var c = Cases[name];
            using var dir = new TempDirectory("Bücher Ω");
            foreach (var file in c.Files)
            {
                if (file.Value == "!dir")
                {
                    Directory.CreateDirectory(dir.Combine(file.Key));
                }
                else
                {
                    dir.Write(file.Key, file.Value);
                }
            }
            string templatePath = dir.Write("template.yaml", "# the function's template\n");
            var before = Hardened.Snapshot(dir.Path);

            var reader = new CargoManifestReader();
            var diagnostics = new DiagnosticBag();
            var binary = Hardened.Run(() =>
            {
                var project = reader.LoadProject(dir.Combine(c.CodeUri), diagnostics, templatePath, CodeUriLine);
                return project == null ? null : reader.SelectBinary(project, c.Binary, "Fn", diagnostics, templatePath, c.Binary == null ? CodeUriLine : BinaryLine);
            }, name);

            Hardened.AssertUnchanged(before, dir.Path);
            string? where = c.AtTemplate ? templatePath : Directory.EnumerateFiles(dir.Path, "Cargo.toml", SearchOption.AllDirectories).OrderBy(f => f.Length).FirstOrDefault();
            Hardened.Single(diagnostics, c.Code, c.Fragment, where, c.Line, c.Severity);
        }

        [TestMethod]
        public void Workspace_members_of_the_wrong_type_gives_one_RL0037()
        {
            using var dir = new TempDirectory();
            dir.Write("crate/Cargo.toml", "[workspace]\nmembers = \"a\"\n");
            dir.Write("crate/a/Cargo.toml", Package("a"));
            dir.Write("crate/a/src/main.rs", Main);
            var reader = new CargoManifestReader();
            var diagnostics = new DiagnosticBag();
            Hardened.Run(() =>
            {
                var project = reader.LoadProject(dir.Combine("crate"), diagnostics, "/t.yaml", 1);
                return project == null ? null : reader.SelectBinary(project, null, "Fn", diagnostics, "/t.yaml", 1);
            }, "LoadProject");
            Hardened.Single(diagnostics, DiagnosticCodes.ManifestWrongType, "`workspace.members`", dir.Combine("crate", "Cargo.toml"), 2);
        }

        [TestMethod]
        public void Cargo_toml_with_a_key_twice_gives_one_RL0031()
        {
            using var dir = new TempDirectory();
            dir.Write("crate/Cargo.toml", "[package]\nname = \"a\"\nname = \"b\"\nversion = \"0.1.0\"\n");
            dir.Write("crate/src/main.rs", Main);
            var diagnostics = new DiagnosticBag();
            Hardened.Run(() => new CargoManifestReader().LoadProject(dir.Combine("crate"), diagnostics, "/t.yaml", 1), "LoadProject");
            Hardened.Single(diagnostics, DiagnosticCodes.ManifestUnreadable, "name", dir.Combine("crate", "Cargo.toml"), 3);
        }

        [TestMethod]
        public void A_NUL_in_a_Cargo_toml_path_gives_one_RL0037()
        {
            using var dir = new TempDirectory();
            dir.Write("crate/Cargo.toml", Package("app", "build = \"bu\\u0000ild.rs\"\n"));
            dir.Write("crate/src/main.rs", Main);
            var diagnostics = new DiagnosticBag();
            Hardened.Run(() => new CargoManifestReader().LoadProject(dir.Combine("crate"), diagnostics, "/t.yaml", 1), "LoadProject");
            Hardened.Single(diagnostics, DiagnosticCodes.ManifestWrongType, "package.build", dir.Combine("crate", "Cargo.toml"), 5);
        }

        [TestMethod]
        public void A_bin_name_with_path_separators_in_Cargo_toml_is_refused()
        {
            using var dir = new TempDirectory();
            dir.Write("crate/Cargo.toml", Package("app", "[[bin]]\nname = \"../../evil\"\npath = \"src/main.rs\"\n"));
            dir.Write("crate/src/main.rs", Main);
            var reader = new CargoManifestReader();
            var diagnostics = new DiagnosticBag();
            var binary = Hardened.Run(() =>
            {
                var project = reader.LoadProject(dir.Combine("crate"), diagnostics, "/t.yaml", 1);
                return project == null ? null : reader.SelectBinary(project, null, "Fn", diagnostics, "/t.yaml", 1);
            }, "LoadProject");
            Assert.IsNull(binary);
            Assert.AreEqual(1, diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error), string.Join("\n", diagnostics.Items));
        }

        [TestMethod]
        public void Works_Cargo_toml_with_a_BOM_and_CRLF_in_a_non_ASCII_folder()
        {
            using var dir = new TempDirectory("Bücher Ω");
            string crate = dir.Combine("Fünf Ω", "mein crate");
            Directory.CreateDirectory(Path.Combine(crate, "src"));
            File.WriteAllText(Path.Combine(crate, "Cargo.toml"), Package("grüße").Replace("\n", "\r\n"), new System.Text.UTF8Encoding(true));
            File.WriteAllText(Path.Combine(crate, "src", "main.rs"), Main);
            var before = Hardened.Snapshot(dir.Path);
            var reader = new CargoManifestReader();
            var diagnostics = new DiagnosticBag();
            var project = Hardened.Run(() => reader.LoadProject(crate, diagnostics, "/t.yaml", 1), "LoadProject");
            var binary = reader.SelectBinary(project!, null, "Fn", diagnostics, "/t.yaml", 1);
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            Assert.AreEqual("grüße", binary!.Name);
            Hardened.AssertUnchanged(before, dir.Path);
        }
    }
}
