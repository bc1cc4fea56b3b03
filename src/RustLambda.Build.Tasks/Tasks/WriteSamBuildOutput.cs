using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Template;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Tasks
{
    /// <summary>Writes `sam build`'s layout (<see cref="SamBuildLayout"/>) for the functions whose binary was built.</summary>
    public sealed class WriteSamBuildOutput : RustLambdaTask
    {
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        public ITaskItem[] Binaries { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string TemplatePath { get; set; } = "";

        /// <summary>SamBuildDir; empty means .aws-sam/build beside the template, where `sam build` run there writes.</summary>
        public string? BuildDirectory { get; set; }

        /// <summary>ResolveRustLambdaBuild's Stacks: every template of the tree, each written to &lt;SamBuildDir&gt;/&lt;StackPath&gt;/template.yaml.</summary>
        public ITaskItem[] Stacks { get; set; } = Array.Empty<ITaskItem>();

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        protected override string Activity => "writing the SAM build output";

        protected override void ExecuteCore()
        {
            string buildDirectory = SamBuildLayout.BuildDirectory(TemplatePath, BuildDirectory);
            var written = new List<string>();
            try
            {
                var built = new BuiltBinaries(Binaries.Select(BinaryItem.FromItem));
                var binaries = Functions.Select(FunctionItem.FromItem)
                    .Select(f => new KeyValuePair<string, string?>(f.LogicalId, built.For(f)))
                    .Where(f => f.Value != null)
                    .Select(f => new KeyValuePair<string, string>(f.Key, f.Value!));
                SamBuildLayout.Write(TemplatePath, buildDirectory, binaries, written, Stacks.Select(StackItem.FromItem).ToList());
                Log.LogMessage(MessageImportance.High, $"SAM build output: {buildDirectory} (sam deploy --template-file {SamBuildStackTemplates.OutputPath(buildDirectory, "")})");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is YamlDocumentException || ex is InvalidOperationException)
            {
                Error(DiagnosticCodes.PackagingFailed, $"Cannot write the SAM build output to {buildDirectory}: {ex.Message}. Fix the folder, set SamBuildDir elsewhere, or set SamBuildOutput=false.", buildDirectory);
            }
            finally
            {
                WrittenFiles = written.Select(w => (ITaskItem)new TaskItem(w)).ToArray();
            }
        }
    }
}
