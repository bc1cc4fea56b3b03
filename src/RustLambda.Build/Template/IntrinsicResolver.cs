using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// Resolves the intrinsic functions a build can know the answer to (<c>Ref</c> to a parameter, <c>Fn::Sub</c> and
    /// <c>Fn::Join</c> over those) in the properties we read. Anything else (<c>!GetAtt</c>, <c>!If</c>, pseudo parameters)
    /// only CloudFormation can evaluate, so it is reported, never guessed.
    /// </summary>
    public sealed class IntrinsicResolver
    {
        private readonly IReadOnlyDictionary<string, TemplateParameter> _parameters;

        public IntrinsicResolver(IReadOnlyDictionary<string, TemplateParameter> parameters) => _parameters = parameters;

        /// <summary>Resolves a node to a string, or returns null and sets <paramref name="problem"/> to why it cannot.</summary>
        public string? ResolveString(YamlNodeBase node, out string? problem)
        {
            problem = null;
            var (name, argument) = Intrinsic(node);
            switch (name)
            {
                case null when node is YamlScalar scalar:
                    return scalar.Value;
                case null:
                    problem = $"must be a string, but is {node.KindName}";
                    return null;
                case "Ref":
                    return ResolveRef(argument, out problem);
                case "Fn::Sub":
                    return ResolveSub(argument, out problem);
                case "Fn::Join":
                    return ResolveJoin(argument, out problem);
                default:
                    problem = $"uses {ShortName(name)}, which only CloudFormation can evaluate at deploy time; write the value, or a !Ref to a template parameter";
                    return null;
            }
        }

        /// <summary>Resolves a list-valued node: a YAML list, or a <c>!Ref</c> to a list parameter.</summary>
        public IReadOnlyList<string>? ResolveList(YamlNodeBase node, out string? problem) => ResolveList(node, out problem, out _);

        /// <param name="culprit">When null is returned: the node at fault, the list itself or the item that cannot be resolved.</param>
        public IReadOnlyList<string>? ResolveList(YamlNodeBase node, out string? problem, out YamlNodeBase? culprit)
        {
            problem = null;
            culprit = node;
            var (name, argument) = Intrinsic(node);
            if (name == "Ref" && argument is YamlScalar refName && _parameters.TryGetValue(refName.Value, out var parameter) && parameter.IsList)
            {
                if (parameter.Value == null)
                {
                    problem = $"refers to parameter '{MessageText.Shorten(parameter.Name)}', which has no Default and no value in SamParameterOverrides";
                    return null;
                }
                return parameter.Value.Split(',').Select(v => v.Trim()).ToList();
            }
            if (name != null || node is not YamlSequence sequence)
            {
                problem = $"must be a list, but is {(name != null ? ShortName(name) : node.KindName)}";
                return null;
            }
            var values = new List<string>();
            foreach (var item in sequence.Items)
            {
                var value = ResolveString(item, out problem);
                if (value == null)
                {
                    culprit = item;
                    problem = $"has an item that {problem}";
                    return null;
                }
                values.Add(value);
            }
            culprit = null;
            return values;
        }

        /// <summary>Recognises both the short form (<c>!Ref X</c>) and the long form (<c>{ Ref: X }</c>).</summary>
        public static (string? Name, YamlNodeBase? Argument) Intrinsic(YamlNodeBase node)
        {
            if (node.Tag != null && node.Tag.StartsWith("!", StringComparison.Ordinal) && !node.Tag.StartsWith("!!", StringComparison.Ordinal))
            {
                string tag = node.Tag.Substring(1);
                return (tag == "Ref" || tag == "Condition" ? tag : "Fn::" + tag, node);
            }
            if (node is YamlMapping mapping && mapping.Entries.Count == 1)
            {
                string key = mapping.Entries[0].Key.Value;
                if (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal))
                {
                    return (key, mapping.Entries[0].Value);
                }
            }
            return (null, null);
        }

        private static string ShortName(string name) => "!" + (name.StartsWith("Fn::", StringComparison.Ordinal) ? name.Substring(4) : name);

        private string? ResolveRef(YamlNodeBase? argument, out string? problem)
        {
            problem = null;
            if (argument is not YamlScalar target)
            {
                problem = "has a !Ref whose target is not a name";
                return null;
            }
            if (_parameters.TryGetValue(target.Value, out var parameter))
            {
                if (parameter.Value == null)
                {
                    problem = $"refers to parameter '{MessageText.Shorten(parameter.Name)}', which has no Default; give it one, or pass it with SamParameterOverrides ({MessageText.Shorten(parameter.Name)}=value)";
                }
                return parameter.Value;
            }
            problem = target.Value.StartsWith("AWS::", StringComparison.Ordinal)
                ? $"refers to the pseudo parameter {MessageText.Shorten(target.Value)}, which is only known at deploy time; use a template parameter instead"
                : $"refers to '{MessageText.Shorten(target.Value)}', which is not a parameter of this template (a resource's Ref is only known at deploy time)";
            return null;
        }

        private string? ResolveSub(YamlNodeBase? argument, out string? problem)
        {
            problem = null;
            string? text = argument as YamlScalar is { } s ? s.Value : null;
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            if (argument is YamlSequence sequence && sequence.Items.Count == 2 && sequence.Items[0] is YamlScalar first)
            {
                text = first.Value;
                if (sequence.Items[1] is YamlMapping map)
                {
                    foreach (var entry in map.Entries)
                    {
                        var value = ResolveString(entry.Value, out problem);
                        if (value == null)
                        {
                            return null;
                        }
                        variables[entry.Key.Value] = value;
                    }
                }
            }
            if (text == null)
            {
                problem = "has a !Sub that is neither a string nor [string, {variables}]";
                return null;
            }

            var result = new StringBuilder();
            int i = 0;
            while (i < text.Length)
            {
                int start = text.IndexOf("${", i, StringComparison.Ordinal);
                if (start < 0)
                {
                    result.Append(text, i, text.Length - i);
                    break;
                }
                result.Append(text, i, start - i);
                int end = text.IndexOf('}', start);
                if (end < 0)
                {
                    result.Append(text, start, text.Length - start);
                    break;
                }
                string name = text.Substring(start + 2, end - start - 2);
                if (name.StartsWith("!", StringComparison.Ordinal))
                {
                    result.Append("${").Append(name.Substring(1)).Append('}');
                }
                else if (variables.TryGetValue(name, out var local))
                {
                    result.Append(local);
                }
                else
                {
                    var value = ResolveRef(new YamlScalar(name, false, 0, 0, null), out problem);
                    if (value == null)
                    {
                        problem = $"has a !Sub whose ${{{MessageText.Shorten(name)}}} " + (problem ?? "cannot be resolved");
                        return null;
                    }
                    result.Append(value);
                }
                i = end + 1;
            }
            return result.ToString();
        }

        private string? ResolveJoin(YamlNodeBase? argument, out string? problem)
        {
            problem = null;
            if (argument is not YamlSequence { Items.Count: 2 } sequence || sequence.Items[0] is not YamlScalar separator)
            {
                problem = "has a !Join that is not [separator, [values]]";
                return null;
            }
            var values = ResolveList(sequence.Items[1], out problem);
            return values == null ? null : string.Join(separator.Value, values);
        }
    }
}
