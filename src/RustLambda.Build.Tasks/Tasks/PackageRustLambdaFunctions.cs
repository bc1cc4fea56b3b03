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

        [Output]
        public ITaskItem[] WrittenFiles { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            var written = new List<ITaskItem>();
            var byKey = Binaries.GroupBy(b => (b.GetMetadata("InvocationId"), b.GetMetadata("Binary"))).ToDictionary(g => g.Key, g => g.First().ItemSpec);
            foreach (var function in Functions)
            {
                string zipPath = function.GetMetadata("ZipPath");
                if (!byKey.TryGetValue((function.GetMetadata("InvocationId"), function.GetMetadata("Binary")), out var binary))
                {
                    Log.LogError(null, DiagnosticCodes.BinaryNotProduced, null, null, 0, 0, 0, 0,
                        $"No binary '{function.GetMetadata("Binary")}' was built for {function.ItemSpec}, so {zipPath} was not written; see the cargo output above.");
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
    }
}
