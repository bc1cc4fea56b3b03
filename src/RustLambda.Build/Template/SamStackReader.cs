using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// Reads a template and, recursively, every nested application whose <c>Location</c> / <c>TemplateURL</c> is a local
    /// file, as `sam build` does (samcli's SamLocalStackProvider): each child is read with the parameter values its parent's
    /// <c>Parameters</c> pass (where they resolve), its functions are named by their full path (<c>App/Function</c>), and
    /// remote applications are left alone. A child that includes one of its ancestors is a cycle, reported where it is
    /// written; so is a tree of more than <see cref="MaxStacks"/> templates.
    /// </summary>
    public sealed class SamStackReader
    {
        /// <summary>Cycles are caught exactly; this bounds a tree that nests the same templates over and over.</summary>
        public const int MaxStacks = 500;

        private readonly DiagnosticBag _diagnostics;
        private readonly StringComparer _pathComparer = Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        public SamStackReader(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

        /// <summary>The date runtime lifecycle warnings are judged against; a setting so tests can pin it.</summary>
        public DateTime? Today { get; set; }

        /// <param name="selectedFunctions">Full paths to build (SamFunctions: <c>Function</c>, <c>App/Function</c>); empty builds all.</param>
        public SamStackTree? Read(string templatePath, IReadOnlyDictionary<string, string> parameterOverrides, IReadOnlyCollection<string> selectedFunctions)
        {
            var stacks = new List<SamStack>();
            Visit(templatePath, parameterOverrides, "", SamTemplateReader.DefaultParameterSource, new List<string>(), stacks);
            if (_diagnostics.HasErrors || stacks.Count == 0)
            {
                return null;
            }
            var all = stacks.SelectMany(s => s.Template.Functions).ToList();
            if (selectedFunctions.Count == 0)
            {
                if (all.Count == 0)
                {
                    _diagnostics.Warning(DiagnosticCodes.NoRustFunctions, stacks.Count == 1
                        ? $"The template has no function with Metadata.BuildMethod: {SamTemplateReader.RustBuildMethod}, so there is nothing to build. Add `Metadata: {{ BuildMethod: {SamTemplateReader.RustBuildMethod} }}` to each Rust function."
                        : $"Neither the template nor its {stacks.Count - 1} nested application(s) has a function with Metadata.BuildMethod: {SamTemplateReader.RustBuildMethod}, so there is nothing to build. Add `Metadata: {{ BuildMethod: {SamTemplateReader.RustBuildMethod} }}` to each Rust function.", templatePath);
                }
                return new SamStackTree(stacks, all);
            }

            var known = all.Select(f => f.FullPath).ToList();
            foreach (var id in selectedFunctions.Where(id => !known.Contains(id, StringComparer.Ordinal)))
            {
                string available = known.Count == 0 ? "(none)" : string.Join(", ", known);
                _diagnostics.Error(DiagnosticCodes.UnknownFunction, $"SamFunctions names '{MessageText.Shorten(id)}', but {Explain(stacks, id)}. Functions that can be built: {available}.", templatePath);
            }
            return _diagnostics.HasErrors ? null : new SamStackTree(stacks, all.Where(f => selectedFunctions.Contains(f.FullPath)).ToList());
        }

        private static string Explain(List<SamStack> stacks, string id)
        {
            int slash = id.LastIndexOf('/');
            string stackPath = slash < 0 ? "" : id.Substring(0, slash);
            var stack = stacks.FirstOrDefault(s => s.StackPath == stackPath);
            if (stack == null)
            {
                return $"the template has no local nested application '{MessageText.Shorten(stackPath)}'";
            }
            return SamTemplateReader.ExplainNotBuildable(stack.Template, id.Substring(slash + 1), stack.IsRoot ? "the template" : $"the template of {stack.StackPath}");
        }

        private void Visit(string templatePath, IReadOnlyDictionary<string, string> parameters, string stackPath, string parameterSource, List<string> ancestors, List<SamStack> stacks)
        {
            // Each template gets its own bag: the reader's result depends on its own errors, not on a sibling's.
            var diagnostics = new DiagnosticBag();
            var reader = new SamTemplateReader(diagnostics) { StackPath = stackPath, WarnIfNoFunctions = false, ParameterSource = parameterSource };
            if (Today != null)
            {
                reader.Today = Today.Value;
            }
            var template = reader.Read(templatePath, parameters, Array.Empty<string>());
            _diagnostics.AddRange(diagnostics.Items);
            if (template == null)
            {
                return;
            }
            var children = template.NestedStacks.Where(n => n.IsLocal).ToList();
            stacks.Add(new SamStack(stackPath, templatePath, template, children));

            ancestors.Add(Path.GetFullPath(templatePath));
            foreach (var child in children)
            {
                string childPath = SamStack.FullPath(stackPath, child.LogicalId);
                if (ancestors.Contains(child.TemplatePath!, _pathComparer))
                {
                    var chain = ancestors.SkipWhile(a => !_pathComparer.Equals(a, child.TemplatePath)).Append(child.TemplatePath!);
                    _diagnostics.Error(DiagnosticCodes.NestedStackCycle,
                        $"{child.LocationProperty} of {childPath} includes a template that includes it: {string.Join(" -> ", chain.Select(Path.GetFileName))} ({string.Join(" -> ", chain)}). Nested applications cannot form a cycle; point it at another template.",
                        templatePath, child.Line, child.Column);
                    continue;
                }
                if (stacks.Count >= MaxStacks)
                {
                    _diagnostics.Error(DiagnosticCodes.NestedStackCycle,
                        $"{childPath} would be nested application number {MaxStacks + 1}; more than {MaxStacks} local templates are not built. Nest fewer applications.", templatePath, child.Line, child.Column);
                    break;
                }
                Visit(child.TemplatePath!, child.Parameters, childPath, $"Parameters of {child.LogicalId} in {Path.GetFileName(templatePath)}", ancestors, stacks);
            }
            ancestors.RemoveAt(ancestors.Count - 1);
        }
    }
}
