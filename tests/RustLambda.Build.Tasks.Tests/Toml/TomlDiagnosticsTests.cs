using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Toml;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace RustLambda.Build.Tests.Toml
{
    [TestClass]
    public class TomlDiagnosticsTests
    {
        [TestMethod]
        public void Scalars_are_named_with_their_value_and_containers_by_kind()
        {
            Assert.AreEqual("the string \"yes\"", TomlDiagnostics.Describe("yes"));
            Assert.AreEqual("the integer 1", TomlDiagnostics.Describe(1L));
            Assert.AreEqual("the float 1.5", TomlDiagnostics.Describe(1.5));
            Assert.AreEqual("the boolean false", TomlDiagnostics.Describe(false));
            Assert.AreEqual("an array", TomlDiagnostics.Describe(new TomlArray()));
            Assert.AreEqual("a table", TomlDiagnostics.Describe(new TomlTable()));
            Assert.AreEqual("an array of tables", TomlDiagnostics.Describe(new TomlTableArray()));
            Assert.AreEqual("empty", TomlDiagnostics.Describe(null));
        }

        [TestMethod]
        public void A_long_string_is_shortened_and_control_characters_are_escaped()
        {
            string described = TomlDiagnostics.Describe(new string('x', 5000));
            StringAssert.Contains(described, "(5000 characters)");
            Assert.IsTrue(described.Length < 200, described);
            Assert.AreEqual("the string \"a\\u0000b\"", TomlDiagnostics.Describe("a\0b"));
        }

        [TestMethod]
        public void A_control_character_in_a_toml_value_is_escaped_once_by_the_one_rule_of_MessageText()
        {
            using var dir = new TempDirectory();
            // TOML's own escape puts a real ESC and a tab into the value.
            string message = AutobinsMessage(dir, "\"a\\u001Bb\\tc\"");
            StringAssert.Contains(message, "the string \"" + MessageText.Shorten("a\u001Bb\tc") + "\"");
            StringAssert.Contains(message, "a\\u001Bb\tc", "ESC escaped once (MessageText's upper-case form), a tab kept");
            Assert.IsFalse(message.Contains("\\\\u") || message.Contains("\\u005C") || message.Contains("\u001B"), message);
        }

        [TestMethod]
        public void The_parser_message_keeps_the_first_error_without_Tomlyns_prefix()
        {
            Assert.AreEqual("Expected `]`", TomlDiagnostics.ParserMessage("(1,25) : error : Expected `]`.\n(2,1) : error : Unexpected token"));
            Assert.AreEqual("plain", TomlDiagnostics.ParserMessage("plain"));
        }

        [TestMethod]
        public void The_nesting_limit_is_said_as_what_to_do_with_the_file_not_as_a_parser_option()
        {
            Assert.AreEqual("it nests deeper than 64 levels (arrays or inline tables inside one another); flatten it",
                TomlDiagnostics.ParserMessage("(3,67) : error : The maximum depth of 64 has been exceeded. Change TomlSerializerOptions.MaxDepth to allow deeper nesting."));
        }

        [TestMethod]
        public void A_control_character_the_parser_quotes_is_escaped_by_the_same_rule()
        {
            Assert.AreEqual("Unexpected character `\\u001B`", TomlDiagnostics.ParserMessage("(1,8) : error : Unexpected character `\u001B`."));
        }

        [TestMethod]
        public void Positions_are_1_based_and_0_when_the_key_is_unknown()
        {
            var positions = new TomlMetadataStore();
            var table = StrictToml.Parse("a = 1\n  b = 2\n", positions);
            Assert.AreEqual((2, 3), TomlDiagnostics.PositionOf(positions, table, "b"));
            Assert.AreEqual((0, 0), TomlDiagnostics.PositionOf(positions, table, "missing"));
        }

        [TestMethod]
        public void Cargo_toml_and_samconfig_toml_describe_a_wrong_value_in_the_same_words()
        {
            using var dir = new TempDirectory();
            string config = Path.Combine(dir.Path, "samconfig.toml");
            File.WriteAllText(config, "[default.build.parameters]\nbeta_features = \"on\"\n");
            var samConfigDiagnostics = new DiagnosticBag();
            BetaOptIn.Evaluate(null, _ => null, config, true, "default", samConfigDiagnostics);

            StringAssert.Contains(samConfigDiagnostics.Items.Single().Message, "the string \"on\"");
            StringAssert.Contains(AutobinsMessage(dir, "\"on\""), "the string \"on\"");
        }

        /// <summary>The RL0037 message for a crate (in <paramref name="dir"/>) whose `autobins` is the TOML value given.</summary>
        private static string AutobinsMessage(TempDirectory dir, string autobins)
        {
            string crate = Path.Combine(dir.Path, "crate");
            Directory.CreateDirectory(Path.Combine(crate, "src"));
            File.WriteAllText(Path.Combine(crate, "src", "main.rs"), "fn main() {}\n");
            File.WriteAllText(Path.Combine(crate, "Cargo.toml"), $"[package]\nname = \"app\"\nversion = \"0.1.0\"\nautobins = {autobins}\n");
            var diagnostics = new DiagnosticBag();
            new CargoManifestReader().LoadProject(crate, diagnostics);
            return diagnostics.Items.Single(d => d.Code == DiagnosticCodes.ManifestWrongType).Message;
        }
    }
}
