using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tasks
{
    /// <summary>Checks each function's binary and writes its bootstrap.zip (<see cref="FunctionPackager"/>), in parallel.</summary>
    public sealed class PackageRustLambdaFunctions : RustLambdaTask
    {
        /// <summary>Functions from ResolveRustLambdaBuild (<see cref="FunctionItem"/>).</summary>
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Binaries from RunRustLambdaCargo (<see cref="BinaryItem"/>).</summary>
        public ITaskItem[] Binaries { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>RustLambdaSkipArtifactChecks: zip without checking the binary can run on the function's runtime.</summary>
        public bool SkipArtifactChecks { get; set; }

        /// <summary>A folder under obj/ remembering what each zip was made from.</summary>
        public string? StampDirectory { get; set; }

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        protected override string Activity => "checking and zipping the built binaries";

        protected override void ExecuteCore()
        {
            if (SkipArtifactChecks)
            {
                Report(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.ArtifactChecksSkipped,
                    "RustLambdaSkipArtifactChecks is true: the binaries are zipped without checking that they are Linux executables of the function's architecture and glibc; a wrong one fails only on Lambda."));
            }
            var built = new BuiltBinaries(Binaries.Select(BinaryItem.FromItem));
            var packages = Functions.Select(FunctionItem.FromItem).Select(f => new FunctionPackage
            {
                LogicalId = f.LogicalId,
                Binary = f.Binary,
                BinaryPath = built.For(f),
                ZipPath = f.ZipPath,
                Architecture = f.Architecture,
                Runtime = f.Runtime,
                TemplatePath = f.TemplatePath,
                TemplateLine = f.TemplateLine,
            }).ToArray();
            var binaryHashes = string.IsNullOrEmpty(StampDirectory) ? null : FileStamps.Load(Path.Combine(StampDirectory, "binaries.stamps"));
            var packager = new FunctionPackager(SkipArtifactChecks, StampDirectory, binaryHashes);
            var outcomes = new PackageOutcome[packages.Length];
            // Zipping is CPU-bound and independent per binary; results are logged afterwards, in order. Functions built from
            // one binary (same architecture and runtime) are one group: the first is zipped, the others copy its zip.
            var groups = Enumerable.Range(0, packages.Length)
                .GroupBy(i => (packages[i].BinaryPath, packages[i].Architecture, packages[i].Runtime))
                .Select(g => g.ToArray()).ToArray();
            Parallel.For(0, groups.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, g =>
            {
                PackageOutcome? first = null;
                foreach (int i in groups[g])
                {
                    outcomes[i] = packager.Package(packages[i], first);
                    first ??= outcomes[i].Written != null ? outcomes[i] : null;
                }
            });

            try
            {
                binaryHashes?.Save();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Without the table the next build hashes every binary again; the zips are right either way.
                Log.LogMessage(MessageImportance.Low, $"Could not save the binaries' hashes under {StampDirectory} ({ex.Message}).");
            }
            foreach (var outcome in outcomes)
            {
                outcome.Diagnostics.ForEach(Report);
                if (outcome.Message != null)
                {
                    Log.LogMessage(MessageImportance.High, outcome.Message);
                }
            }
            WrittenFiles = outcomes.Where(o => o.Written != null).Select(o => WrittenFileItem.ToItem(o.Written!, o.WrittenStamp)).ToArray();
        }
    }
}
