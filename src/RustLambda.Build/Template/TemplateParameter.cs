using System;

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

        public bool IsList => Type != null && (Type == "CommaDelimitedList" || Type.StartsWith("List<", StringComparison.Ordinal));
    }
}
