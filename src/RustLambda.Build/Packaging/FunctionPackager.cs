using System;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// Checks a function's binary and writes its bootstrap.zip. A binary whose content, architecture and runtime are what
    /// the last zip was made from is not checked or zipped again, provided the zip still is what was written
    /// (<see cref="PackageStamp"/>: a truncated or replaced zip is written again); the zip is only touched, so MSBuild still
    /// sees it as newer than the inputs (cargo relinks every binary of a package when a shared file changes, mostly to the
    /// same bytes).
    /// </summary>
    public sealed class FunctionPackager
    {
        private readonly bool _skipChecks;
        private readonly string? _stampDirectory;
        private readonly FileStamps? _binaryHashes;

        /// <param name="skipChecks">RustLambdaSkipArtifactChecks: zip without checking the binary can run on the function's runtime.</param>
        /// <param name="stampDirectory">A folder under obj/ remembering what each zip was made from; null zips every time.</param>
        /// <param name="binaryHashes">
        /// Hashes of the binaries by size and time, so the 49 binaries cargo did not relink when one source changed are not
        /// read again; null hashes every binary.
        /// </param>
        public FunctionPackager(bool skipChecks, string? stampDirectory, FileStamps? binaryHashes = null)
        {
            _skipChecks = skipChecks;
            _stampDirectory = string.IsNullOrEmpty(stampDirectory) ? null : stampDirectory;
            _binaryHashes = binaryHashes;
        }

        /// <summary>Safe to call for several functions at once: each writes only its own zip and stamp.</summary>
        /// <param name="identical">
        /// The outcome of a function of this build with the same binary, architecture and runtime (one binary serving several
        /// functions, as the local API sample's do): its zip holds the very bytes this one needs, so it is copied instead of
        /// deflated again.
        /// </param>
        public PackageOutcome Package(FunctionPackage function, PackageOutcome? identical = null)
        {
            var outcome = new PackageOutcome();
            string zipPath = function.ZipPath;
            string? binary = function.BinaryPath;
            if (binary == null)
            {
                outcome.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.BinaryNotProduced,
                    $"No binary '{function.Binary}' was built for {function.LogicalId}, so {zipPath} was not written; see the cargo output above."));
                return outcome;
            }
            try
            {
                // A killed build's temps beside the zip (they carry a dead writer's pid) go first.
                TemporaryFiles.Sweep(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
                string madeFrom = PackageStamp.MadeFrom(_binaryHashes?.HashOf(binary) ?? ContentHash.Of(binary), function.Architecture, function.Runtime, !_skipChecks);
                string? stampPath = _stampDirectory == null ? null : PackageStamp.PathFor(_stampDirectory, function.LogicalId);
                if (stampPath != null && PackageStamp.IsCurrent(stampPath, zipPath, madeFrom))
                {
                    // Touched, so MSBuild sees it newer than the inputs; re-stamped, so the touch is not taken for damage.
                    File.SetLastWriteTimeUtc(zipPath, DateTime.UtcNow);
                    outcome.WrittenStamp = PackageStamp.Write(stampPath, zipPath, madeFrom, PackageStamp.RecordedZipHash(stampPath)!);
                    outcome.MadeFrom = madeFrom;
                    outcome.Message = $"{function.LogicalId} -> {zipPath} (binary unchanged)";
                    outcome.Written = zipPath;
                    return outcome;
                }
                if (!_skipChecks)
                {
                    var checks = new DiagnosticBag();
                    ArtifactChecks.Check(binary, function.LogicalId, function.Architecture, function.Runtime, checks);
                    outcome.Diagnostics.AddRange(checks.Items.Select(d => new Diagnostic(d.Severity, d.Code, d.Message, function.TemplatePath, function.TemplateLine)));
                    if (checks.HasErrors)
                    {
                        return outcome;
                    }
                }
                string? zipHash = null, copiedFrom = null;
                if (identical?.Written != null && identical.WrittenStamp != null && identical.MadeFrom == madeFrom)
                {
                    AtomicFile.Copy(identical.Written, zipPath);
                    zipHash = identical.WrittenStamp.Hash;
                    copiedFrom = identical.Written;
                }
                else
                {
                    BootstrapZip.Write(binary, zipPath);
                }
                outcome.MadeFrom = madeFrom;
                if (stampPath != null)
                {
                    outcome.WrittenStamp = PackageStamp.Write(stampPath, zipPath, madeFrom, zipHash ?? ContentHash.Of(zipPath));
                }
                outcome.Message = copiedFrom == null ? $"{function.LogicalId} -> {zipPath}" : $"{function.LogicalId} -> {zipPath} (the same binary's zip, copied from {copiedFrom})";
                outcome.Written = zipPath;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                outcome.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.PackagingFailed, $"Cannot write {zipPath} for {function.LogicalId}: {ex.Message}", zipPath));
            }
            return outcome;
        }
    }
}
