using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tests.SamConfig
{
    /// <summary>Bad and odd samconfig.toml files, SamBetaFeatures values and SamParameterOverrides: one clear diagnostic each.</summary>
    [TestClass]
    public class SamConfigAndOverridesCatalogueTests
    {
        private static (BetaOptInResult Result, DiagnosticBag Diagnostics, string Path) Evaluate(string? samconfig, string? property = null,
            bool explicitConfig = false, string configEnv = "default", string folder = "Bücher Ω", bool configIsFolder = false)
        {
            using var dir = new TempDirectory();
            string root = Path.Combine(dir.Path, folder);
            Directory.CreateDirectory(root);
            string path = Path.Combine(root, "samconfig.toml");
            if (configIsFolder)
            {
                Directory.CreateDirectory(path);
            }
            else if (samconfig != null)
            {
                File.WriteAllBytes(path, Encoding.UTF8.GetBytes(samconfig));
            }
            var before = Hardened.Snapshot(dir.Path);
            var diagnostics = new DiagnosticBag();
            var result = Hardened.Run(() => BetaOptIn.Evaluate(property, _ => null, path, explicitConfig, configEnv, diagnostics), "BetaOptIn.Evaluate");
            Hardened.AssertUnchanged(before, dir.Path);
            Hardened.AssertWellFormed(diagnostics);
            return (result, diagnostics, path);
        }

        [TestMethod]
        [DataRow("[default.build.parameters\nbeta_features = true\n", "not valid TOML: Expected `]`", 1, DisplayName = "samconfig: unclosed table header")]
        [DataRow("version = 0.1\n[default.build.parameters]\nbeta_features = \"true\"\n", "must be true or false (a TOML boolean, unquoted), but is the string \"true\"", 3, DisplayName = "samconfig: beta_features is a string")]
        [DataRow("[default.build.parameters]\nbeta_features = 1\n", "but is the integer 1", 2, DisplayName = "samconfig: beta_features is a number")]
        [DataRow("[default.build.parameters]\nbeta_features = [true]\n", "but is an array", 2, DisplayName = "samconfig: beta_features is an array")]
        [DataRow("[default.build.parameters]\nbeta_features = { on = true }\n", "but is a table", 2, DisplayName = "samconfig: beta_features is a table")]
        [DataRow("[default.build.parameters]\nbeta_features = 1979-05-27\n", "but is 1979-05-27", 2, DisplayName = "samconfig: beta_features is a date")]
        [DataRow("[default.global.parameters]\nbeta_features = \"yes\"\n", "beta_features under [default.global.parameters] must be true or false", 2, DisplayName = "samconfig: global beta_features is a string")]
        [DataRow("default = 5\n", "'default' in samconfig must be a table such as [default.build.parameters], but is the integer 5", 1, DisplayName = "samconfig: the environment is a number")]
        [DataRow("[default]\nbuild = \"fast\"\n", "'default.build' in samconfig must be a table", 2, DisplayName = "samconfig: build is a string")]
        [DataRow("[default.build]\nparameters = [1, 2]\n", "'default.build.parameters' in samconfig must be a table", 2, DisplayName = "samconfig: parameters is an array")]
        [DataRow("[default.build.parameters]\nbeta_features = true\nbeta_features = false\n", "beta_features", 3, DisplayName = "samconfig: beta_features twice")]
        [DataRow("[default.build.parameters]\n[default.build.parameters]\n", "not valid TOML", 2, DisplayName = "samconfig: a table twice")]
        [DataRow("x = 99999999999999999999999\n", "not valid TOML", 1, DisplayName = "samconfig: integer overflow")]
        [DataRow("x = \"a\0b\"\n", "not valid TOML", 1, DisplayName = "samconfig: NUL in a string")]
        [DataRow("\0\0\0\0", "not valid TOML", 1, DisplayName = "samconfig: binary")]
        [DataRow("x = 1 y = 2\n", "not valid TOML", 1, DisplayName = "samconfig: two values on a line")]
        [DataRow("[default.build.parameters]\nbeta_features = tru\n", "not valid TOML", 2, DisplayName = "samconfig: misspelt boolean")]
        [DataRow("key = \"unterminated\n", "not valid TOML", 1, DisplayName = "samconfig: unterminated string")]
        public void A_bad_samconfig_gives_one_RL0041_at_the_line(string samconfig, string fragment, int line)
        {
            var (result, diagnostics, path) = Evaluate(samconfig);
            Assert.IsFalse(result.IsEnabled);
            var error = Hardened.Single(diagnostics, DiagnosticCodes.SamConfigUnreadable, fragment, path, line);
            Assert.IsFalse(error.Message.Contains(".."), "no doubled full stops: " + error.Message);
        }

        [TestMethod]
        public void A_deeply_nested_samconfig_gives_one_RL0041()
        {
            var (_, diagnostics, path) = Evaluate("a = " + new string('[', 100_000) + new string(']', 100_000) + "\n");
            Hardened.Single(diagnostics, DiagnosticCodes.SamConfigUnreadable, "not valid TOML", path, 1);
        }

        [TestMethod]
        public void A_10_MB_samconfig_string_gives_one_short_RL0041()
        {
            var (_, diagnostics, path) = Evaluate("[default.build.parameters]\nbeta_features = \"" + new string('t', 10_000_000) + "\"\n");
            Hardened.Single(diagnostics, DiagnosticCodes.SamConfigUnreadable, "but is the string \"ttt", path, 2);
        }

        [TestMethod]
        [DataRow("yes", DisplayName = "SamBetaFeatures: yes")]
        [DataRow("1", DisplayName = "SamBetaFeatures: 1")]
        [DataRow("true;false", DisplayName = "SamBetaFeatures: two values")]
        public void An_invalid_SamBetaFeatures_gives_one_RL0042(string value)
        {
            var (result, diagnostics, _) = Evaluate("[default.build.parameters]\nbeta_features = true\n", property: value);
            Assert.IsFalse(result.IsEnabled);
            Hardened.Single(diagnostics, DiagnosticCodes.InvalidBetaFeaturesValue, $"SamBetaFeatures is '{value}'; it must be true, false or empty");
        }

        [TestMethod]
        public void SamConfigFile_missing_gives_one_RL0043()
        {
            var (_, diagnostics, _) = Evaluate(null, explicitConfig: true);
            Hardened.Single(diagnostics, DiagnosticCodes.SamConfigNotFound, "does not exist");
        }

        [TestMethod]
        public void SamConfigFile_a_folder_gives_one_RL0043_saying_so()
        {
            var (_, diagnostics, _) = Evaluate(null, explicitConfig: true, configIsFolder: true);
            Hardened.Single(diagnostics, DiagnosticCodes.SamConfigNotFound, "is a folder");
        }

        [TestMethod]
        public void Works_samconfig_a_folder_that_was_not_asked_for_is_ignored()
        {
            var (result, diagnostics, _) = Evaluate(null, configIsFolder: true);
            Assert.IsFalse(result.IsEnabled);
            Assert.AreEqual(0, diagnostics.Items.Count);
        }

        [TestMethod]
        [DataRow("\uFEFF[default.build.parameters]\r\nbeta_features = true\r\n", "default", DisplayName = "Works: samconfig with a BOM and CRLF line ends")]
        [DataRow("version = 0.1\n[\"prüfung ω\".build.parameters]\nbeta_features = true\n", "prüfung ω", DisplayName = "Works: samconfig environment with non-ASCII letters and a space")]
        [DataRow("[default.global.parameters]\nbeta_features = true # comment\n[default.deploy.parameters]\nbeta_features = 5\n", "default", DisplayName = "Works: samconfig other commands' values are not read")]
        public void Odd_but_valid_samconfig_works(string samconfig, string configEnv)
        {
            var (result, diagnostics, _) = Evaluate(samconfig, configEnv: configEnv);
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            Assert.IsTrue(result.IsEnabled, result.Reason);
        }

        private static Diagnostic Override(string text, string fragment)
        {
            var diagnostics = new DiagnosticBag();
            Hardened.Run(() => ParameterOverrides.Parse(text, diagnostics), "ParameterOverrides.Parse");
            return Hardened.Single(diagnostics, DiagnosticCodes.InvalidParameterOverrides, fragment);
        }

        [TestMethod]
        [DataRow("Stage", "'Stage', which is not Name=value", DisplayName = "Overrides: a name without a value")]
        [DataRow("=dev", "'=dev', which is not Name=value", DisplayName = "Overrides: a value without a name")]
        [DataRow("Stage=dev Greeting=\"hello", "unclosed \" quote", DisplayName = "Overrides: unclosed double quote")]
        [DataRow("Greeting='hello", "unclosed ' quote", DisplayName = "Overrides: unclosed single quote")]
        [DataRow("ParameterKey=Stage", "lacks ',ParameterValue='", DisplayName = "Overrides: ParameterKey without ParameterValue")]
        [DataRow("ParameterKey=,ParameterValue=dev", "whose ParameterKey is empty", DisplayName = "Overrides: empty ParameterKey")]
        [DataRow("Stage=dev Arch", "'Arch', which is not Name=value", DisplayName = "Overrides: one good pair and one bad")]
        public void A_malformed_override_gives_one_RL0028(string text, string fragment) => Override(text, fragment);

        [TestMethod]
        public void Works_overrides_with_non_ASCII_quotes_tabs_and_line_ends()
        {
            var diagnostics = new DiagnosticBag();
            var result = Hardened.Run(() => ParameterOverrides.Parse("Name=\"Bücher Ω\"\tPath='a b/c d'\r\nEmpty= ParameterKey=Arch,ParameterValue=arm64", diagnostics), "Parse");
            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            Assert.AreEqual("Bücher Ω", result["Name"]);
            Assert.AreEqual("a b/c d", result["Path"]);
            Assert.AreEqual("", result["Empty"]);
            Assert.AreEqual("arm64", result["Arch"]);
        }

        [TestMethod]
        public void An_override_for_an_undeclared_parameter_gives_one_RL0029_warning()
        {
            using var dir = new TempDirectory();
            string path = dir.Write("template.yaml", "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: ., Handler: bootstrap, Runtime: provided.al2023 }\n    Metadata: { BuildMethod: rust-cargolambda }\n");
            var diagnostics = new DiagnosticBag();
            var template = Hardened.Run(() => new SamTemplateReader(diagnostics).Read(path, new Dictionary<string, string> { ["Stage"] = "dev" }, new string[0]), "Read");
            Assert.IsNotNull(template);
            Hardened.Single(diagnostics, DiagnosticCodes.UnknownParameterOverride, "sets 'Stage', but the template declares no such parameter", path, 0, DiagnosticSeverity.Warning);
        }
    }
}
