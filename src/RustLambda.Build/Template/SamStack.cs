using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// One template of the build: the root, or a local nested application. Its stack path is `sam build`'s: empty for the
    /// root, the nested application's logical id below it, joined with '/' deeper down (<c>App/Inner</c>); it names the
    /// folder under .aws-sam/build that holds the stack's template and functions.
    /// </summary>
    public sealed class SamStack
    {
        public SamStack(string stackPath, string templatePath, SamTemplate template, IReadOnlyList<NestedStackReference> children)
        {
            StackPath = stackPath;
            TemplatePath = templatePath;
            Template = template;
            Children = children;
        }

        public string StackPath { get; }
        public string TemplatePath { get; }
        public SamTemplate Template { get; }

        /// <summary>The local nested applications of this template, each a stack of the build too.</summary>
        public IReadOnlyList<NestedStackReference> Children { get; }

        public bool IsRoot => StackPath.Length == 0;

        /// <summary>A resource's full path: its logical id, below the stack path (<c>App/Function</c>).</summary>
        public static string FullPath(string stackPath, string logicalId) => stackPath.Length == 0 ? logicalId : stackPath + "/" + logicalId;
    }
}
