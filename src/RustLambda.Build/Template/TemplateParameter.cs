using System;
using System.Collections.Generic;
using System.Linq;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Template
{
    /// <summary>A template parameter: its declared type and the value in force (the override, else the Default).</summary>
    public sealed class TemplateParameter
    {
        public TemplateParameter(string name, string? type, string? value, int line)
        {
            Name = name;
            Type = type;
            Value = value;
            Line = line;
        }

        public string Name { get; }
        public string? Type { get; }
        public string? Value { get; }
        public int Line { get; }

        /// <summary>
        /// A declared parameter as CloudFormation (and `sam build`) take it: the <c>SamParameterOverrides</c> value when one is
        /// given, else its <c>Default</c> (a list default joined with commas), else none.
        /// </summary>
        public static TemplateParameter FromDeclaration(YamlScalar name, YamlMapping? definition, IReadOnlyDictionary<string, string> overrides)
        {
            string? value = definition?["Default"] switch
            {
                YamlScalar scalar when !scalar.IsNull => scalar.Value,
                YamlSequence list => string.Join(",", list.Items.OfType<YamlScalar>().Select(s => s.Value)),
                _ => null,
            };
            if (overrides.TryGetValue(name.Value, out var overridden))
            {
                value = overridden;
            }
            return new TemplateParameter(name.Value, (definition?["Type"] as YamlScalar)?.Value, value, name.Line);
        }

        public bool IsList => Type != null && (Type == "CommaDelimitedList" || Type.StartsWith("List<", StringComparison.Ordinal));
    }
}
