using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Keeps the record of what the builds wrote (<see cref="WrittenFiles"/>): before the build, the output folders that do
    /// not exist yet (so clean removes only folders we made); after it, the files this build wrote, deleting those an earlier
    /// build of the same owner wrote and this one no longer does (a renamed function, a former RustLambdaOutputDir).
    /// </summary>
    public sealed class RecordRustLambdaOutputs : RustLambdaTask
    {
        [Required]
        public string RecordFile { get; set; } = "";

        /// <summary>Whose files: the Configuration for the zips, `sam` for the layout every configuration shares.</summary>
        [Required]
        public string Owner { get; set; } = "";

        /// <summary>Before the build: folders about to be created.</summary>
        public ITaskItem[] FoldersToCreate { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>After the build: every file of the owner as this build left it.</summary>
        public ITaskItem[]? Files { get; set; }

        protected override string Activity => "recording the files the build wrote";

        protected override void ExecuteCore()
        {
            try
            {
                var record = WrittenFiles.Load(RecordFile);
                foreach (var folder in FoldersToCreate)
                {
                    record.NoteCreatedFolders(Owner, folder.ItemSpec);
                }
                if (Files != null)
                {
                    var (deleted, kept) = record.Update(Owner, Files.Select(f => (f.ItemSpec, WrittenFileItem.StampOf(f))));
                    foreach (var file in deleted)
                    {
                        Log.LogMessage(MessageImportance.Normal, $"Removed {file}: an earlier build wrote it and this one no longer does.");
                    }
                    foreach (var file in kept)
                    {
                        Log.LogWarning(null, DiagnosticCodes.OutputChangedSinceWritten, null, file, 0, 0, 0, 0,
                            $"{file} was written by an earlier build and is no longer an output, but it was changed since, so it is kept. Delete it yourself if it is not needed.");
                    }
                }
                record.Save();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The record only steers clean; a build that cannot keep it still produced correct outputs.
                Log.LogMessage(MessageImportance.High, $"Could not update {RecordFile} ({ex.Message}); clean may leave this build's files behind.");
            }
        }
    }
}
