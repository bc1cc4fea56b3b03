using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Writes `sam build`'s layout (<see cref="SamBuildLayoutWriter"/>). Runs on every build, also when cargo and the zips were
    /// up to date: the layout is shared by all configurations, so only a check by content can tell that it holds this build's
    /// binaries (and it costs a stat per file when nothing changed).
    /// </summary>
    public sealed class WriteSamBuildOutput : Task
    {
        /// <summary>Functions from ResolveRustLambdaBuild (metadata BinaryPath: the checked binary).</summary>
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string TemplatePath { get; set; } = "";

        /// <summary>SamBuildDir; empty means .aws-sam/build beside the template, where `sam build` run there writes.</summary>
        public string? BuildDirectory { get; set; }

        /// <summary>The content stamps of this configuration's view of the layout (under obj/).</summary>
        public string? StampFile { get; set; }

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            string buildDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(BuildDirectory)
                ? Path.Combine(Path.GetDirectoryName(TemplatePath)!, ".aws-sam", "build")
                : BuildDirectory!);
            try
            {
                var stamps = FileStamps.Load(string.IsNullOrEmpty(StampFile) ? Path.Combine(Path.GetTempPath(), "unused.stamps") : StampFile!);
                var writer = new SamBuildLayoutWriter(buildDirectory, stamps);
                var binaries = Functions.ToDictionary(f => f.ItemSpec, f => f.GetMetadata("BinaryPath"), StringComparer.Ordinal);
                var result = writer.Write(TemplatePath, binaries);
                if (!string.IsNullOrEmpty(StampFile))
                {
                    stamps.Save();
                }
                WrittenFiles = result.WrittenFiles.Select(w => (ITaskItem)new TaskItem(w)).ToArray();
                Log.LogMessage(MessageImportance.Low, $"SAM layout: {result.Linked} linked, {result.Copied} copied, {result.Unchanged} unchanged; template {(result.TemplateWritten ? "written" : "unchanged")}; {result.SweptTemporaryFiles} abandoned temporary files removed.");
                Log.LogMessage(MessageImportance.High, $"SAM build output: {buildDirectory} (sam deploy --template-file {writer.TemplatePath})");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is YamlDocumentException || ex is InvalidOperationException)
            {
                Log.LogError(null, DiagnosticCodes.PackagingFailed, null, buildDirectory, 0, 0, 0, 0, $"Cannot write the SAM build output to {buildDirectory}: {ex.Message}. Fix the folder, set SamBuildDir elsewhere, or set SamBuildOutput=false.");
            }
            return !Log.HasLoggedErrors;
        }
    }
}
