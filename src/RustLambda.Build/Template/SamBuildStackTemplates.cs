using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// The templates of `sam build`'s layout for a template tree: each stack's rewritten template in
    /// &lt;build&gt;/&lt;StackPath&gt;/template.yaml, its built functions' CodeUri pointing at &lt;LogicalId&gt; beside it, and a
    /// parent's nested application pointing at &lt;App&gt;/template.yaml. Children come first, so a parent never points at a
    /// template not yet written.
    /// </summary>
    public static class SamBuildStackTemplates
    {
        public const string TemplateFileName = "template.yaml";

        public static string OutputPath(string buildDirectory, string stackPath) =>
            Path.Combine(StackDirectory(buildDirectory, stackPath), TemplateFileName);

        public static string StackDirectory(string buildDirectory, string stackPath) =>
            stackPath.Length == 0 ? Path.GetFullPath(buildDirectory) : Path.GetFullPath(Path.Combine(buildDirectory, stackPath.Replace('/', Path.DirectorySeparatorChar)));

        /// <param name="builtFunctionPaths">Full paths (<c>Function</c>, <c>App/Function</c>) of the functions whose bootstrap is in the layout.</param>
        public static IReadOnlyList<(string OutputPath, string Text)> Render(IReadOnlyList<SamBuildStackTemplate> stacks, string buildDirectory, IEnumerable<string> builtFunctionPaths)
        {
            // A logical id is alphanumeric, so the last '/' of a full path separates the stack path from it.
            var built = builtFunctionPaths.Select(p => (Stack: p.LastIndexOf('/') < 0 ? "" : p.Substring(0, p.LastIndexOf('/')), Id: p.Substring(p.LastIndexOf('/') + 1)))
                .GroupBy(f => f.Stack, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(f => f.Id, f => f.Id, StringComparer.Ordinal), StringComparer.Ordinal);
            var rendered = new List<(string, string)>();
            foreach (var stack in stacks.Reverse())
            {
                var nested = stack.NestedStackIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => id + "/" + TemplateFileName, StringComparer.Ordinal);
                string text = SamBuildTemplateWriter.Render(stack.SourceTemplatePath, StackDirectory(buildDirectory, stack.StackPath),
                    built.TryGetValue(stack.StackPath, out var functions) ? functions : new Dictionary<string, string>(), nested);
                rendered.Add((OutputPath(buildDirectory, stack.StackPath), text));
            }
            return rendered;
        }
    }
}
