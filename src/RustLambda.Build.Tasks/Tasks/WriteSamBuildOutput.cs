using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Writes `sam build`'s layout (<see cref="SamBuildLayoutWriter"/>) from each function's checked binary. Runs on every
    /// build, also when cargo and the zips were up to date: the layout is shared by all configurations, so only a check by
    /// content can tell that it holds this build's binaries (a stat per file when nothing changed).
    /// </summary>
    public sealed class WriteSamBuildOutput : RustLambdaTask
    {
        /// <summary>Functions from ResolveRustLambdaBuild (<see cref="FunctionItem"/>; BinaryPath is the checked binary).</summary>
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string TemplatePath { get; set; } = "";

        /// <summary>The layout's folder, as ResolveRustLambdaBuild resolved SamBuildDir.</summary>
        [Required]
        public string BuildDirectory { get; set; } = "";

        /// <summary>This configuration's content stamps of the layout (under obj/).</summary>
        [Required]
        public string StampFile { get; set; } = "";

        /// <summary>ResolveRustLambdaBuild's Stacks: every template of the tree, each written to &lt;SamBuildDir&gt;/&lt;StackPath&gt;/template.yaml.</summary>
        public ITaskItem[] Stacks { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// Touched whenever this task changes a file of the layout (or finds it missing): the targets' sign that some build
        /// (another configuration's included) wrote the layout after this configuration last did.
        /// </summary>
        public string? WriterFile { get; set; }

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        protected override string Activity => "writing the SAM build output";

        protected override void ExecuteCore()
        {
            string buildDirectory = Path.GetFullPath(BuildDirectory);
            try
            {
                var stamps = FileStamps.Load(StampFile);
                var writer = new SamBuildLayoutWriter(buildDirectory, stamps);
                var binaries = Functions.Select(FunctionItem.FromItem).ToDictionary(f => f.LogicalId, f => f.BinaryPath, StringComparer.Ordinal);
                var result = writer.Write(TemplatePath, binaries, Stacks.Select(StackItem.FromItem).ToList());
                stamps.Save();
                if (!string.IsNullOrEmpty(WriterFile) && (result.Linked + result.Copied > 0 || result.TemplateWritten || !File.Exists(WriterFile)))
                {
                    AtomicFile.WriteText(WriterFile!, "Written by RustLambda.Sdk; its time is when the layout last changed.\n");
                }
                WrittenFiles = result.WrittenFiles.Concat(string.IsNullOrEmpty(WriterFile) ? Array.Empty<string>() : new[] { Path.GetFullPath(WriterFile) })
                    .Select(w => WrittenFileItem.ToItem(w, stamps.Recorded(w))).ToArray();
                Log.LogMessage(MessageImportance.Low, $"SAM layout: {result.Linked} linked, {result.Copied} copied, {result.Unchanged} unchanged; template {(result.TemplateWritten ? "written" : "unchanged")}; {result.SweptTemporaryFiles} abandoned temporary files removed.");
                Log.LogMessage(MessageImportance.High, $"SAM build output: {buildDirectory} (sam deploy --template-file {writer.TemplatePath})");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is YamlDocumentException || ex is InvalidOperationException)
            {
                Error(DiagnosticCodes.PackagingFailed, $"Cannot write the SAM build output to {buildDirectory}: {ex.Message}. Fix the folder, set SamBuildDir elsewhere, or set SamBuildOutput=false.", buildDirectory);
            }
        }
    }
}
