using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>Finds the binary a function's cargo invocation produced, from RunRustLambdaCargo's Binaries items.</summary>
    internal sealed class BuiltBinaries
    {
        private readonly Dictionary<(string Invocation, string Binary), string> _paths;

        public BuiltBinaries(IEnumerable<BinaryItem> binaries) =>
            _paths = binaries.GroupBy(b => (b.InvocationId, b.Binary)).ToDictionary(g => g.Key, g => g.First().Path);

        public string? For(FunctionItem function) =>
            _paths.TryGetValue((function.InvocationId, function.Binary), out var path) ? path : null;
    }
}
