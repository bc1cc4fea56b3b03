using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Yaml;
using RustLambda.Build.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// Writes what `sam build` writes as .aws-sam/build/template.yaml: the original template with each built function's
    /// CodeUri (or Code) pointing at its artifact folder, and every other local path re-based on the new folder, so
    /// `sam deploy` works right after `dotnet build`. Everything else — resources, outputs, conditions, tags — is kept;
    /// comments are not (SAM drops them too).
    /// </summary>
    public static class SamBuildTemplateWriter
    {
        /// <summary>Local-path properties of the resource types `sam build` re-bases when it moves a template.</summary>
        private static readonly Dictionary<string, string[]> PathProperties = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["AWS::Serverless::Function"] = new[] { "CodeUri" },
            ["AWS::Serverless::LayerVersion"] = new[] { "ContentUri" },
            ["AWS::Serverless::Api"] = new[] { "DefinitionUri" },
            ["AWS::Serverless::HttpApi"] = new[] { "DefinitionUri" },
            ["AWS::Serverless::StateMachine"] = new[] { "DefinitionUri" },
            ["AWS::Serverless::Application"] = new[] { "Location" },
            ["AWS::Lambda::Function"] = new[] { "Code" },
            ["AWS::Lambda::LayerVersion"] = new[] { "Content" },
            ["AWS::CloudFormation::Stack"] = new[] { "TemplateURL" },
        };

        /// <param name="builtFunctions">Logical id → folder name under <paramref name="buildDirectory"/> holding its bootstrap.</param>
        public static string Render(string templatePath, string buildDirectory, IReadOnlyDictionary<string, string> builtFunctions) =>
            Render(templatePath, buildDirectory, builtFunctions, new Dictionary<string, string>());

        /// <param name="nestedTemplates">
        /// Logical id of a local nested application → its rewritten template, relative to <paramref name="buildDirectory"/>
        /// (<c>App/template.yaml</c>): its Location (or TemplateURL) points there, as `sam build` writes it.
        /// </param>
        public static string Render(string templatePath, string buildDirectory, IReadOnlyDictionary<string, string> builtFunctions, IReadOnlyDictionary<string, string> nestedTemplates)
        {
            string text = BoundedFile.ReadAllText(templatePath, out string? tooLarge) ?? throw new InvalidOperationException($"the template is {tooLarge}");
            var root = YamlDocumentReader.Parse(text) as YamlMapping
                ?? throw new InvalidOperationException("the template is not a mapping");
            string templateDirectory = Path.GetDirectoryName(Path.GetFullPath(templatePath))!;

            if ((root["Globals"] as YamlMapping)?["Function"] is YamlMapping globalFunction)
            {
                Rebase(globalFunction, "CodeUri", templateDirectory, buildDirectory);
            }
            if (root["Resources"] is YamlMapping resources)
            {
                foreach (var entry in resources.Entries)
                {
                    if (entry.Value is not YamlMapping resource || resource["Type"] is not YamlScalar type)
                    {
                        continue;
                    }
                    if (builtFunctions.TryGetValue(entry.Key.Value, out var folder))
                    {
                        var properties = GetOrAddMapping(resource, "Properties");
                        Set(properties, type.Value == "AWS::Lambda::Function" ? "Code" : "CodeUri", folder);
                        Set(GetOrAddMapping(resource, "Metadata"), "SamResourceId", entry.Key.Value);
                    }
                    else if (nestedTemplates.TryGetValue(entry.Key.Value, out var childTemplate) && NestedStackReference.LocationProperties.TryGetValue(type.Value, out var locationProperty))
                    {
                        Set(GetOrAddMapping(resource, "Properties"), locationProperty, childTemplate);
                    }
                    else if (PathProperties.TryGetValue(type.Value, out var names) && resource["Properties"] is YamlMapping properties)
                    {
                        foreach (var name in names)
                        {
                            Rebase(properties, name, templateDirectory, buildDirectory);
                        }
                    }
                }
            }

            using var writer = new StringWriter { NewLine = "\n" };
            var emitter = new Emitter(writer);
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart());
            // A JSON template is all flow style; SAM writes YAML, so its output is block style throughout.
            Emit(emitter, root, forceBlock: root.IsFlow);
            emitter.Emit(new DocumentEnd(isImplicit: true));
            emitter.Emit(new StreamEnd());
            return writer.ToString();
        }

        private static void Rebase(YamlMapping mapping, string key, string fromDirectory, string toDirectory)
        {
            if (mapping[key] is not YamlScalar { Tag: null } value || !IsLocalRelativePath(value.Value))
            {
                return;
            }
            Set(mapping, key, RelativePath(toDirectory, Path.Combine(fromDirectory, value.Value)));
        }

        private static bool IsLocalRelativePath(string value) =>
            value.Length > 0 && !value.Contains("://") && !Path.IsPathRooted(value);

        /// <summary>A '/'-separated path from a folder to a target (Path.GetRelativePath is missing on .NET Framework).</summary>
        public static string RelativePath(string fromDirectory, string target)
        {
            var from = Path.GetFullPath(fromDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var to = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            int common = 0;
            while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], comparison))
            {
                common++;
            }
            if (common == 0)
            {
                return Path.GetFullPath(target);
            }
            var parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)).ToList();
            return parts.Count == 0 ? "." : string.Join("/", parts);
        }

        private static YamlMapping GetOrAddMapping(YamlMapping parent, string key)
        {
            if (parent[key] is YamlMapping existing)
            {
                return existing;
            }
            var created = new YamlMapping(new List<KeyValuePair<YamlScalar, YamlNodeBase>>(), 0, 0, null);
            Set(parent, key, created);
            return created;
        }

        private static void Set(YamlMapping mapping, string key, string value) => Set(mapping, key, new YamlScalar(value, false, 0, 0, null));

        private static void Set(YamlMapping mapping, string key, YamlNodeBase value)
        {
            int index = mapping.Entries.FindIndex(e => e.Key.Value == key);
            var entry = new KeyValuePair<YamlScalar, YamlNodeBase>(index >= 0 ? mapping.Entries[index].Key : new YamlScalar(key, false, 0, 0, null), value);
            if (index >= 0)
            {
                mapping.Entries[index] = entry;
            }
            else
            {
                mapping.Entries.Add(entry);
            }
        }

        private static void Emit(IEmitter emitter, YamlNodeBase node, bool forceBlock)
        {
            var tag = node.Tag == null ? TagName.Empty : new TagName(node.Tag);
            switch (node)
            {
                case YamlScalar scalar:
                    // A tagged or quoted scalar stays explicit; an untagged plain one stays plain (and so keeps its type).
                    var style = scalar.Style == ScalarStyle.Any || (scalar.Style == ScalarStyle.Plain && scalar.Value.Length == 0) ? ScalarStyle.Any : scalar.Style;
                    emitter.Emit(new Scalar(AnchorName.Empty, tag, scalar.Value, style, isPlainImplicit: node.Tag == null && !scalar.IsQuoted, isQuotedImplicit: node.Tag == null));
                    break;
                case YamlSequence sequence:
                    emitter.Emit(new SequenceStart(AnchorName.Empty, tag, node.Tag == null, sequence.IsFlow && !forceBlock ? SequenceStyle.Flow : SequenceStyle.Block));
                    foreach (var item in sequence.Items)
                    {
                        Emit(emitter, item, forceBlock);
                    }
                    emitter.Emit(new SequenceEnd());
                    break;
                case YamlMapping mapping:
                    emitter.Emit(new MappingStart(AnchorName.Empty, tag, node.Tag == null, mapping.IsFlow && !forceBlock ? MappingStyle.Flow : MappingStyle.Block));
                    foreach (var entry in mapping.Entries)
                    {
                        Emit(emitter, entry.Key, forceBlock);
                        Emit(emitter, entry.Value, forceBlock);
                    }
                    emitter.Emit(new MappingEnd());
                    break;
            }
        }
    }
}
