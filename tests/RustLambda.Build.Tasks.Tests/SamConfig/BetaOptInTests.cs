using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;

namespace RustLambda.Build.Tests.SamConfig
{
    [TestClass]
    public class BetaOptInTests
    {
        private static BetaOptInResult Evaluate(string? property, Dictionary<string, string>? env, string? samconfig, out DiagnosticBag diagnostics, string configEnv = "default", bool explicitConfig = false)
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("samconfig.toml");
            if (samconfig != null)
            {
                dir.Write("samconfig.toml", samconfig);
            }
            diagnostics = new DiagnosticBag();
            var environment = env ?? new Dictionary<string, string>();
            return BetaOptIn.Evaluate(property, name => environment.TryGetValue(name, out var v) ? v : null, path, explicitConfig, configEnv, diagnostics);
        }

        [TestMethod]
        public void Nothing_set_is_not_opted_in_and_the_message_names_every_way_in()
        {
            Assert.IsFalse(Evaluate(null, null, null, out var d).IsEnabled);
            Assert.IsFalse(d.HasErrors);
            string message = BetaOptIn.NotEnabledMessage("/x/samconfig.toml", "default");
            foreach (var way in new[] { "<SamBetaFeatures>true</SamBetaFeatures>", "SAM_CLI_BETA_RUST_CARGO_LAMBDA=1", "SAM_CLI_BETA_FEATURES=1", "beta_features = true", "[default.build.parameters]", "/x/samconfig.toml" })
            {
                StringAssert.Contains(message, way);
            }
        }

        [TestMethod]
        [DataRow("true", true)]
        [DataRow("True", true)]
        [DataRow("false", false)]
        public void The_property_decides(string value, bool expected) =>
            Assert.AreEqual(expected, Evaluate(value, null, null, out _).IsEnabled);

        [TestMethod]
        [DataRow("SAM_CLI_BETA_RUST_CARGO_LAMBDA")]
        [DataRow("SAM_CLI_BETA_FEATURES")]
        public void Either_environment_variable_set_to_1_opts_in(string variable)
        {
            Assert.IsTrue(Evaluate(null, new Dictionary<string, string> { [variable] = "1" }, null, out _).IsEnabled);
            Assert.IsFalse(Evaluate(null, new Dictionary<string, string> { [variable] = "true" }, null, out _).IsEnabled, "SAM accepts exactly 1");
        }

        [TestMethod]
        public void Samconfig_build_and_global_parameters_opt_in_for_the_chosen_environment()
        {
            Assert.IsTrue(Evaluate(null, null, "version = 0.1\n[default.build.parameters]\nbeta_features = true\n", out _).IsEnabled);
            Assert.IsTrue(Evaluate(null, null, "[default.global.parameters]\nbeta_features = true\n", out _).IsEnabled);
            Assert.IsFalse(Evaluate(null, null, "[prod.build.parameters]\nbeta_features = true\n", out _).IsEnabled, "another environment's section does not count");
            Assert.IsTrue(Evaluate(null, null, "[prod.build.parameters]\nbeta_features = true\n", out _, configEnv: "prod").IsEnabled);
            Assert.IsFalse(Evaluate(null, null, "[default.global.parameters]\nbeta_features = true\n[default.build.parameters]\nbeta_features = false\n", out _).IsEnabled, "build wins over global");
        }

        [TestMethod]
        public void Precedence_property_then_samconfig_then_environment()
        {
            var env = new Dictionary<string, string> { ["SAM_CLI_BETA_FEATURES"] = "1" };
            const string configNo = "[default.build.parameters]\nbeta_features = false\n";
            const string configYes = "[default.build.parameters]\nbeta_features = true\n";
            Assert.IsFalse(Evaluate("false", env, configYes, out _).IsEnabled, "an explicit false wins over everything");
            Assert.IsTrue(Evaluate("true", env, configNo, out _).IsEnabled);
            Assert.IsFalse(Evaluate(null, env, configNo, out _).IsEnabled, "samconfig false acts like --no-beta-features");
            Assert.IsTrue(Evaluate(null, env, "[default.build.parameters]\ncached = true\n", out _).IsEnabled);
        }

        [TestMethod]
        public void Malformed_samconfig_is_an_error_with_file_and_line()
        {
            Evaluate(null, null, "version = 0.1\n[default.build.parameters\nbeta_features = true\n", out var d);
            var error = d.Items.Single();
            Assert.AreEqual(DiagnosticCodes.SamConfigUnreadable, error.Code);
            StringAssert.EndsWith(error.File, "samconfig.toml");
            Assert.AreEqual(2, error.Line);
        }

        [TestMethod]
        public void Wrong_types_and_values_are_errors()
        {
            Evaluate(null, null, "[default.build.parameters]\nbeta_features = \"true\"\n", out var d);
            StringAssert.Contains(d.Items.Single(x => x.Code == DiagnosticCodes.SamConfigUnreadable).Message, "TOML boolean");
            Evaluate("yes", null, null, out var p);
            Assert.AreEqual(DiagnosticCodes.InvalidBetaFeaturesValue, p.Items.Single().Code);
            Evaluate(null, null, null, out var missing, explicitConfig: true);
            Assert.AreEqual(DiagnosticCodes.SamConfigNotFound, missing.Items.Single().Code);
        }
    }
}
