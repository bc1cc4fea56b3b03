using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Clean: deletes the files the record says the builds wrote (wherever they are: RustLambdaOutputDir, SamBuildDir, a
    /// renamed function's folders), our temporary files beside them, and the folders the builds created once empty. A file
    /// changed since it was written is kept with a warning; nothing the record does not list is touched.
    /// </summary>
    public sealed class CleanRustLambdaOutputs : RustLambdaTask
    {
        [Required]
        public string RecordFile { get; set; } = "";

        /// <summary>The owners to clean: this Configuration and `sam`.</summary>
        [Required]
        public string[] Owners { get; set; } = Array.Empty<string>();

        protected override string Activity => "cleaning the files the builds wrote";

        protected override void ExecuteCore()
        {
            try
            {
                var record = WrittenFiles.Load(RecordFile);
                var (deleted, kept) = record.Clean(new HashSet<string>(Owners, StringComparer.Ordinal));
                foreach (var file in deleted)
                {
                    Log.LogMessage(MessageImportance.Normal, $"Deleted {file}.");
                }
                foreach (var file in kept)
                {
                    Log.LogWarning(null, DiagnosticCodes.OutputChangedSinceWritten, null, file, 0, 0, 0, 0,
                        $"{file} was written by a build but changed since, so clean keeps it. Delete it yourself if it is not needed.");
                }
                record.Save();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogWarning(null, DiagnosticCodes.OutputChangedSinceWritten, null, RecordFile, 0, 0, 0, 0, $"Clean could not finish: {ex.Message}");
            }
        }
    }
}
