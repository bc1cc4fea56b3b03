using System.Runtime.InteropServices;
using RustLambda.Build.Model;

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
            LambdaArchitectures.Host?.Name);

        public bool CanBuildNatively(string architecture) => IsLinux && Architecture == architecture;

        /// <summary>
        /// Plain cargo builds a Linux binary of either Lambda architecture on a Linux host of either: natively, or with
        /// --target, a cross gcc and the target's std (checked before cargo starts, by TargetToolchainResolver).
        /// </summary>
        public bool CanBuildWithCargo(string architecture) => IsLinux && Architecture != null && Model.LambdaArchitectures.Find(architecture) != null;

        public override string ToString() => $"{(IsLinux ? "Linux" : RuntimeInformation.OSDescription)} {Architecture ?? RuntimeInformation.OSArchitecture.ToString()}";
    }
}
