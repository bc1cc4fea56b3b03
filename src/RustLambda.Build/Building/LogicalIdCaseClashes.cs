using System;
using System.Collections.Generic;
using System.Linq;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// RL0125: each function and each nested application owns a folder named by its full path (bin/&lt;Id&gt;/,
    /// .aws-sam/build/&lt;Id&gt;/); two paths that differ only in case are one folder on Windows and macOS, and one build's
    /// output would overwrite the other's.
    /// </summary>
    internal static class LogicalIdCaseClashes
    {
        /// <returns>False when a clash was reported.</returns>
        public static bool Check(IEnumerable<LambdaFunctionDefinition> functions, IEnumerable<SamStack> stacks, DiagnosticBag diagnostics)
        {
            // Who owns a folder: its full path, the stack it is in, and where its id is written.
            var owners = functions.Select(f => (f.FullPath, f.StackPath, f.TemplatePath, f.Line))
                .Concat(stacks.SelectMany(s => s.Children.Select(c => (FullPath: SamStack.FullPath(s.StackPath, c.LogicalId), s.StackPath, TemplatePath: c.ParentTemplatePath, Line: c.IdLine))));
            bool clean = true;
            foreach (var clash in owners.GroupBy(o => o.FullPath, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                // Owners whose stacks' paths differ in case clash because those stacks do, which is reported on its own.
                if (clash.Select(o => o.StackPath).Distinct(StringComparer.Ordinal).Count() > 1)
                {
                    continue;
                }
                // One stack path is one template, so the lines are all in it.
                var ids = clash.OrderBy(o => o.Line).ToList();
                var named = ids.Select(o => $"{MessageText.Shorten(o.FullPath)} (line {o.Line})").ToList();
                diagnostics.Error(DiagnosticCodes.LogicalIdsDifferOnlyInCase,
                    $"The logical ids {string.Join(", ", named.Take(named.Count - 1))} and {named[named.Count - 1]} differ only in case; " +
                    "their output folders would be one folder on Windows and macOS and overwrite each other. Rename one.",
                    ids[ids.Count - 1].TemplatePath, ids[ids.Count - 1].Line);
                clean = false;
            }
            return clean;
        }
    }
}
