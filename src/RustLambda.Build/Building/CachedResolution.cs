using System;
using System.Collections.Generic;

namespace RustLambda.Build.Building
{
    /// <summary>A resolution as ResolutionCache keeps it: named properties and named groups of items with metadata.</summary>
    public sealed class CachedResolution
    {
        public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public Dictionary<string, List<CachedItem>> Items { get; } = new Dictionary<string, List<CachedItem>>(StringComparer.Ordinal);

        public List<CachedItem> ItemsOf(string group)
        {
            if (!Items.TryGetValue(group, out var items))
            {
                Items[group] = items = new List<CachedItem>();
            }
            return items;
        }

        public string? Property(string name) => Properties.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
    }
}
