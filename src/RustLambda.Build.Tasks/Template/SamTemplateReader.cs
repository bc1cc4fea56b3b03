using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// Reads a SAM (or plain CloudFormation) template and returns its rust-cargolambda functions the way `sam build`
    /// sees them: Globals.Function merged in, parameters resolved, defaults applied, each problem reported with the line.
    /// </summary>
    public sealed class SamTemplateReader
    {
        public const string RustBuildMethod = "rust-cargolambda";
        public static readonly string[] DefaultTemplateNames = { "template.yaml", "template.yml", "template.json" };

        private static readonly Regex LogicalIdPattern = new Regex("^[A-Za-z0-9]+$", RegexOptions.CultureInvariant);
        private static readonly HashSet<string> SupportedArchitectures = new HashSet<string>(StringComparer.Ordinal) { "x86_64", "arm64" };

        private readonly DiagnosticBag _diagnostics;
        private string _path = "";
        private IntrinsicResolver _resolver = new IntrinsicResolver(new Dictionary<string, TemplateParameter>());

        public SamTemplateReader(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

        /// <summary>The date runtime lifecycle warnings are judged against; a setting so tests can pin it.</summary>
        public DateTime Today { get; set; } = DateTime.UtcNow.Date;

        /// <summary>Finds the template: <paramref name="explicitPath"/> if given, else the first default name in the project folder.</summary>
        public static string? Locate(string projectDirectory, string? explicitPath, DiagnosticBag diagnostics)
        {
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                string full = Path.GetFullPath(Path.Combine(projectDirectory, explicitPath!.Trim()));
                if (Directory.Exists(full))
                {
                    diagnostics.Error(DiagnosticCodes.TemplateNotFound, $"SamTemplate '{explicitPath}' is a folder ({full}); set SamTemplate to the template file, e.g. {Path.Combine(explicitPath, "template.yaml")}.");
                    return null;
                }
                if (!File.Exists(full))
                {
                    diagnostics.Error(DiagnosticCodes.TemplateNotFound, $"SamTemplate '{explicitPath}' does not exist (looked for {full}); fix the SamTemplate property, relative to the project folder.");
                    return null;
                }
                return full;
            }
            foreach (var name in DefaultTemplateNames)
            {
                string candidate = Path.Combine(projectDirectory, name);
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
            diagnostics.Error(DiagnosticCodes.TemplateNotFound, $"No SAM template found in {projectDirectory}: looked for {string.Join(", ", DefaultTemplateNames)}. Add one beside the project, or set the SamTemplate property to its path.");
            return null;
        }

        /// <param name="selectedFunctions">Logical ids to build (SamFunctions); empty builds all rust-cargolambda functions.</param>
        public SamTemplate? Read(string templatePath, IReadOnlyDictionary<string, string> parameterOverrides, IReadOnlyCollection<string> selectedFunctions)
        {
            _path = templatePath;
            string text;
            try
            {
                text = File.ReadAllText(templatePath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                _diagnostics.Error(DiagnosticCodes.TemplateUnreadable, $"Cannot read the template: {ex.Message}", templatePath);
                return null;
            }

            YamlNodeBase? root;
            try
            {
                root = YamlDocumentReader.Parse(text);
            }
            catch (YamlDocumentException ex)
            {
                _diagnostics.Error(DiagnosticCodes.TemplateUnreadable, $"The template is not valid YAML or JSON: {ex.Message}.", templatePath, ex.Line, ex.Column);
                return null;
            }

            if (root == null || root is YamlScalar { IsNull: true })
            {
                _diagnostics.Error(DiagnosticCodes.TemplateStructure, "The template is empty; a SAM template needs a Resources section with at least one function.", templatePath, 1, 1);
                return null;
            }
            if (root is not YamlMapping document)
            {
                _diagnostics.Error(DiagnosticCodes.TemplateStructure, $"The template must be a mapping with a Resources section, but its top level is {root.KindName}.", templatePath, root.Line, root.Column);
                return null;
            }
            if (document["Resources"] is not YamlMapping resources)
            {
                var node = document["Resources"];
                _diagnostics.Error(DiagnosticCodes.TemplateStructure, node == null
                    ? "The template has no Resources section; add one with your AWS::Serverless::Function resources."
                    : $"Resources must be a mapping of logical ids to resources, but is {node.KindName}.", templatePath, node?.Line ?? 1, node?.Column ?? 1);
                return null;
            }

            var parameters = ReadParameters(document["Parameters"], parameterOverrides);
            _resolver = new IntrinsicResolver(parameters);
            var globals = (document["Globals"] as YamlMapping)?["Function"] as YamlMapping;

            var functions = new List<LambdaFunctionDefinition>();
            var otherFunctionIds = new List<string>();
            foreach (var entry in resources.Entries)
            {
                if (entry.Value is not YamlMapping resource)
                {
                    continue;
                }
                string? type = (resource["Type"] as YamlScalar)?.Value;
                bool isServerless = type == "AWS::Serverless::Function";
                if (!isServerless && type != "AWS::Lambda::Function")
                {
                    continue;
                }
                var metadata = resource["Metadata"] as YamlMapping;
                if ((metadata?["BuildMethod"] as YamlScalar)?.Value != RustBuildMethod)
                {
                    otherFunctionIds.Add(entry.Key.Value);
                    continue;
                }
                var function = ReadFunction(entry.Key, resource, isServerless, metadata!, isServerless ? globals : null);
                if (function != null)
                {
                    functions.Add(function);
                }
            }

            if (selectedFunctions.Count > 0)
            {
                functions = SelectFunctions(functions, resources, selectedFunctions, otherFunctionIds);
            }
            else if (functions.Count == 0 && !_diagnostics.HasErrors)
            {
                _diagnostics.Warning(DiagnosticCodes.NoRustFunctions, $"The template has no function with Metadata.BuildMethod: {RustBuildMethod}, so there is nothing to build. Add `Metadata: {{ BuildMethod: {RustBuildMethod} }}` to each Rust function.", templatePath);
            }
            return _diagnostics.HasErrors ? null : new SamTemplate(templatePath, functions);
        }

        private List<LambdaFunctionDefinition> SelectFunctions(List<LambdaFunctionDefinition> functions, YamlMapping resources, IReadOnlyCollection<string> selected, List<string> otherFunctionIds)
        {
            var known = functions.Select(f => f.LogicalId).ToList();
            foreach (var id in selected)
            {
                if (known.Contains(id, StringComparer.Ordinal))
                {
                    continue;
                }
                string available = known.Count == 0 ? "(none)" : string.Join(", ", known);
                string reason = otherFunctionIds.Contains(id) ? $"'{id}' is a function of the template, but not one with Metadata.BuildMethod: {RustBuildMethod}"
                    : resources[id] != null ? $"'{id}' is a resource of the template, but not a function" : $"the template has no resource '{id}'";
                _diagnostics.Error(DiagnosticCodes.UnknownFunction, $"SamFunctions names '{id}', but {reason}. Functions that can be built: {available}.", _path);
            }
            return functions.Where(f => selected.Contains(f.LogicalId)).ToList();
        }

        private Dictionary<string, TemplateParameter> ReadParameters(YamlNodeBase? node, IReadOnlyDictionary<string, string> overrides)
        {
            var parameters = new Dictionary<string, TemplateParameter>(StringComparer.Ordinal);
            if (node is YamlMapping mapping)
            {
                foreach (var entry in mapping.Entries)
                {
                    var definition = entry.Value as YamlMapping;
                    string? type = (definition?["Type"] as YamlScalar)?.Value;
                    string? value = definition?["Default"] switch
                    {
                        YamlScalar scalar when !scalar.IsNull => scalar.Value,
                        YamlSequence list => string.Join(",", list.Items.OfType<YamlScalar>().Select(s => s.Value)),
                        _ => null,
                    };
                    if (overrides.TryGetValue(entry.Key.Value, out var overridden))
                    {
                        value = overridden;
                    }
                    parameters[entry.Key.Value] = new TemplateParameter(entry.Key.Value, type, value, entry.Key.Line);
                }
            }
            foreach (var name in overrides.Keys.Where(k => !parameters.ContainsKey(k)))
            {
                _diagnostics.Warning(DiagnosticCodes.UnknownParameterOverride, $"SamParameterOverrides sets '{name}', but the template declares no such parameter; it is ignored. Declared parameters: {(parameters.Count == 0 ? "(none)" : string.Join(", ", parameters.Keys))}.", _path);
            }
            return parameters;
        }

        private LambdaFunctionDefinition? ReadFunction(YamlScalar id, YamlMapping resource, bool isServerless, YamlMapping metadata, YamlMapping? globals)
        {
            string logicalId = id.Value;
            int errorsBefore = _diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
            var function = new LambdaFunctionDefinition
            {
                LogicalId = logicalId,
                ResourceType = isServerless ? "AWS::Serverless::Function" : "AWS::Lambda::Function",
                TemplatePath = _path,
                Line = id.Line,
            };

            if (!LogicalIdPattern.IsMatch(logicalId))
            {
                Error(DiagnosticCodes.InvalidLogicalId, id, $"The logical id '{logicalId}' is not alphanumeric; CloudFormation allows only A-Z, a-z and 0-9 in logical ids (and it names the output folder). Rename the resource.");
            }

            YamlNodeBase? propertiesNode = resource["Properties"];
            if (propertiesNode != null && propertiesNode is not YamlMapping)
            {
                Error(DiagnosticCodes.WrongType, propertiesNode, $"Properties of {logicalId} must be a mapping, but is {propertiesNode.KindName}.");
                return null;
            }
            var properties = propertiesNode as YamlMapping;
            YamlNodeBase? Property(string name) => properties?[name] ?? globals?[name];

            // Runtime
            var runtimeNode = Property("Runtime");
            if (runtimeNode == null)
            {
                Error(DiagnosticCodes.UnsupportedRuntime, id, $"{logicalId} has no Runtime (neither in its Properties nor in Globals.Function). Set `Runtime: provided.al2023` for a Rust function.");
            }
            else if (ResolveString(runtimeNode, logicalId, "Runtime") is { } runtime)
            {
                function.Runtime = runtime;
                var known = LambdaRuntimes.Find(runtime);
                if (known == null)
                {
                    Error(DiagnosticCodes.UnsupportedRuntime, runtimeNode, $"Runtime '{runtime}' of {logicalId} cannot run a Rust bootstrap built with {RustBuildMethod}; use {LambdaRuntimes.Al2023}.");
                }
                else if (known.IsRetired)
                {
                    Error(DiagnosticCodes.UnsupportedRuntime, runtimeNode, $"Runtime '{runtime}' of {logicalId} is {known.OperatingSystem}, which Lambda retired (deprecated {known.Deprecation:yyyy-MM-dd}; updates blocked since {known.BlockUpdate:yyyy-MM-dd}). Use {LambdaRuntimes.Al2023}.");
                }
                else if (LambdaRuntimes.LifecycleWarning(known, Today) is { } lifecycle)
                {
                    Warning(DiagnosticCodes.DeprecatedRuntime, runtimeNode, $"{logicalId}: {lifecycle}");
                }
            }

            // Architectures: absent means x86_64, as in Lambda.
            var architecturesNode = Property("Architectures");
            if (architecturesNode != null)
            {
                var architectures = _resolver.ResolveList(architecturesNode, out var problem);
                if (architectures == null)
                {
                    Error(IntrinsicResolver.Intrinsic(architecturesNode).Name == null ? DiagnosticCodes.InvalidArchitectures : DiagnosticCodes.Unresolvable,
                        architecturesNode, $"Architectures of {logicalId} {problem}; write `Architectures: [x86_64]` or `[arm64]`.");
                }
                else if (architectures.Count != 1)
                {
                    Error(DiagnosticCodes.InvalidArchitectures, architecturesNode, $"Architectures of {logicalId} must list exactly one architecture, but lists {architectures.Count} ({string.Join(", ", architectures)}); keep one of x86_64, arm64.");
                }
                else if (!SupportedArchitectures.Contains(architectures[0]))
                {
                    Error(DiagnosticCodes.InvalidArchitectures, architecturesNode, $"Architecture '{architectures[0]}' of {logicalId} is not one Lambda has; use x86_64 or arm64.");
                }
                else
                {
                    function.Architecture = architectures[0];
                }
            }

            // Handler: Lambda requires one for zip functions, even though a custom runtime ignores its value.
            var handlerNode = Property("Handler");
            if (handlerNode == null)
            {
                Error(DiagnosticCodes.MissingHandler, id, $"{logicalId} has no Handler; Lambda requires one for .zip functions. Add `Handler: bootstrap` (to the function or Globals.Function).");
            }
            else
            {
                function.Handler = ResolveString(handlerNode, logicalId, "Handler");
            }

            ReadCode(function, isServerless ? Property("CodeUri") : properties?["Code"], isServerless ? "CodeUri" : "Code", id);
            ReadBuildProperties(function, metadata);
            ReadRuntimeSettings(function, Property("Timeout"), Property("MemorySize"), properties, globals);

            int errorsAfter = _diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
            return errorsAfter == errorsBefore ? function : null;
        }

        private void ReadCode(LambdaFunctionDefinition function, YamlNodeBase? node, string propertyName, YamlScalar id)
        {
            string templateDirectory = Path.GetDirectoryName(_path) ?? ".";
            function.CodeUriLine = node?.Line ?? id.Line;
            string? codeUri = ".";
            if (node != null)
            {
                bool isLocationMap = node is YamlMapping map && IntrinsicResolver.Intrinsic(map).Name == null;
                if (isLocationMap)
                {
                    Error(DiagnosticCodes.InvalidCodeUri, node, $"{propertyName} of {function.LogicalId} is an S3 location (or inline code); a {RustBuildMethod} function is built from local sources, so set {propertyName} to the folder holding Cargo.toml.");
                    return;
                }
                codeUri = ResolveString(node, function.LogicalId, propertyName);
                if (codeUri == null)
                {
                    return;
                }
            }
            if (codeUri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                Error(DiagnosticCodes.InvalidCodeUri, node!, $"{propertyName} of {function.LogicalId} is an S3 location ({codeUri}); a {RustBuildMethod} function is built from local sources, so set {propertyName} to the folder holding Cargo.toml.");
                return;
            }
            if (codeUri.Trim().Length == 0)
            {
                codeUri = ".";
            }
            string full;
            try
            {
                full = Path.GetFullPath(Path.Combine(templateDirectory, codeUri));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                Error(DiagnosticCodes.InvalidCodeUri, node!, $"{propertyName} '{codeUri}' of {function.LogicalId} is not a valid path ({ex.Message}).");
                return;
            }
            if (!Directory.Exists(full))
            {
                Error(DiagnosticCodes.InvalidCodeUri, (YamlNodeBase?)node ?? id, File.Exists(full)
                    ? $"{propertyName} '{codeUri}' of {function.LogicalId} is a file ({full}); it must be the folder that holds Cargo.toml."
                    : $"{propertyName} '{codeUri}' of {function.LogicalId} points at {full}, which does not exist; it must be the folder that holds Cargo.toml, relative to the template.");
                return;
            }
            function.CodeUri = codeUri;
            function.CodeDirectory = full;
        }

        private void ReadBuildProperties(LambdaFunctionDefinition function, YamlMapping metadata)
        {
            var buildProperties = metadata["BuildProperties"];
            if (buildProperties == null || buildProperties is YamlScalar { IsNull: true })
            {
                return;
            }
            YamlNodeBase? binaryNode;
            if (buildProperties is YamlScalar scalar && IntrinsicResolver.Intrinsic(scalar).Name == null)
            {
                // The beta documentation showed `BuildProperties: function_a`; SAM silently ignores it, we honour it but say how to write it.
                binaryNode = scalar;
                Warning(DiagnosticCodes.ScalarBuildProperties, scalar, $"BuildProperties of {function.LogicalId} is a plain string ('{scalar.Value}'); it is read as the Binary, but SAM ignores this form. Write `BuildProperties: {{ Binary: {scalar.Value} }}`.");
            }
            else if (buildProperties is YamlMapping map)
            {
                binaryNode = map["Binary"];
                if (binaryNode == null || binaryNode is YamlScalar { IsNull: true })
                {
                    return;
                }
            }
            else
            {
                Error(DiagnosticCodes.WrongType, buildProperties, $"Metadata.BuildProperties of {function.LogicalId} must be a mapping such as `{{ Binary: my_function }}`, but is {buildProperties.KindName}.");
                return;
            }
            function.Binary = ResolveString(binaryNode, function.LogicalId, "Metadata.BuildProperties.Binary");
            function.BinaryLine = binaryNode.Line;
        }

        private void ReadRuntimeSettings(LambdaFunctionDefinition function, YamlNodeBase? timeout, YamlNodeBase? memory, YamlMapping? properties, YamlMapping? globals)
        {
            function.TimeoutSeconds = ReadPositiveInt(timeout, function.LogicalId, "Timeout");
            function.MemorySizeMb = ReadPositiveInt(memory, function.LogicalId, "MemorySize");

            // Environment variables merge key by key, the function's own winning (SAM's Globals rule for maps).
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in new[] { globals, properties })
            {
                var environment = source?["Environment"];
                if (environment == null)
                {
                    continue;
                }
                if (environment is not YamlMapping envMap || (envMap["Variables"] != null && envMap["Variables"] is not YamlMapping))
                {
                    Error(DiagnosticCodes.WrongType, environment, $"Environment of {function.LogicalId} must be a mapping `{{ Variables: {{ NAME: value }} }}`, but is {(environment is YamlMapping ? "a mapping whose Variables is not a mapping" : environment.KindName)}.");
                    continue;
                }
                foreach (var entry in (envMap["Variables"] as YamlMapping)?.Entries ?? new List<KeyValuePair<YamlScalar, YamlNodeBase>>())
                {
                    // A value only CloudFormation can compute (!GetAtt of a table, say) is left out of local runs rather than failing the build.
                    var value = _resolver.ResolveString(entry.Value, out _);
                    if (value != null)
                    {
                        variables[entry.Key.Value] = value;
                    }
                    else
                    {
                        variables.Remove(entry.Key.Value);
                    }
                }
            }
            function.EnvironmentVariables = variables;
        }

        private int? ReadPositiveInt(YamlNodeBase? node, string logicalId, string property)
        {
            if (node == null)
            {
                return null;
            }
            var text = ResolveString(node, logicalId, property);
            if (text == null)
            {
                return null;
            }
            if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) || value <= 0)
            {
                Error(DiagnosticCodes.WrongType, node, $"{property} of {logicalId} must be a positive whole number, but is '{text}'.");
                return null;
            }
            return value;
        }

        private string? ResolveString(YamlNodeBase node, string logicalId, string property)
        {
            var value = _resolver.ResolveString(node, out var problem);
            if (value == null)
            {
                bool isTypeProblem = IntrinsicResolver.Intrinsic(node).Name == null;
                Error(isTypeProblem ? DiagnosticCodes.WrongType : DiagnosticCodes.Unresolvable, node, $"{property} of {logicalId} {problem}.");
            }
            return value;
        }

        private void Error(string code, YamlNodeBase at, string message) => _diagnostics.Error(code, message, _path, at.Line, at.Column);

        private void Warning(string code, YamlNodeBase at, string message) => _diagnostics.Warning(code, message, _path, at.Line, at.Column);
    }
}
