using System;
using System.IO;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Model;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// The checks that stop a zip from being written when Lambda could not run it: the failures users otherwise meet only
    /// after deploying (`exec format error`, `GLIBC_2.xx not found`).
    /// </summary>
    public static class ArtifactChecks
    {
        public static void Check(string binaryPath, string logicalId, string architecture, string runtimeName, DiagnosticBag diagnostics)
        {
            ElfFacts facts;
            try
            {
                facts = ElfInspector.Inspect(binaryPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is InvalidOperationException)
            {
                diagnostics.Error(DiagnosticCodes.NotALinuxExecutable, $"Cannot read the binary built for {logicalId} ({binaryPath}): {ex.Message}", binaryPath);
                return;
            }

            if (!facts.IsElf || !facts.IsExecutable || (facts.OsAbi != 0 && facts.OsAbi != 3))
            {
                string what = !facts.IsElf ? facts.NotElfReason! : !facts.IsExecutable ? "an ELF file that is not an executable" : $"an ELF executable for another OS (OS ABI {facts.OsAbi})";
                diagnostics.Error(DiagnosticCodes.NotALinuxExecutable, $"The binary built for {logicalId} is {what}, but Lambda runs Linux executables ({binaryPath}). Build with cargo-lambda (RustLambdaBuilder=cargo-lambda), which targets Linux from any host.", binaryPath);
                return;
            }
            if (facts.Architecture != architecture)
            {
                diagnostics.Error(DiagnosticCodes.ArchitectureMismatch, $"The binary built for {logicalId} is for {facts.Architecture}, but the function's Architectures is [{architecture}]; Lambda would fail with `exec format error`. Build with cargo-lambda for {architecture}, or change Architectures to [{facts.Architecture}].", binaryPath);
                return;
            }

            var runtime = LambdaRuntimes.Find(runtimeName);
            var highest = facts.HighestGlibc;
            if (runtime != null && highest != null && highest.Value.Version > runtime.Glibc)
            {
                diagnostics.Error(DiagnosticCodes.GlibcTooNew,
                    $"The binary built for {logicalId} needs GLIBC_{highest.Value.Version} (from {highest.Value.Library}), but {runtime.Name} ({runtime.OperatingSystem}) has glibc {runtime.Glibc}; Lambda would fail with `GLIBC_{highest.Value.Version} not found`. " +
                    $"Ways out: use Runtime {LambdaRuntimes.Al2023} (glibc {LambdaRuntimes.Find(LambdaRuntimes.Al2023)!.Glibc}); build with cargo-lambda, which links against the runtime's glibc (for {LambdaRuntimes.Al2}: --target {LambdaArchitectures.Get(architecture).TargetTriple}.{LambdaRuntimes.Find(LambdaRuntimes.Al2)!.Glibc}); or build a static musl binary.",
                    binaryPath);
            }
        }
    }
}
