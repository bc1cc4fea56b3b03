using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Model;
using RustLambda.Build.Yaml;

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
        private readonly DiagnosticBag _diagnostics;
        private string _path = "";
        private IntrinsicResolver _resolver = new IntrinsicResolver(new Dictionary<string, TemplateParameter>());

        public SamTemplateReader(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

        /// <summary>The date runtime lifecycle warnings are judged against; a setting so tests can pin it.</summary>
        public DateTime Today { get; set; } = DateTime.UtcNow.Date;

        public const string DefaultParameterSource = "SamParameterOverrides";

        /// <summary>The template's stack path (empty for the root; <c>App</c> for a nested application), given to its functions.</summary>
        public string StackPath { get; set; } = "";

        /// <summary>False when the template is one of several (nested applications): SamStackReader warns once for them all.</summary>
        public bool WarnIfNoFunctions { get; set; } = true;

        /// <summary>Who sets the parameter overrides, for the warning about one the template does not declare.</summary>
        public string ParameterSource { get; set; } = DefaultParameterSource;

        /// <summary>Finds the template: <paramref name="explicitPath"/> if given, else the first default name in the project folder.</summary>
        public static string? Locate(string projectDirectory, string? explicitPath, DiagnosticBag diagnostics)
        {
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                string full;
                try
                {
                    full = Path.GetFullPath(Path.Combine(projectDirectory, explicitPath!.Trim()));
                }
                catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
                {
                    diagnostics.Error(DiagnosticCodes.TemplateNotFound, $"SamTemplate '{explicitPath}' is not a valid path ({ex.Message}); fix the SamTemplate property, relative to the project folder.");
                    return null;
                }
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
            string? text;
            try
            {
                if (Directory.Exists(templatePath) || !File.Exists(templatePath))
                {
                    _diagnostics.Error(DiagnosticCodes.TemplateNotFound, Directory.Exists(templatePath)
                        ? $"The template {templatePath} is a folder; set SamTemplate to the template file in it, e.g. {Path.Combine(templatePath, "template.yaml")}."
                        : $"The template {templatePath} does not exist; add it or fix the SamTemplate property.", templatePath);
                    return null;
                }
                var bytes = BoundedFile.ReadAllBytes(templatePath, out string? tooLarge);
                if (bytes == null)
                {
                    _diagnostics.Error(DiagnosticCodes.InputTooLarge, $"The template is {tooLarge}; CloudFormation accepts templates of at most 1 MB. Point SamTemplate at the real template.", templatePath);
                    return null;
                }
                text = ReadText(bytes);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                _diagnostics.Error(DiagnosticCodes.TemplateUnreadable, $"Cannot read the template: {ex.Message}", templatePath);
                return null;
            }
            if (text == null)
            {
                return null;
            }

            // A file of only byte-order marks and blanks is empty; YAML would read a stray BOM as a string scalar.
            if (text.All(c => c == '\uFEFF' || char.IsWhiteSpace(c)))
            {
                _diagnostics.Error(DiagnosticCodes.TemplateStructure, "The template is empty; a SAM template needs a Resources section with at least one function.", templatePath, 1, 1);
                return null;
            }

            YamlNodeBase? root;
            try
            {
                root = YamlDocumentReader.Parse(text);
            }
            catch (YamlDocumentException ex)
            {
                _diagnostics.Error(DiagnosticCodes.TemplateUnreadable, $"The template is not valid YAML or JSON: {ex.Message.TrimEnd('.')}.", templatePath, ex.Line, ex.Column);
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
            var globals = OptionalMapping(OptionalMapping(document["Globals"], "Globals", "`Globals: { Function: { Runtime: provided.al2023 } }`")?["Function"],
                "Globals.Function", "`Function: { Runtime: provided.al2023, Handler: bootstrap }`");

            var functions = new List<LambdaFunctionDefinition>();
            var otherFunctionIds = new List<string>();
            var nestedStacks = new List<NestedStackReference>();
            foreach (var entry in resources.Entries)
            {
                string shownId = MessageText.Shorten(entry.Key.Value);
                if (entry.Value is not YamlMapping resource)
                {
                    Error(DiagnosticCodes.WrongType, entry.Value, $"Resource {shownId} must be a mapping with a Type (and its Properties), but is {entry.Value.KindName}.");
                    continue;
                }
                var typeNode = resource["Type"];
                if (typeNode != null && typeNode is not YamlScalar)
                {
                    Error(DiagnosticCodes.WrongType, typeNode, $"Type of {shownId} must be a string such as AWS::Serverless::Function, but is {typeNode.KindName}.");
                    continue;
                }
                string? type = (typeNode as YamlScalar)?.Value;
                if (type != null && NestedStackReference.LocationProperties.ContainsKey(type))
                {
                    nestedStacks.Add(NestedStackReference.Read(entry.Key, resource, type, templatePath, _resolver, _diagnostics));
                    continue;
                }
                bool isServerless = type == "AWS::Serverless::Function";
                if (!isServerless && type != "AWS::Lambda::Function")
                {
                    continue;
                }
                int errorsBefore = ErrorCount;
                var metadata = OptionalMapping(resource["Metadata"], $"Metadata of {shownId}", $"`Metadata: {{ BuildMethod: {RustBuildMethod} }}`");
                var buildMethod = metadata?["BuildMethod"];
                if (buildMethod != null && buildMethod is not YamlScalar)
                {
                    Error(DiagnosticCodes.WrongType, buildMethod, $"Metadata.BuildMethod of {shownId} must be a string such as {RustBuildMethod}, but is {buildMethod.KindName}.");
                }
                if (ErrorCount != errorsBefore)
                {
                    continue;
                }
                if ((buildMethod as YamlScalar)?.Value != RustBuildMethod)
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

            var template = new SamTemplate(templatePath, functions)
            {
                NestedStacks = nestedStacks,
                OtherFunctionIds = otherFunctionIds,
                ResourceIds = resources.Entries.Select(e => e.Key.Value).ToList(),
            };
            if (selectedFunctions.Count > 0)
            {
                template = template.WithFunctions(SelectFunctions(template, selectedFunctions));
            }
            else if (functions.Count == 0 && WarnIfNoFunctions && !_diagnostics.HasErrors)
            {
                _diagnostics.Warning(DiagnosticCodes.NoRustFunctions, $"The template has no function with Metadata.BuildMethod: {RustBuildMethod}, so there is nothing to build. Add `Metadata: {{ BuildMethod: {RustBuildMethod} }}` to each Rust function.", templatePath);
            }
            return _diagnostics.HasErrors ? null : template;
        }

        /// <summary>
        /// The template's text: UTF-8, as CloudFormation reads it (a BOM is skipped), or UTF-16/32 marked by a BOM. Bytes that
        /// are not UTF-8 (a file saved as Windows-1252, say) are reported at their line instead of becoming U+FFFD in a value.
        /// </summary>
        private string? ReadText(byte[] bytes)
        {
            bool wide = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
                || (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF);
            if (wide)
            {
                using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                return reader.ReadToEnd();
            }
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            try
            {
                return strict.GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException)
            {
                // '\n' is never part of a multi-byte sequence, so checking line by line finds the first bad line exactly.
                int line = 1;
                for (int lineStart = start, i = start; i <= bytes.Length; i++)
                {
                    if (i < bytes.Length && bytes[i] != (byte)'\n')
                    {
                        continue;
                    }
                    try
                    {
                        strict.GetString(bytes, lineStart, i - lineStart);
                    }
                    catch (DecoderFallbackException ex)
                    {
                        int offset = Math.Min(Math.Max(ex.Index, 0), i - lineStart - 1);
                        int column = Encoding.UTF8.GetCharCount(bytes, lineStart, offset) + 1;
                        _diagnostics.Error(DiagnosticCodes.TemplateUnreadable, $"The template is not valid UTF-8 (byte 0x{bytes[lineStart + offset]:X2} at line {line}); CloudFormation reads templates as UTF-8. Save the file as UTF-8 (was it saved as Windows-1252 or Latin-1?).", _path, line, column);
                        return null;
                    }
                    line++;
                    lineStart = i + 1;
                }
                _diagnostics.Error(DiagnosticCodes.TemplateUnreadable, "The template is not valid UTF-8; CloudFormation reads templates as UTF-8. Save the file as UTF-8.", _path);
                return null;
            }
        }

        private List<LambdaFunctionDefinition> SelectFunctions(SamTemplate template, IReadOnlyCollection<string> selected)
        {
            var known = template.Functions.Select(f => f.LogicalId).ToList();
            foreach (var id in selected.Where(id => !known.Contains(id, StringComparer.Ordinal)))
            {
                string available = known.Count == 0 ? "(none)" : string.Join(", ", known);
                _diagnostics.Error(DiagnosticCodes.UnknownFunction, $"SamFunctions names '{MessageText.Shorten(id)}', but {ExplainNotBuildable(template, id, "the template")}. Functions that can be built: {available}.", _path);
            }
            return template.Functions.Where(f => selected.Contains(f.LogicalId)).ToList();
        }

        /// <summary>Why <paramref name="id"/> is not a function this template builds, for SamFunctions' error.</summary>
        public static string ExplainNotBuildable(SamTemplate template, string id, string templateName)
        {
            string shown = MessageText.Shorten(id);
            return template.OtherFunctionIds.Contains(id) ? $"'{shown}' is a function of {templateName}, but not one with Metadata.BuildMethod: {RustBuildMethod}"
                : template.ResourceIds.Contains(id) ? $"'{shown}' is a resource of {templateName}, but not a function" : $"{templateName} has no resource '{shown}'";
        }

        private Dictionary<string, TemplateParameter> ReadParameters(YamlNodeBase? node, IReadOnlyDictionary<string, string> overrides)
        {
            var parameters = new Dictionary<string, TemplateParameter>(StringComparer.Ordinal);
            if (OptionalMapping(node, "Parameters", "`Parameters: { Stage: { Type: String, Default: dev } }`") is { } mapping)
            {
                foreach (var entry in mapping.Entries)
                {
                    var definition = entry.Value as YamlMapping;
                    if (definition == null)
                    {
                        Error(DiagnosticCodes.WrongType, entry.Value, $"Parameter {MessageText.Shorten(entry.Key.Value)} must be a mapping such as `{{ Type: String, Default: value }}`, but is {entry.Value.KindName}.");
                    }
                    parameters[entry.Key.Value] = TemplateParameter.FromDeclaration(entry.Key, definition, overrides);
                }
            }
            foreach (var name in overrides.Keys.Where(k => !parameters.ContainsKey(k)))
            {
                _diagnostics.Warning(DiagnosticCodes.UnknownParameterOverride, $"{ParameterSource} sets '{name}', but the template declares no such parameter; it is ignored. Declared parameters: {(parameters.Count == 0 ? "(none)" : string.Join(", ", parameters.Keys))}.", _path);
            }
            return parameters;
        }

        private LambdaFunctionDefinition? ReadFunction(YamlScalar id, YamlMapping resource, bool isServerless, YamlMapping metadata, YamlMapping? globals)
        {
            string logicalId = MessageText.Shorten(id.Value);
            int errorsBefore = ErrorCount;
            var function = new LambdaFunctionDefinition
            {
                LogicalId = id.Value,
                StackPath = StackPath,
                ResourceType = isServerless ? "AWS::Serverless::Function" : "AWS::Lambda::Function",
                TemplatePath = _path,
                Line = id.Line,
            };

            if (!LogicalIdPattern.IsMatch(id.Value))
            {
                Error(DiagnosticCodes.InvalidLogicalId, id, $"The logical id '{logicalId}' is not alphanumeric; CloudFormation allows only A-Z, a-z and 0-9 in logical ids (and it names the output folder). Rename the resource.");
            }

            YamlNodeBase? propertiesNode = resource["Properties"];
            if (propertiesNode != null && propertiesNode is not YamlMapping && !(propertiesNode is YamlScalar { IsNull: true }))
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
                if (runtime.Trim().Length == 0)
                {
                    Error(DiagnosticCodes.UnsupportedRuntime, runtimeNode, $"{logicalId} has an empty Runtime. Set `Runtime: {LambdaRuntimes.Al2023}` for a Rust function.");
                }
                else if (known == null)
                {
                    Error(DiagnosticCodes.UnsupportedRuntime, runtimeNode, $"Runtime '{MessageText.Shorten(runtime)}' of {logicalId} cannot run a Rust bootstrap built with {RustBuildMethod}; use {LambdaRuntimes.Al2023}.");
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
                var architectures = _resolver.ResolveList(architecturesNode, out var problem, out var culprit);
                if (architectures == null)
                {
                    bool unresolvable = IntrinsicResolver.Intrinsic(culprit!).Name != null;
                    Error(unresolvable ? DiagnosticCodes.Unresolvable : DiagnosticCodes.InvalidArchitectures,
                        culprit!, $"Architectures of {logicalId} {problem}" + (unresolvable ? "." : "; write `Architectures: [x86_64]` or `[arm64]`."));
                }
                else if (architectures.Count != 1)
                {
                    Error(DiagnosticCodes.InvalidArchitectures, architecturesNode, $"Architectures of {logicalId} must list exactly one architecture, but lists {architectures.Count} ({MessageText.Shorten(string.Join(", ", architectures))}); keep one of {string.Join(", ", LambdaArchitectures.Names)}.");
                }
                else if (LambdaArchitectures.Find(architectures[0]) == null)
                {
                    Error(DiagnosticCodes.InvalidArchitectures, architecturesNode, $"Architecture '{MessageText.Shorten(architectures[0])}' of {logicalId} is not one Lambda has; use {string.Join(" or ", LambdaArchitectures.Names)}.");
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
                if (function.Handler != null && function.Handler.Trim().Length == 0)
                {
                    Error(DiagnosticCodes.MissingHandler, handlerNode, $"{logicalId} has an empty Handler; Lambda requires one for .zip functions. Write `Handler: bootstrap`.");
                }
            }

            ReadCode(function, isServerless ? Property("CodeUri") : properties?["Code"], isServerless ? "CodeUri" : "Code", id);
            ReadBuildProperties(function, metadata);
            ReadRuntimeSettings(function, Property("Timeout"), Property("MemorySize"), properties, globals);

            return ErrorCount == errorsBefore ? function : null;
        }

        private static string Shown(LambdaFunctionDefinition function) => MessageText.Shorten(function.LogicalId);

        private int ErrorCount => _diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);

        /// <summary>A section that may be left out (or empty): null then; an error when it is there but not a mapping.</summary>
        private YamlMapping? OptionalMapping(YamlNodeBase? node, string what, string example)
        {
            if (node == null || node is YamlScalar { IsNull: true })
            {
                return null;
            }
            if (node is YamlMapping mapping)
            {
                return mapping;
            }
            Error(DiagnosticCodes.WrongType, node, $"{what} must be a mapping such as {example}, but is {node.KindName}.");
            return null;
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
                    Error(DiagnosticCodes.InvalidCodeUri, node, $"{propertyName} of {Shown(function)} is an S3 location (or inline code); a {RustBuildMethod} function is built from local sources, so set {propertyName} to the folder holding Cargo.toml.");
                    return;
                }
                codeUri = ResolveString(node, Shown(function), propertyName);
                if (codeUri == null)
                {
                    return;
                }
            }
            if (codeUri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                Error(DiagnosticCodes.InvalidCodeUri, node!, $"{propertyName} of {Shown(function)} is an S3 location ({MessageText.Shorten(codeUri)}); a {RustBuildMethod} function is built from local sources, so set {propertyName} to the folder holding Cargo.toml.");
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
                Error(DiagnosticCodes.InvalidCodeUri, node!, $"{propertyName} '{MessageText.Shorten(codeUri)}' of {Shown(function)} is not a valid path ({ex.Message}).");
                return;
            }
            if (!Directory.Exists(full))
            {
                Error(DiagnosticCodes.InvalidCodeUri, (YamlNodeBase?)node ?? id, File.Exists(full)
                    ? $"{propertyName} '{MessageText.Shorten(codeUri)}' of {Shown(function)} is a file ({MessageText.Shorten(full)}); it must be the folder that holds Cargo.toml."
                    : $"{propertyName} '{MessageText.Shorten(codeUri)}' of {Shown(function)} points at {MessageText.Shorten(full)}, which does not exist; it must be the folder that holds Cargo.toml, relative to the template.");
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
                Warning(DiagnosticCodes.ScalarBuildProperties, scalar, $"BuildProperties of {Shown(function)} is a plain string ('{MessageText.Shorten(scalar.Value)}'); it is read as the Binary, but SAM ignores this form. Write `BuildProperties: {{ Binary: {MessageText.Shorten(scalar.Value)} }}`.");
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
                Error(DiagnosticCodes.WrongType, buildProperties, $"Metadata.BuildProperties of {Shown(function)} must be a mapping such as `{{ Binary: my_function }}`, but is {buildProperties.KindName}.");
                return;
            }
            function.Binary = ResolveString(binaryNode, Shown(function), "Metadata.BuildProperties.Binary");
            function.BinaryLine = binaryNode.Line;
        }

        private void ReadRuntimeSettings(LambdaFunctionDefinition function, YamlNodeBase? timeout, YamlNodeBase? memory, YamlMapping? properties, YamlMapping? globals)
        {
            function.TimeoutSeconds = ReadPositiveInt(timeout, Shown(function), "Timeout");
            function.MemorySizeMb = ReadPositiveInt(memory, Shown(function), "MemorySize");

            // Environment variables merge key by key, the function's own winning (SAM's Globals rule for maps).
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in new[] { globals, properties })
            {
                var environment = source?["Environment"];
                if (environment == null || environment is YamlScalar { IsNull: true })
                {
                    continue;
                }
                var variablesNode = (environment as YamlMapping)?["Variables"];
                if (environment is not YamlMapping || (variablesNode != null && variablesNode is not YamlMapping && !(variablesNode is YamlScalar { IsNull: true })))
                {
                    Error(DiagnosticCodes.WrongType, variablesNode ?? environment, environment is YamlMapping
                        ? $"Environment.Variables of {Shown(function)} must be a mapping `{{ NAME: value }}`, but is {variablesNode!.KindName}."
                        : $"Environment of {Shown(function)} must be a mapping `{{ Variables: {{ NAME: value }} }}`, but is {environment.KindName}.");
                    continue;
                }
                foreach (var entry in (variablesNode as YamlMapping)?.Entries ?? new List<KeyValuePair<YamlScalar, YamlNodeBase>>())
                {
                    if (entry.Value is not YamlScalar && IntrinsicResolver.Intrinsic(entry.Value).Name == null)
                    {
                        Error(DiagnosticCodes.WrongType, entry.Value, $"Environment variable {MessageText.Shorten(entry.Key.Value)} of {Shown(function)} must be a string, but is {entry.Value.KindName}.");
                        continue;
                    }
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
            if (node is not YamlScalar && IntrinsicResolver.Intrinsic(node).Name == null)
            {
                Error(DiagnosticCodes.WrongType, node, $"{property} of {logicalId} must be a positive whole number, but is {node.KindName}.");
                return null;
            }
            var text = ResolveString(node, logicalId, property);
            if (text == null)
            {
                return null;
            }
            if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) || value <= 0)
            {
                Error(DiagnosticCodes.WrongType, node, $"{property} of {logicalId} must be a positive whole number, but is {(text.Length == 0 ? "empty" : $"'{MessageText.Shorten(text)}'")}.");
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
