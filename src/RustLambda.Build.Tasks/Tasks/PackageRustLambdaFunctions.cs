using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Packaging;

namespace RustLambda.Build.Tasks
{
    /// <summary>Writes each function's bootstrap.zip from the binary its cargo invocation produced.</summary>
    public sealed class PackageRustLambdaFunctions : Task
    {
        /// <summary>Functions from ResolveRustLambdaBuild (metadata ZipPath, Binary, InvocationId).</summary>
        [Required]
        public ITaskItem[] Functions { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Binaries from RustLambdaCargoBuild (metadata Binary, InvocationId).</summary>
        public ITaskItem[] Binaries { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>RustLambdaSkipArtifactChecks: zip without checking the binary can run on the function's runtime.</summary>
        public bool SkipArtifactChecks { get; set; }

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            var written = new List<ITaskItem>();
            if (SkipArtifactChecks)
            {
                Log.LogWarning(null, DiagnosticCodes.ArtifactChecksSkipped, null, null, 0, 0, 0, 0,
                    "RustLambdaSkipArtifactChecks is true: the binaries are zipped without checking that they are Linux executables of the function's architecture and glibc; a wrong one fails only on Lambda.");
            }
            var built = new BuiltBinaries(Binaries);
            foreach (var function in Functions)
            {
                string zipPath = function.GetMetadata("ZipPath");
                string? binary = built.For(function);
                if (binary == null)
                {
                    Log.LogError(null, DiagnosticCodes.BinaryNotProduced, null, null, 0, 0, 0, 0,
                        $"No binary '{function.GetMetadata("Binary")}' was built for {function.ItemSpec}, so {zipPath} was not written; see the cargo output above.");
                    continue;
                }
                if (!SkipArtifactChecks && !CheckArtifact(function, binary))
                {
                    continue;
                }
                try
                {
                    BootstrapZip.Write(binary, zipPath);
                    Log.LogMessage(MessageImportance.High, $"{function.ItemSpec} -> {zipPath}");
                    written.Add(new TaskItem(zipPath));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    Log.LogError(null, DiagnosticCodes.PackagingFailed, null, zipPath, 0, 0, 0, 0, $"Cannot write {zipPath} for {function.ItemSpec}: {ex.Message}");
                }
            }
            WrittenFiles = written.ToArray();
            return !Log.HasLoggedErrors;
        }

        private bool CheckArtifact(ITaskItem function, string binary)
        {
            var diagnostics = new DiagnosticBag();
            ArtifactChecks.Check(binary, function.ItemSpec, function.GetMetadata("Architecture"), function.GetMetadata("Runtime"), diagnostics);
            foreach (var diagnostic in diagnostics.Items)
            {
                // The template line of the function is where the user decides runtime and architecture.
                string file = function.GetMetadata("TemplatePath");
                int.TryParse(function.GetMetadata("TemplateLine"), out int line);
                Log.LogError(null, diagnostic.Code, null, file, line, 0, 0, 0, diagnostic.Message);
            }
            return !diagnostics.HasErrors;
        }
    }
}
