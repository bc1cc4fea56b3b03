using System;
using System.Collections.Generic;

namespace RustLambda.Build.Building
{
    /// <summary>One item of a cached resolution: its identity and metadata, in the order they were written.</summary>
    public sealed class CachedItem
    {
        public CachedItem(string itemSpec)
        {
            ItemSpec = itemSpec;
        }

        public string ItemSpec { get; }

        public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
