using YamlDotNet.Core;

namespace RustLambda.Build.Yaml
{
    public sealed class YamlScalar : YamlNodeBase
    {
        public YamlScalar(string value, bool isQuoted, int line, int column, string? tag, ScalarStyle style = ScalarStyle.Any) : base(line, column, tag)
        {
            Value = value;
            IsQuoted = isQuoted;
            Style = style;
        }

        public string Value { get; }
        public bool IsQuoted { get; }

        /// <summary>As written (plain, quoted, literal block…), so a rewritten template reads like the original.</summary>
        public ScalarStyle Style { get; }

        /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar, which YAML reads as null.</summary>
        public bool IsNull => !IsQuoted && Tag == null && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

        public override string KindName => IsNull ? "empty" : "a string";
    }
}
