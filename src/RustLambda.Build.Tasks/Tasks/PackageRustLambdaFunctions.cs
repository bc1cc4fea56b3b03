using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Checks each function's binary and writes its bootstrap.zip. A binary whose content, architecture and runtime are what
    /// the last zip was made from is not checked or zipped again; the zip is only touched, so MSBuild still sees it as newer
    /// than the inputs (cargo relinks every binary of a package when a shared file changes, mostly to the same bytes).
    /// </summary>
    public sealed class PackageRustLambdaFunctions : Microsoft.Build.Utilities.Task
    {
        /// <summary>Functions from ResolveRustLambdaBuild (metadata ZipPath, Binary, InvocationId, Architecture, Runtime).</summary>
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Binaries from RustLambdaCargoBuild (metadata Binary, InvocationId).</summary>
        public ITaskItem[] Binaries { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>RustLambdaSkipArtifactChecks: zip without checking the binary can run on the function's runtime.</summary>
        public bool SkipArtifactChecks { get; set; }

        /// <summary>A folder under obj/ remembering what each zip was made from.</summary>
        public string? StampDirectory { get; set; }

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        private sealed class Outcome
        {
            public List<Diagnostic> Diagnostics { get; } = new List<Diagnostic>();
            public string? Message { get; set; }
            public string? Written { get; set; }
        }

        public override bool Execute()
        {
            if (SkipArtifactChecks)
            {
                Log.LogWarning(null, DiagnosticCodes.ArtifactChecksSkipped, null, null, 0, 0, 0, 0,
                    "RustLambdaSkipArtifactChecks is true: the binaries are zipped without checking that they are Linux executables of the function's architecture and glibc; a wrong one fails only on Lambda.");
            }
            var built = new BuiltBinaries(Binaries);
            var outcomes = new Outcome[Functions.Length];
            // Zipping is CPU-bound and independent per function; results are logged afterwards, in order.
            Parallel.For(0, Functions.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => outcomes[i] = Package(Functions[i], built.For(Functions[i])));

            for (int i = 0; i < Functions.Length; i++)
            {
                foreach (var diagnostic in outcomes[i].Diagnostics)
                {
                    Log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                }
                if (outcomes[i].Message != null)
                {
                    Log.LogMessage(MessageImportance.High, outcomes[i].Message);
                }
            }
            WrittenFiles = outcomes.Where(o => o.Written != null).Select(o => (ITaskItem)new TaskItem(o.Written)).ToArray();
            return !Log.HasLoggedErrors;
        }

        private Outcome Package(ITaskItem function, string? binary)
        {
            var outcome = new Outcome();
            string zipPath = function.GetMetadata("ZipPath");
            // The template line of the function is where the user decides runtime and architecture.
            string templatePath = function.GetMetadata("TemplatePath");
            int.TryParse(function.GetMetadata("TemplateLine"), out int templateLine);
            if (binary == null)
            {
                outcome.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.BinaryNotProduced,
                    $"No binary '{function.GetMetadata("Binary")}' was built for {function.ItemSpec}, so {zipPath} was not written; see the cargo output above."));
                return outcome;
            }
            try
            {
                // The zip format is part of the stamp, so an SDK that writes zips differently rewrites them.
                string stamp = $"zip-v2 {Sha256(binary)} {function.GetMetadata("Architecture")} {function.GetMetadata("Runtime")} checks:{!SkipArtifactChecks}";
                string? stampPath = string.IsNullOrEmpty(StampDirectory) ? null : Path.Combine(StampDirectory, function.ItemSpec + ".stamp");
                if (stampPath != null && File.Exists(zipPath) && File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp)
                {
                    File.SetLastWriteTimeUtc(zipPath, DateTime.UtcNow);
                    outcome.Message = $"{function.ItemSpec} -> {zipPath} (binary unchanged)";
                    outcome.Written = zipPath;
                    return outcome;
                }
                if (!SkipArtifactChecks)
                {
                    var checks = new DiagnosticBag();
                    ArtifactChecks.Check(binary, function.ItemSpec, function.GetMetadata("Architecture"), function.GetMetadata("Runtime"), checks);
                    outcome.Diagnostics.AddRange(checks.Items.Select(d => new Diagnostic(d.Severity, d.Code, d.Message, templatePath, templateLine)));
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
                outcome.Message = $"{function.ItemSpec} -> {zipPath}";
                outcome.Written = zipPath;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                outcome.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.PackagingFailed, $"Cannot write {zipPath} for {function.ItemSpec}: {ex.Message}", zipPath));
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
