using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Serving;
using RustLambda.Hosting.Processes;

namespace RustLambda.LocalServer.Functions
{
    /// <summary>
    /// The variables a function gets beyond Lambda's own: the template's Environment.Variables (Globals merged), then the
    /// server's variables named in RUSTLAMBDA_FORWARD_ENV (how Aspire hands values to functions), then SAM's --env-vars file
    /// (`Parameters` for every function, then the function's own entry), the last winning. Lambda's reserved names are set by
    /// the emulator and never taken from these sources.
    /// </summary>
    public sealed class FunctionEnvironment
    {
        public const string ForwardVariable = "RUSTLAMBDA_FORWARD_ENV";

        private readonly IReadOnlyDictionary<string, string> _forwarded;
        private readonly IReadOnlyDictionary<string, string> _forAll;
        private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _perFunction;

        public FunctionEnvironment(IReadOnlyDictionary<string, string> forwarded, IReadOnlyDictionary<string, string> forAll, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> perFunction)
        {
            _forwarded = forwarded;
            _forAll = forAll;
            _perFunction = perFunction;
        }

        /// <summary>The AWS region functions see: the server's AWS_REGION or AWS_DEFAULT_REGION, else us-east-1 (SAM's default).</summary>
        public static string Region(Func<string, string?> getVariable) =>
            getVariable("AWS_REGION") is { Length: > 0 } region ? region
            : getVariable("AWS_DEFAULT_REGION") is { Length: > 0 } fallback ? fallback : "us-east-1";

        /// <summary>Reads RUSTLAMBDA_FORWARD_ENV from <paramref name="getVariable"/>, and the env-vars file if given.</summary>
        /// <exception cref="InvalidDataException">The env-vars file cannot be read or is not SAM's shape (RL0105).</exception>
        public static FunctionEnvironment Load(Func<string, string?> getVariable, string? envVarsFile)
        {
            var forwarded = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in (getVariable(ForwardVariable) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (getVariable(name) is { } value)
                {
                    forwarded[name] = value;
                }
            }
            var forAll = new Dictionary<string, string>(StringComparer.Ordinal);
            var perFunction = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            if (!string.IsNullOrEmpty(envVarsFile))
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(File.ReadAllText(envVarsFile));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException)
                {
                    throw new InvalidDataException($"{envVarsFile}: error {DiagnosticCodes.EnvVarsUnreadable}: the --env-vars file cannot be read as JSON ({ex.Message}). Write SAM's shape: {{\"FunctionLogicalId\": {{\"NAME\": \"value\"}}, \"Parameters\": {{\"NAME\": \"value\"}}}}.");
                }
                using (document)
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException($"{envVarsFile}: error {DiagnosticCodes.EnvVarsUnreadable}: the --env-vars file must be a JSON object of function logical ids (and \"Parameters\") to objects of variables.");
                    }
                    foreach (var entry in document.RootElement.EnumerateObject())
                    {
                        if (entry.Value.ValueKind != JsonValueKind.Object)
                        {
                            throw new InvalidDataException($"{envVarsFile}: error {DiagnosticCodes.EnvVarsUnreadable}: \"{entry.Name}\" must be an object of variables such as {{\"NAME\": \"value\"}}, but is {entry.Value.ValueKind}.");
                        }
                        var variables = entry.Value.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : v.Value.GetRawText(), StringComparer.Ordinal);
                        if (entry.Name == "Parameters")
                        {
                            foreach (var pair in variables)
                            {
                                forAll[pair.Key] = pair.Value;
                            }
                        }
                        else
                        {
                            perFunction[entry.Name] = variables;
                        }
                    }
                }
            }
            return new FunctionEnvironment(forwarded, forAll, perFunction);
        }

        public IReadOnlyDictionary<string, string> For(ManifestFunction function)
        {
            var result = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal);
            foreach (var source in new[] { _forwarded, _forAll, _perFunction.TryGetValue(function.LogicalId, out var own) ? own : new Dictionary<string, string>() })
            {
                foreach (var pair in source)
                {
                    result[pair.Key] = pair.Value;
                }
            }
            foreach (var name in result.Keys.Where(LambdaReservedVariables.IsReserved).ToList())
            {
                result.Remove(name);
            }
            return result;
        }
    }
}
