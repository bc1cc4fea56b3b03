using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Yaml
{
    public sealed class YamlMapping : YamlNodeBase
    {
        public YamlMapping(List<KeyValuePair<YamlScalar, YamlNodeBase>> entries, int line, int column, string? tag, bool isFlow = false) : base(line, column, tag)
        {
            Entries = entries;
            IsFlow = isFlow;
        }

        public bool IsFlow { get; }

        /// <summary>Entries in document order; keys are unique (duplicates are rejected while parsing).</summary>
        public List<KeyValuePair<YamlScalar, YamlNodeBase>> Entries { get; }
        public override string KindName => "a mapping";

        public YamlNodeBase? this[string key]
        {
            get
            {
                foreach (var entry in Entries)
                {
                    if (entry.Key.Value == key)
                    {
                        return entry.Value;
                    }
                }
                return null;
            }
        }

        public YamlScalar? KeyNode(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Key;
    }
}
