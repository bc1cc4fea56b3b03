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
        private sealed class Owner
        {
            public Owner(string fullPath, string stackPath, string templatePath, int line)
            {
                FullPath = fullPath;
                StackPath = stackPath;
                TemplatePath = templatePath;
                Line = line;
            }

            public string FullPath { get; }
            public string StackPath { get; }
            public string TemplatePath { get; }
            public int Line { get; }
        }

        /// <returns>False when a clash was reported.</returns>
        public static bool Check(IEnumerable<LambdaFunctionDefinition> functions, IEnumerable<SamStack> stacks, DiagnosticBag diagnostics)
        {
            var owners = functions.Select(f => new Owner(f.FullPath, f.StackPath, f.TemplatePath, f.Line))
                .Concat(stacks.SelectMany(s => s.Children.Select(c => new Owner(SamStack.FullPath(s.StackPath, c.LogicalId), s.StackPath, c.ParentTemplatePath, c.IdLine))));
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
