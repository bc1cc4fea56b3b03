using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using RustLambda.Build.Model;

namespace RustLambda.Hosting.Emulation
{
    /// <summary>
    /// Decides how this host runs a function of an architecture: natively when the host has it; otherwise through QEMU
    /// user-mode emulation: a QEMU named by <see cref="FunctionPoolOptions.QemuPath"/> or <c>RUSTLAMBDA_QEMU</c>, else a
    /// registered binfmt_misc handler for the architecture's ELF machine, else <c>qemu-&lt;arch&gt;-static</c> or
    /// <c>qemu-&lt;arch&gt;</c> found on PATH. Where none exists, the error says how to install it.
    /// </summary>
    internal static class EmulatorResolver
    {
        public const string QemuVariable = "RUSTLAMBDA_QEMU";
        private const string BinfmtDirectory = "/proc/sys/fs/binfmt_misc";

        /// <exception cref="NotSupportedException">This host is not Linux.</exception>
        /// <exception cref="EmulatorNotFoundException">The other architecture and no QEMU; the message says what to install.</exception>
        public static BootstrapLauncher Resolve(LambdaArchitecture architecture, string? configuredQemu)
        {
            bool linux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
            if (!linux)
            {
                string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Windows" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macOS" : RuntimeInformation.OSDescription;
                throw new NotSupportedException(
                    $"The function's architecture is {architecture.Name}, so running it needs a Linux host, as Lambda runs it; this host is {os} {RuntimeInformation.OSArchitecture}. "
                    + "Run it on Linux (a machine, a CI runner, a container or WSL 2).");
            }
            if (RuntimeInformation.OSArchitecture == architecture.HostArchitecture)
            {
                return BootstrapLauncher.Native();
            }

            string qemuArchitecture = QemuName(architecture);
            string? sysroot = FindSysroot(qemuArchitecture);
            string? named = string.IsNullOrWhiteSpace(configuredQemu) ? Environment.GetEnvironmentVariable(QemuVariable) : configuredQemu;
            if (!string.IsNullOrWhiteSpace(named))
            {
                string? path = FindExecutable(named!.Trim());
                if (path == null)
                {
                    throw new EmulatorNotFoundException(
                        $"The QEMU named for running {architecture.Name} functions ('{named}', from {(string.IsNullOrWhiteSpace(configuredQemu) ? QemuVariable : "the QemuPath option")}) does not exist or is not executable. "
                        + "Name an existing qemu-" + qemuArchitecture + "-static (a full path or a name on PATH), or unset it to let the host find one. " + InstallHint(architecture, qemuArchitecture));
                }
                return BootstrapLauncher.ThroughQemu(path, sysroot);
            }

            string? handler = FindBinfmtHandler(architecture);
            if (handler != null)
            {
                return BootstrapLauncher.ThroughBinfmt(handler, sysroot);
            }
            foreach (var name in new[] { $"qemu-{qemuArchitecture}-static", $"qemu-{qemuArchitecture}" })
            {
                string? path = FindExecutable(name);
                if (path != null)
                {
                    return BootstrapLauncher.ThroughQemu(path, sysroot);
                }
            }
            throw new EmulatorNotFoundException(
                $"The function's architecture is {architecture.Name} and this host is {LambdaArchitectures.Host?.Description ?? RuntimeInformation.OSArchitecture.ToString()}: "
                + $"running it needs QEMU user-mode emulation, and none was found (no binfmt_misc handler for {architecture.Name}, no qemu-{qemuArchitecture}-static or qemu-{qemuArchitecture} on PATH, {QemuVariable} not set). "
                + InstallHint(architecture, qemuArchitecture));
        }

        /// <summary>QEMU's name for the architecture: the first part of its Rust target triple (aarch64, x86_64).</summary>
        public static string QemuName(LambdaArchitecture architecture) => architecture.TargetTriple.Split('-')[0];

        private static string InstallHint(LambdaArchitecture architecture, string qemuArchitecture) =>
            "Install QEMU user-mode emulation: Debian/Ubuntu `sudo apt-get install qemu-user-static` (with binfmt-support for the kernel handler), "
            + "Fedora `sudo dnf install qemu-user-static`, Arch `sudo pacman -S qemu-user-static qemu-user-static-binfmt`; "
            + $"or register a binfmt_misc handler (`docker run --privileged --rm tonistiigi/binfmt --install {qemuArchitecture}`), "
            + $"or set {QemuVariable} to a qemu-{qemuArchitecture} binary. A dynamically linked bootstrap also needs the target's C library "
            + $"(Debian/Ubuntu: libc6-{(architecture.Name == LambdaArchitectures.Arm64 ? "arm64" : "amd64")}-cross, found in /usr/{qemuArchitecture}-linux-gnu, or QEMU_LD_PREFIX).";

        /// <summary>QEMU_LD_PREFIX when set, else Debian's cross sysroot /usr/&lt;arch&gt;-linux-gnu when present.</summary>
        private static string? FindSysroot(string qemuArchitecture)
        {
            string? prefix = Environment.GetEnvironmentVariable("QEMU_LD_PREFIX");
            if (!string.IsNullOrWhiteSpace(prefix))
            {
                return prefix;
            }
            string debian = $"/usr/{qemuArchitecture}-linux-gnu";
            return Directory.Exists(debian) ? debian : null;
        }

        /// <summary>
        /// The name of an enabled binfmt_misc entry whose magic matches an ELF header of the architecture's machine and
        /// whose interpreter can be started here (it exists, or the kernel holds it open: flag F).
        /// </summary>
        private static string? FindBinfmtHandler(LambdaArchitecture architecture)
        {
            try
            {
                if (!File.Exists(Path.Combine(BinfmtDirectory, "status")) || File.ReadAllText(Path.Combine(BinfmtDirectory, "status")).Trim() != "enabled")
                {
                    return null;
                }
                foreach (var entry in Directory.EnumerateFiles(BinfmtDirectory).OrderBy(p => p, StringComparer.Ordinal))
                {
                    string name = Path.GetFileName(entry);
                    if (name == "status" || name == "register")
                    {
                        continue;
                    }
                    if (BinfmtEntry.Parse(File.ReadAllLines(entry)) is { } parsed && parsed.Runs(architecture.ElfMachine))
                    {
                        return name;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
            return null;
        }

        /// <summary>An executable file by absolute path, or by name on PATH.</summary>
        private static string? FindExecutable(string nameOrPath)
        {
            if (OperatingSystem.IsWindows())
            {
                return null;
            }
            IEnumerable<string> candidates = nameOrPath.Contains('/')
                ? new[] { Path.GetFullPath(nameOrPath) }
                : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, nameOrPath));
            foreach (var candidate in candidates)
            {
                if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                {
                    return candidate;
                }
            }
            return null;
        }
    }
}
