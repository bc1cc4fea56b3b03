using System.Collections.Generic;

namespace RustLambda.Build.Yaml
{
    public sealed class YamlSequence : YamlNodeBase
    {
        public YamlSequence(List<YamlNodeBase> items, int line, int column, string? tag, bool isFlow = false) : base(line, column, tag)
        {
            Items = items;
            IsFlow = isFlow;
        }

        public bool IsFlow { get; }

        public List<YamlNodeBase> Items { get; }
        public override string KindName => "a list";
    }
}
