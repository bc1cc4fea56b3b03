using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// Checks a function's binary and writes its bootstrap.zip. A binary whose content, architecture and runtime are what
    /// the last zip was made from is not checked or zipped again; the zip is only touched, so MSBuild still sees it as newer
    /// than the inputs (cargo relinks every binary of a package when a shared file changes, mostly to the same bytes).
    /// </summary>
    public sealed class FunctionPackager
    {
        private readonly bool _skipChecks;
        private readonly string? _stampDirectory;

        /// <param name="skipChecks">RustLambdaSkipArtifactChecks: zip without checking the binary can run on the function's runtime.</param>
        /// <param name="stampDirectory">A folder under obj/ remembering what each zip was made from; null zips every time.</param>
        public FunctionPackager(bool skipChecks, string? stampDirectory)
        {
            _skipChecks = skipChecks;
            _stampDirectory = string.IsNullOrEmpty(stampDirectory) ? null : stampDirectory;
        }

        /// <summary>Safe to call for several functions at once: each writes only its own zip and stamp.</summary>
        public PackageOutcome Package(FunctionPackage function)
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
                // The zip format is part of the stamp, so an SDK that writes zips differently rewrites them.
                string stamp = $"zip-v2 {Sha256(binary)} {function.Architecture} {function.Runtime} checks:{!_skipChecks}";
                string? stampPath = _stampDirectory == null ? null : Path.Combine(_stampDirectory, function.LogicalId + ".stamp");
                if (stampPath != null && File.Exists(zipPath) && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp)
                {
                    File.SetLastWriteTimeUtc(zipPath, DateTime.UtcNow);
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
                BootstrapZip.Write(binary, zipPath);
                if (stampPath != null)
                {
                    AtomicFile.WriteTextIfChanged(stampPath, stamp);
                }
                outcome.Message = $"{function.LogicalId} -> {zipPath}";
                outcome.Written = zipPath;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                outcome.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.PackagingFailed, $"Cannot write {zipPath} for {function.LogicalId}: {ex.Message}", zipPath));
            }
            return outcome;
        }

        private static string Sha256(string path)
        {
            using var sha = SHA256.Create();
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return BitConverter.ToString(sha.ComputeHash(stream)).Replace("-", "");
        }
    }
}
