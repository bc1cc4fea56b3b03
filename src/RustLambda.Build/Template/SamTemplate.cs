using System.Collections.Generic;

namespace RustLambda.Build.Template
{
    public sealed class SamTemplate
    {
        public SamTemplate(string path, IReadOnlyList<LambdaFunctionDefinition> functions)
        {
            Path = path;
            Functions = functions;
        }

        public string Path { get; }

        /// <summary>The rust-cargolambda functions selected for this build, in template order.</summary>
        public IReadOnlyList<LambdaFunctionDefinition> Functions { get; }
    }
}
