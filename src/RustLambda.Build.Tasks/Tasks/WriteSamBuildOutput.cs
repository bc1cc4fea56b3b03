using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;
using RustLambda.Build.Template;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Writes `sam build`'s layout: &lt;SamBuildDir&gt;/&lt;LogicalId&gt;/bootstrap (mode 0755) and &lt;SamBuildDir&gt;/template.yaml
    /// pointing at them, so `sam deploy` and `sam local invoke` work right after `dotnet build`.
    /// </summary>
    public sealed class WriteSamBuildOutput : Task
    {
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        public ITaskItem[] Binaries { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string TemplatePath { get; set; } = "";

        /// <summary>SamBuildDir; empty means .aws-sam/build beside the template, where `sam build` run there writes.</summary>
        public string? BuildDirectory { get; set; }

        /// <summary>
        /// ResolveRustLambdaBuild's Stacks: the root template and each local nested application's, with StackPath and
        /// NestedStacks. Each is written to &lt;SamBuildDir&gt;/&lt;StackPath&gt;/template.yaml; empty means the root alone.
        /// </summary>
        public ITaskItem[] Stacks { get; set; } = Array.Empty<ITaskItem>();

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            string buildDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(BuildDirectory)
                ? Path.Combine(Path.GetDirectoryName(TemplatePath)!, ".aws-sam", "build")
                : BuildDirectory!);
            var written = new List<string>();
            try
            {
                var built = new BuiltBinaries(Binaries);
                // Per stack path: the functions built there, by their logical id in that stack's template.
                var folders = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
                foreach (var function in Functions)
                {
                    string? binary = built.For(function);
                    if (binary == null)
                    {
                        continue;
                    }
                    string bootstrap = Path.Combine(buildDirectory, function.ItemSpec, "bootstrap");
                    AtomicFile.Copy(binary, bootstrap);
                    MakeExecutable(bootstrap);
                    written.Add(bootstrap);
                    string stackPath = function.GetMetadata("StackPath");
                    string resourceId = string.IsNullOrEmpty(function.GetMetadata("ResourceId")) ? function.ItemSpec : function.GetMetadata("ResourceId");
                    if (!folders.TryGetValue(stackPath, out var stackFolders))
                    {
                        folders[stackPath] = stackFolders = new Dictionary<string, string>(StringComparer.Ordinal);
                    }
                    stackFolders[resourceId] = resourceId;
                }

                // As sam build: each stack's template in its own folder, its functions' CodeUri relative to it, and a parent's
                // nested application pointing at the child's rewritten template. Children first, so a parent never points at
                // a template not yet written.
                var stacks = Stacks.Length > 0 ? Stacks : new ITaskItem[] { new TaskItem(TemplatePath) };
                string template = Path.Combine(buildDirectory, "template.yaml");
                foreach (var stack in Enumerable.Reverse(stacks))
                {
                    string stackPath = stack.GetMetadata("StackPath");
                    string stackDirectory = stackPath.Length == 0 ? buildDirectory : Path.Combine(buildDirectory, stackPath.Replace('/', Path.DirectorySeparatorChar));
                    var nested = ArgumentList.Decode(stack.GetMetadata("NestedStacks")).ToDictionary(id => id, id => id + "/template.yaml", StringComparer.Ordinal);
                    string text = SamBuildTemplateWriter.Render(stack.ItemSpec, stackDirectory,
                        folders.TryGetValue(stackPath, out var stackFunctions) ? stackFunctions : new Dictionary<string, string>(), nested);
                    string output = Path.Combine(stackDirectory, "template.yaml");
                    AtomicFile.WriteText(output, text);
                    written.Add(output);
                }
                Log.LogMessage(MessageImportance.High, $"SAM build output: {buildDirectory} (sam deploy --template-file {template})");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is YamlDocumentException || ex is InvalidOperationException)
            {
                Log.LogError(null, DiagnosticCodes.PackagingFailed, null, buildDirectory, 0, 0, 0, 0, $"Cannot write the SAM build output to {buildDirectory}: {ex.Message}. Fix the folder, set SamBuildDir elsewhere, or set SamBuildOutput=false.");
            }
            WrittenFiles = written.Select(w => (ITaskItem)new TaskItem(w)).ToArray();
            return !Log.HasLoggedErrors;
        }

        private static void MakeExecutable(string path)
        {
#if NET
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
#endif
        }
    }
}
