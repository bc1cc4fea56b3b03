using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Packaging;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Before MSBuild's timestamp check decides the zips are up to date: is each zip still what its stamp says was written?
    /// A truncated or replaced zip is newer than every input, so timestamps alone would keep it; this says so, and the targets
    /// then run the build, whose packaging writes it again. Costs a stat per zip (a hash only when size or time changed).
    /// </summary>
    public sealed class CheckRustLambdaOutputs : RustLambdaTask
    {
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string StampDirectory { get; set; } = "";

        /// <summary>True when some zip exists but no longer matches its stamp (or has none).</summary>
        [Output]
        public bool Damaged { get; set; }

        protected override string Activity => "checking the zips against their stamps";

        protected override void ExecuteCore()
        {
            try
            {
                var damaged = Functions.Where(f => File.Exists(f.GetMetadata("ZipPath"))
                    && !PackageStamp.IsCurrent(PackageStamp.PathFor(StampDirectory, f.ItemSpec), f.GetMetadata("ZipPath"), null)).ToList();
                foreach (var function in damaged)
                {
                    Log.LogMessage(MessageImportance.High, $"{function.GetMetadata("ZipPath")} is not the zip this build wrote (changed or damaged since); it is written again.");
                }
                Damaged = damaged.Count > 0;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Unreadable stamps or zips: rebuild, the safe answer.
                Damaged = true;
            }
        }
    }
}
