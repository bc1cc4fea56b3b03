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

        /// <summary>Its AWS::Serverless::Application and AWS::CloudFormation::Stack resources, local or not.</summary>
        public IReadOnlyList<NestedStackReference> NestedStacks { get; set; } = new List<NestedStackReference>();

        /// <summary>Functions of the template that are not rust-cargolambda, and every resource id, for SamFunctions' errors.</summary>
        public IReadOnlyList<string> OtherFunctionIds { get; set; } = new List<string>();
        public IReadOnlyList<string> ResourceIds { get; set; } = new List<string>();

        public SamTemplate WithFunctions(IReadOnlyList<LambdaFunctionDefinition> functions) =>
            new SamTemplate(Path, functions) { NestedStacks = NestedStacks, OtherFunctionIds = OtherFunctionIds, ResourceIds = ResourceIds };
    }
}
