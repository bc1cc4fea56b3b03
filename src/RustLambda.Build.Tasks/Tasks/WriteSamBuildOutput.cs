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
                var builtPaths = new List<string>();
                foreach (var function in Functions)
                {
                    string? binary = built.For(function);
                    if (binary == null)
                    {
                        continue;
                    }
                    // ItemSpec is the full path: <LogicalId>, or <App>/<LogicalId> for a nested application's function.
                    string bootstrap = Path.Combine(buildDirectory, function.ItemSpec, "bootstrap");
                    AtomicFile.Copy(binary, bootstrap);
                    MakeExecutable(bootstrap);
                    written.Add(bootstrap);
                    builtPaths.Add(function.ItemSpec);
                }

                var stacks = Stacks.Length == 0
                    ? new[] { new SamBuildStackTemplate(TemplatePath, "", Array.Empty<string>()) }
                    : Stacks.Select(s => new SamBuildStackTemplate(s.ItemSpec, s.GetMetadata("StackPath"), ArgumentList.Decode(s.GetMetadata("NestedStacks")))).ToArray();
                foreach (var (output, text) in SamBuildStackTemplates.Render(stacks, buildDirectory, builtPaths))
                {
                    AtomicFile.WriteText(output, text);
                    written.Add(output);
                }
                string template = SamBuildStackTemplates.OutputPath(buildDirectory, "");
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
