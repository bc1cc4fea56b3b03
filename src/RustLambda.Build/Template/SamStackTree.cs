using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Template
{
    /// <summary>The root template and every local nested application under it, root first, each parent before its children.</summary>
    public sealed class SamStackTree
    {
        public SamStackTree(IReadOnlyList<SamStack> stacks, IReadOnlyList<LambdaFunctionDefinition> functions)
        {
            Stacks = stacks;
            Functions = functions;
        }

        public IReadOnlyList<SamStack> Stacks { get; }

        public SamStack Root => Stacks[0];

        /// <summary>The rust-cargolambda functions selected for this build, of every stack, root first.</summary>
        public IReadOnlyList<LambdaFunctionDefinition> Functions { get; }

        public IEnumerable<string> TemplatePaths => Stacks.Select(s => s.TemplatePath).Distinct();
    }
}
