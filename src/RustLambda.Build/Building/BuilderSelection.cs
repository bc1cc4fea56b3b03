using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace RustLambda.Build.Building
{
    /// <summary>The machine running the build, as far as plain cargo can target it.</summary>
    public sealed class HostPlatform
    {
        public HostPlatform(bool isLinux, string? architecture)
        {
            IsLinux = isLinux;
            Architecture = architecture;
        }

        public bool IsLinux { get; }

        /// <summary>x86_64, arm64, or null for an architecture Lambda does not have.</summary>
        public string? Architecture { get; }

        public static HostPlatform Current() => new HostPlatform(
            RuntimeInformation.IsOSPlatform(OSPlatform.Linux),
            RuntimeInformation.OSArchitecture switch
            {
                System.Runtime.InteropServices.Architecture.X64 => "x86_64",
                System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
                _ => null,
            });

        public bool CanBuildNatively(string architecture) => IsLinux && Architecture == architecture;

        public override string ToString() => $"{(IsLinux ? "Linux" : RuntimeInformation.OSDescription)} {Architecture ?? RuntimeInformation.OSArchitecture.ToString()}";
    }

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
            var unbuildable = architectures.Where(a => !host.CanBuildNatively(a)).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToList();
            switch (builder)
            {
                case CargoLambdaName when cargoLambdaPath == null:
                    diagnostics.Error(DiagnosticCodes.CargoLambdaNotFound, $"RustLambdaBuilder is cargo-lambda, but cargo-lambda was not found. {cargoLambdaInstallHelp}");
                    return null;
                case CargoLambdaName:
                    return BuilderKind.CargoLambda;
                case CargoName when unbuildable.Count > 0:
                    diagnostics.Error(DiagnosticCodes.CargoBuilderCannotTarget, $"RustLambdaBuilder is cargo, which builds for this machine ({host}) only, but functions need {string.Join(", ", unbuildable)} Linux binaries. Use cargo-lambda (RustLambdaBuilder=cargo-lambda or auto), which cross-compiles with Zig.");
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
            diagnostics.Error(DiagnosticCodes.NoUsableBuilder, $"cargo-lambda was not found, and plain cargo on this machine ({host}) cannot build the {string.Join(", ", unbuildable)} Linux binaries the functions need. {cargoLambdaInstallHelp}");
            return null;
        }
    }
}
