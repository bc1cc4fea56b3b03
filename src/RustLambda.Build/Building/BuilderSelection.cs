using System;
using System.Collections.Generic;
using System.Linq;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Building
{
    /// <summary>Chooses between cargo-lambda and plain cargo from RustLambdaBuilder, the tools found and the host.</summary>
    public static class BuilderSelection
    {
        public const string Auto = "auto";
        public const string CargoLambdaName = "cargo-lambda";
        public const string CargoName = "cargo";

        public static BuilderKind? Choose(string? requested, string? cargoPath, string? cargoLambdaPath, IReadOnlyCollection<string> architectures, HostPlatform host, string cargoLambdaInstallHelp, DiagnosticBag diagnostics)
        {
            string builder = string.IsNullOrWhiteSpace(requested) ? Auto : requested!.Trim().ToLowerInvariant();
            if (builder != Auto && builder != CargoLambdaName && builder != CargoName)
            {
                diagnostics.Error(DiagnosticCodes.InvalidBuilder, $"RustLambdaBuilder is '{requested}'; use cargo-lambda, cargo or auto (the default).");
                return null;
            }
            var unbuildable = architectures.Where(a => !host.CanBuildWithCargo(a)).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList();
            switch (builder)
            {
                case CargoLambdaName when cargoLambdaPath == null:
                    diagnostics.Error(DiagnosticCodes.CargoLambdaNotFound, $"RustLambdaBuilder is cargo-lambda, but cargo-lambda was not found. {cargoLambdaInstallHelp}");
                    return null;
                case CargoLambdaName:
                    return BuilderKind.CargoLambda;
                case CargoName when unbuildable.Count > 0:
                    diagnostics.Error(DiagnosticCodes.CargoBuilderCannotTarget, $"RustLambdaBuilder is cargo, which builds Linux binaries on a Linux host only, and this machine is {host}; functions need {string.Join(", ", unbuildable)} Linux binaries. Use cargo-lambda (RustLambdaBuilder=cargo-lambda or auto), which cross-compiles with Zig.");
                    return null;
                case CargoName:
                    return BuilderKind.Cargo;
            }
            if (cargoLambdaPath != null)
            {
                return BuilderKind.CargoLambda;
            }
            if (unbuildable.Count == 0)
            {
                return BuilderKind.Cargo;
            }
            diagnostics.Error(DiagnosticCodes.NoUsableBuilder, $"cargo-lambda was not found, and plain cargo builds Linux binaries on a Linux host only; this machine is {host} and the functions need {string.Join(", ", unbuildable)} Linux binaries. {cargoLambdaInstallHelp}");
            return null;
        }
    }
}
