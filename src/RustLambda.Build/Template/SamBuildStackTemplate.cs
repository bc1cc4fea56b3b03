using System.Collections.Generic;

namespace RustLambda.Build.Template
{
    /// <summary>One template of `sam build`'s layout: the root's, or a local nested application's.</summary>
    public sealed class SamBuildStackTemplate
    {
        public SamBuildStackTemplate(string sourceTemplatePath, string stackPath, IReadOnlyList<string> nestedStackIds)
        {
            SourceTemplatePath = sourceTemplatePath;
            StackPath = stackPath;
            NestedStackIds = nestedStackIds;
        }

        /// <summary>The template as the user wrote it.</summary>
        public string SourceTemplatePath { get; }

        /// <summary>Empty for the root, <c>App</c> (or <c>App/Inner</c>) for a nested application.</summary>
        public string StackPath { get; }

        /// <summary>Logical ids of its local nested applications, each a stack below it.</summary>
        public IReadOnlyList<string> NestedStackIds { get; }
    }
}
