using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace RustLambda.Build.Tasks
{
    /// <summary>Finds the binary a function's cargo invocation produced, from RustLambdaCargoBuild's Binaries items.</summary>
    internal sealed class BuiltBinaries
    {
        private readonly Dictionary<(string Invocation, string Binary), string> _paths;

        public BuiltBinaries(IEnumerable<ITaskItem> binaries) =>
            _paths = binaries.GroupBy(b => (b.GetMetadata("InvocationId"), b.GetMetadata("Binary"))).ToDictionary(g => g.Key, g => g.First().ItemSpec);

        public string? For(ITaskItem function) =>
            _paths.TryGetValue((function.GetMetadata("InvocationId"), function.GetMetadata("Binary")), out var path) ? path : null;
    }
}
