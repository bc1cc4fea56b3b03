using System;
using System.IO;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Toml;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace RustLambda.Build.SamConfig
{
    /// <summary>
    /// SAM marks rust-cargolambda as a beta build method; the build must be opted in the ways SAM accepts, and never prompts.
    /// Precedence, strongest first: the SamBetaFeatures property (true or false, like --beta-features/--no-beta-features),
    /// then samconfig.toml's beta_features (config values are SAM's option defaults, so false there also turns it off),
    /// then the environment (SAM_CLI_BETA_RUST_CARGO_LAMBDA=1 or SAM_CLI_BETA_FEATURES=1).
    /// </summary>
    public static class BetaOptIn
    {
        public const string FeatureVariable = "SAM_CLI_BETA_RUST_CARGO_LAMBDA";
        public const string AllFeaturesVariable = "SAM_CLI_BETA_FEATURES";

        /// <param name="samConfigPath">The samconfig.toml to read (may not exist unless <paramref name="samConfigExplicit"/>).</param>
        public static BetaOptInResult Evaluate(string? betaFeaturesProperty, Func<string, string?> environment, string samConfigPath, bool samConfigExplicit, string samConfigEnvironment, DiagnosticBag diagnostics)
        {
            string property = (betaFeaturesProperty ?? "").Trim();
            if (property.Length > 0)
            {
                if (property.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    return new BetaOptInResult(true, "SamBetaFeatures=true");
                }
                if (property.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    return new BetaOptInResult(false, "SamBetaFeatures=false");
                }
                diagnostics.Error(DiagnosticCodes.InvalidBetaFeaturesValue, $"SamBetaFeatures is '{property}'; it must be true, false or empty.");
                return new BetaOptInResult(false, "invalid SamBetaFeatures");
            }

            var fromConfig = ReadSamConfig(samConfigPath, samConfigExplicit, samConfigEnvironment, diagnostics);
            if (fromConfig != null)
            {
                return fromConfig;
            }

            foreach (var variable in new[] { FeatureVariable, AllFeaturesVariable })
            {
                if (environment(variable)?.Trim() == "1")
                {
                    return new BetaOptInResult(true, $"environment {variable}=1");
                }
            }
            return new BetaOptInResult(false, "no opt-in");
        }

        public static string NotEnabledMessage(string samConfigPath, string samConfigEnvironment) =>
            $"Build method \"{Template.SamTemplateReader.RustBuildMethod}\" is a beta feature of AWS SAM and this build is not opted in. Opt in by any of: " +
            $"the project property <SamBetaFeatures>true</SamBetaFeatures> (or dotnet build -p:SamBetaFeatures=true, like `sam build --beta-features`); " +
            $"the environment variable {FeatureVariable}=1 or {AllFeaturesVariable}=1; " +
            $"or `beta_features = true` under [{samConfigEnvironment}.build.parameters] in {samConfigPath}.";

        /// <summary>A samconfig that cannot be read decides "no" (with its RL0041) rather than deferring to the environment.</summary>
        private static readonly BetaOptInResult Unreadable = new BetaOptInResult(false, "unreadable samconfig");

        private static BetaOptInResult? ReadSamConfig(string path, bool isExplicit, string configEnvironment, DiagnosticBag diagnostics)
        {
            if (!File.Exists(path))
            {
                if (isExplicit)
                {
                    diagnostics.Error(DiagnosticCodes.SamConfigNotFound, Directory.Exists(path)
                        ? $"SamConfigFile '{path}' is a folder; set SamConfigFile to the samconfig.toml file, or remove it to use samconfig.toml beside the template."
                        : $"SamConfigFile '{path}' does not exist; fix the SamConfigFile property or remove it to use samconfig.toml beside the template.");
                }
                return null;
            }

            TomlTable document;
            var positions = new TomlMetadataStore();
            try
            {
                string text = File.ReadAllText(path);
                document = StrictToml.Parse(text, positions);
            }
            catch (TomlException ex)
            {
                diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"samconfig is not valid TOML: {TomlDiagnostics.ParserMessage(ex.Message)}. Fix the file or point SamConfigFile elsewhere.", path, ex.Line ?? 0, ex.Column ?? 0);
                return Unreadable;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"Cannot read samconfig: {ex.Message}", path);
                return Unreadable;
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Tomlyn signals some malformed values with ordinary .NET exceptions rather than TomlException.
                diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"samconfig is not valid TOML: {TomlDiagnostics.ParserMessage(ex.Message)}. Fix the file or point SamConfigFile elsewhere.", path);
                return Unreadable;
            }

            // SAM merges [env.global.parameters] into every command; [env.build.parameters] wins over it.
            foreach (var command in new[] { "build", "global" })
            {
                var parameters = Lookup(document, positions, path, diagnostics, out bool invalid, configEnvironment, command, "parameters");
                if (invalid)
                {
                    return Unreadable;
                }
                if (parameters == null)
                {
                    continue;
                }
                if (!parameters.TryGetValue("beta_features", out var value))
                {
                    continue;
                }
                switch (value)
                {
                    case bool enabled:
                        return new BetaOptInResult(enabled, $"beta_features = {(enabled ? "true" : "false")} in [{configEnvironment}.{command}.parameters] of {path}");
                    default:
                        var (line, column) = TomlDiagnostics.PositionOf(positions, parameters, "beta_features");
                        diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"beta_features under [{configEnvironment}.{command}.parameters] must be true or false (a TOML boolean, unquoted), but is {TomlDiagnostics.Describe(value)}.", path, line, column);
                        return new BetaOptInResult(false, "invalid beta_features");
                }
            }
            return null;
        }

        /// <summary>The table at <paramref name="keys"/>; null when absent, or (after reporting RL0041) when a step is not a table.</summary>
        private static TomlTable? Lookup(TomlTable table, TomlMetadataStore positions, string path, DiagnosticBag diagnostics, out bool invalid, params string[] keys)
        {
            invalid = false;
            var current = table;
            for (int i = 0; i < keys.Length; i++)
            {
                if (!current.TryGetValue(keys[i], out var next))
                {
                    return null;
                }
                if (next is not TomlTable nextTable)
                {
                    var (line, column) = TomlDiagnostics.PositionOf(positions, current, keys[i]);
                    string name = string.Join(".", keys, 0, i + 1);
                    diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"'{name}' in samconfig must be a table such as [{string.Join(".", keys)}], but is {TomlDiagnostics.Describe(next)}. Fix the file or point SamConfigFile elsewhere.", path, line, column);
                    invalid = true;
                    return null;
                }
                current = nextTable;
            }
            return current;
        }
    }
}
