using System;
using System.IO;
using Tomlyn;
using Tomlyn.Model;

namespace RustLambda.Build
{
    public sealed class BetaOptInResult
    {
        public BetaOptInResult(bool isEnabled, string reason)
        {
            IsEnabled = isEnabled;
            Reason = reason;
        }

        public bool IsEnabled { get; }

        /// <summary>Which setting decided, for the build log.</summary>
        public string Reason { get; }
    }

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

        private static BetaOptInResult? ReadSamConfig(string path, bool isExplicit, string configEnvironment, DiagnosticBag diagnostics)
        {
            if (!File.Exists(path))
            {
                if (isExplicit)
                {
                    diagnostics.Error(DiagnosticCodes.SamConfigNotFound, $"SamConfigFile '{path}' does not exist; fix the SamConfigFile property or remove it to use samconfig.toml beside the template.");
                }
                return null;
            }

            TomlTable document;
            try
            {
                document = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path))!;
            }
            catch (TomlException ex)
            {
                diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"samconfig is not valid TOML: {StripPosition(ex.Message)}. Fix the file or point SamConfigFile elsewhere.", path, ex.Line ?? 0, ex.Column ?? 0);
                return null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"Cannot read samconfig: {ex.Message}", path);
                return null;
            }

            // SAM merges [env.global.parameters] into every command; [env.build.parameters] wins over it.
            foreach (var command in new[] { "build", "global" })
            {
                object? value = Lookup(document, configEnvironment, command, "parameters", "beta_features");
                switch (value)
                {
                    case null:
                        continue;
                    case bool enabled:
                        return new BetaOptInResult(enabled, $"beta_features = {(enabled ? "true" : "false")} in [{configEnvironment}.{command}.parameters] of {path}");
                    default:
                        diagnostics.Error(DiagnosticCodes.SamConfigUnreadable, $"beta_features under [{configEnvironment}.{command}.parameters] must be true or false (a TOML boolean, unquoted), but is {Describe(value)}.", path);
                        return new BetaOptInResult(false, "invalid beta_features");
                }
            }
            return null;
        }

        private static object? Lookup(TomlTable table, params string[] keys)
        {
            object? current = table;
            foreach (var key in keys)
            {
                if (current is not TomlTable t || !t.TryGetValue(key, out current))
                {
                    return null;
                }
            }
            return current;
        }

        private static string Describe(object value) => value is string s ? $"the string \"{s}\"" : $"{value} ({value.GetType().Name})";

        private static string StripPosition(string message)
        {
            int idx = message.IndexOf(": error : ", StringComparison.Ordinal);
            return idx >= 0 ? message.Substring(idx + 10) : message;
        }
    }
}
