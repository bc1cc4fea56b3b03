using System;
using System.Collections.Generic;
using RustLambda.Hosting.Processes;

namespace RustLambda.Hosting.Emulation
{
    /// <summary>How this host runs a bootstrap of one architecture: natively, or through QEMU user-mode emulation.</summary>
    internal sealed class BootstrapLauncher
    {
        private BootstrapLauncher(string? emulator, string? sysroot, bool binfmt, string description)
        {
            Emulator = emulator;
            Sysroot = sysroot;
            IsBinfmt = binfmt;
            Description = description;
        }

        /// <summary>The QEMU binary started in front of the bootstrap; null when the kernel starts the bootstrap itself.</summary>
        public string? Emulator { get; }

        /// <summary>Where the target's dynamic loader and libraries are (QEMU's <c>-L</c> / <c>QEMU_LD_PREFIX</c>); null when none was found.</summary>
        public string? Sysroot { get; }

        /// <summary>The kernel runs the bootstrap through a registered binfmt_misc handler.</summary>
        public bool IsBinfmt { get; }

        /// <summary>Whether the bootstrap runs emulated (so slower): through <see cref="Emulator"/> or binfmt_misc.</summary>
        public bool IsEmulated => Emulator != null || IsBinfmt;

        /// <summary>For messages: "natively", "through QEMU (/usr/bin/qemu-aarch64-static -L /usr/aarch64-linux-gnu)", ...</summary>
        public string Description { get; }

        public static BootstrapLauncher Native() => new BootstrapLauncher(null, null, binfmt: false, "natively");

        public static BootstrapLauncher ThroughBinfmt(string handler, string? sysroot) =>
            new BootstrapLauncher(null, sysroot, binfmt: true, $"through QEMU (binfmt_misc handler '{handler}'{(sysroot == null ? string.Empty : ", QEMU_LD_PREFIX=" + sysroot)})");

        public static BootstrapLauncher ThroughQemu(string emulator, string? sysroot) =>
            new BootstrapLauncher(emulator, sysroot, binfmt: false, $"through QEMU ({emulator}{(sysroot == null ? string.Empty : " -L " + sysroot)})");

        /// <summary>The environment entries the emulator itself needs in the function's environment.</summary>
        public IEnumerable<KeyValuePair<string, string>> ExtraEnvironment()
        {
            if (IsBinfmt && Sysroot != null)
            {
                // The kernel starts QEMU without arguments: it finds the target's libraries through this variable.
                yield return new KeyValuePair<string, string>("QEMU_LD_PREFIX", Sysroot);
            }
        }

        public ProcessLaunch CreateLaunch(string bootstrapPath, string workingDirectory, IReadOnlyDictionary<string, string> environment)
        {
            if (Emulator == null)
            {
                return new ProcessLaunch(bootstrapPath, Array.Empty<string>(), workingDirectory, environment);
            }
            var arguments = new List<string>();
            if (Sysroot != null)
            {
                arguments.Add("-L");
                arguments.Add(Sysroot);
            }
            arguments.Add(bootstrapPath);
            return new ProcessLaunch(Emulator, arguments, workingDirectory, environment);
        }
    }
}
