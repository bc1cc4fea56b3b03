using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

[assembly: DoNotParallelize]

// The library runs functions on Linux only, as Lambda does.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace RustLambda.Testing.Tests
{
    /// <summary>
    /// Builds the echo-runtime fixture (a std-only Rust custom runtime) once per test run with cargo, and packs it the
    /// way the SDK ships functions: a bootstrap.zip whose bootstrap entry carries the Unix mode 0755.
    /// </summary>
    [TestClass]
    public static class Fixture
    {
        private static readonly TimeSpan CargoTimeout = TimeSpan.FromMinutes(5);
        private const string DebianCargo = "/usr/bin/cargo";
        private const string DebianRustc = "/usr/bin/rustc";
        private const string Arm64Target = "aarch64-unknown-linux-gnu";
        private const string Arm64Linker = "aarch64-linux-gnu-gcc";
        private static readonly object Arm64Lock = new object();
        private static string? s_arm64Zip;


        /// <summary>The compiled bootstrap (in the cargo target folder).</summary>
        public static string BootstrapPath { get; private set; } = string.Empty;

        /// <summary>bootstrap (mode 0755) and data/config.txt.</summary>
        public static string EchoZip { get; private set; } = string.Empty;

        /// <summary>The same bootstrap, its entry without any Unix mode (as zips made on Windows are).</summary>
        public static string EchoZipWithoutMode { get; private set; } = string.Empty;

        /// <summary>A zip with no bootstrap at its root (one in a sub-folder).</summary>
        public static string ZipWithoutBootstrap { get; private set; } = string.Empty;

        /// <summary>A folder for files made by single tests.</summary>
        public static string WorkDirectory { get; private set; } = string.Empty;

        /// <summary>This test run's own temporary folder (TMPDIR), removed at the end.</summary>
        public static string PrivateTempDirectory { get; private set; } = string.Empty;

        [AssemblyInitialize]
        public static void BuildFixture(TestContext context)
        {
            // Other test assemblies run at the same time and extract functions into the temporary folder too; the tests
            // that count the extracted folders before and after must see only this run's, so this run gets its own.
            PrivateTempDirectory = Directory.CreateTempSubdirectory("rl-test-run-").FullName;
            Environment.SetEnvironmentVariable("TMPDIR", PrivateTempDirectory);

            string baseDirectory = AppContext.BaseDirectory;
            string manifest = Path.Combine(baseDirectory, "Fixtures", "echo-runtime", "Cargo.toml");
            string targetDirectory = Path.Combine(baseDirectory, "cargo-target");
            WorkDirectory = Path.Combine(baseDirectory, "fixture-artifacts");
            if (Directory.Exists(WorkDirectory))
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            Directory.CreateDirectory(WorkDirectory);

            RunCargo(manifest, targetDirectory);
            BootstrapPath = FindBinary(targetDirectory);

            EchoZip = Path.Combine(WorkDirectory, "bootstrap.zip");
            using (var archive = ZipFile.Open(EchoZip, ZipArchiveMode.Create))
            {
                var entry = archive.CreateEntryFromFile(BootstrapPath, "bootstrap", CompressionLevel.Fastest);
                entry.ExternalAttributes = 0x81ED << 16; // regular file, rwxr-xr-x
                var config = archive.CreateEntry("data/config.txt");
                config.ExternalAttributes = 0x81A4 << 16; // regular file, rw-r--r--
                using var writer = new StreamWriter(config.Open(), new UTF8Encoding(false));
                writer.Write("setting=1\n");
            }

            EchoZipWithoutMode = Path.Combine(WorkDirectory, "bootstrap-without-mode.zip");
            using (var archive = ZipFile.Open(EchoZipWithoutMode, ZipArchiveMode.Create))
            {
                var entry = archive.CreateEntryFromFile(BootstrapPath, "bootstrap", CompressionLevel.Fastest);
                entry.ExternalAttributes = 0;
            }

            ZipWithoutBootstrap = Path.Combine(WorkDirectory, "no-bootstrap.zip");
            using (var archive = ZipFile.Open(ZipWithoutBootstrap, ZipArchiveMode.Create))
            {
                archive.CreateEntryFromFile(BootstrapPath, "target/release/bootstrap", CompressionLevel.Fastest);
                using var writer = new StreamWriter(archive.CreateEntry("README.txt").Open());
                writer.Write("no bootstrap here");
            }
        }

        [AssemblyCleanup]
        public static void RemovePrivateTempDirectory()
        {
            try
            {
                Directory.Delete(PrivateTempDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A process a failed test left behind may still hold a file; the folder is the run's own, so nothing reuses it.
            }
        }

        /// <summary>Writes a file that starts like an ELF executable for <paramref name="machine"/> (62 x86_64, 183 aarch64).</summary>
        public static string WriteFakeElf(string name, ushort machine)
        {
            var header = new byte[64];
            header[0] = 0x7F;
            header[1] = (byte)'E';
            header[2] = (byte)'L';
            header[3] = (byte)'F';
            header[4] = 2; // 64-bit
            header[5] = 1; // little endian
            header[6] = 1; // version
            header[16] = 2; // ET_EXEC
            header[18] = (byte)(machine & 0xFF);
            header[19] = (byte)(machine >> 8);
            string directory = Path.Combine(WorkDirectory, name);
            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, "bootstrap");
            File.WriteAllBytes(path, header);
            File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
            return path;
        }

        private static void RunCargo(string manifest, string targetDirectory)
        {
            string cargo = FindCargo();
            var startInfo = new ProcessStartInfo(cargo)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "build", "--release", "--offline", "--manifest-path", manifest, "--target-dir", targetDirectory })
            {
                startInfo.ArgumentList.Add(argument);
            }
            using var process = Process.Start(startInfo)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)CargoTimeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"cargo build of the fixture did not finish within {CargoTimeout}:\n{output}");
            }
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, $"cargo build of the fixture failed:\n{output}");
        }

        private static string FindBinary(string targetDirectory)
        {
            string host = Path.Combine(targetDirectory, "release", "echo-runtime");
            if (File.Exists(host))
            {
                return host;
            }
            // A cargo config with build.target puts it under target/<triple>/release.
            foreach (var directory in Directory.EnumerateDirectories(targetDirectory))
            {
                string candidate = Path.Combine(directory, "release", "echo-runtime");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            Assert.Fail($"cargo did not produce echo-runtime under {targetDirectory}");
            return string.Empty;
        }

        private static string FindCargo()
        {
            foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                if (directory.Length > 0 && File.Exists(Path.Combine(directory, "cargo")))
                {
                    return Path.Combine(directory, "cargo");
                }
            }
            string? cargoHome = Environment.GetEnvironmentVariable("CARGO_HOME");
            string fromHome = Path.Combine(cargoHome ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo"), "bin", "cargo");
            if (File.Exists(fromHome))
            {
                return fromHome;
            }
            Assert.Fail("cargo was not found on PATH nor in $CARGO_HOME/bin: the tests build a Rust fixture and need a Rust toolchain.");
            return string.Empty;
        }

        /// <summary>
        /// The echo-runtime cross-compiled for aarch64 with Debian's toolchain (cargo/rustc in /usr/bin with the arm64 std,
        /// aarch64-linux-gnu-gcc; .ci/run installs them), zipped as the SDK ships it; built once. Inconclusive where that
        /// toolchain is absent.
        /// </summary>
        public static string Arm64EchoZip()
        {
            lock (Arm64Lock)
            {
                return s_arm64Zip ??= BuildArm64EchoZip();
            }
        }

        private static string BuildArm64EchoZip()
        {
            var missing = new[] { DebianCargo, DebianRustc }.Where(p => !File.Exists(p)).ToList();
            if (missing.Count == 0 && RunCapture(DebianRustc, "--print", "sysroot") is { } sysroot && !Directory.Exists(Path.Combine(sysroot.Trim(), "lib", "rustlib", Arm64Target)))
            {
                missing.Add($"the {Arm64Target} standard library for {DebianRustc} (Debian: libstd-rust-web-dev:arm64)");
            }
            if (!(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, Arm64Linker))))
            {
                missing.Add(Arm64Linker + " (Debian: gcc-aarch64-linux-gnu)");
            }
            if (missing.Count > 0)
            {
                Assert.Inconclusive("The arm64 cross toolchain is absent: " + string.Join(", ", missing) + ". .ci/run installs it.");
            }

            string baseDirectory = AppContext.BaseDirectory;
            string manifest = Path.Combine(baseDirectory, "Fixtures", "echo-runtime", "Cargo.toml");
            string targetDirectory = Path.Combine(baseDirectory, "cargo-target-arm64");
            var startInfo = new ProcessStartInfo(DebianCargo) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in new[] { "build", "--release", "--offline", "--manifest-path", manifest, "--target-dir", targetDirectory, "--target", Arm64Target })
            {
                startInfo.ArgumentList.Add(argument);
            }
            startInfo.Environment["RUSTC"] = DebianRustc;
            startInfo.Environment["CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER"] = Arm64Linker;
            var output = new StringBuilder();
            using (var process = Process.Start(startInfo)!)
            {
                process.StandardInput.Close();
                process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
                process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (!process.WaitForExit(240_000))
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail("the arm64 cross build did not finish in time:\n" + output);
                }
                process.WaitForExit();
                Assert.AreEqual(0, process.ExitCode, "the arm64 cross build failed:\n" + output);
            }

            string binary = Path.Combine(targetDirectory, Arm64Target, "release", "echo-runtime");
            string zip = Path.Combine(baseDirectory, "fixture-artifacts", "bootstrap-arm64.zip");
            Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
            File.Delete(zip);
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            {
                var entry = archive.CreateEntryFromFile(binary, "bootstrap", CompressionLevel.Fastest);
                entry.ExternalAttributes = 0x81ED << 16; // regular file, rwxr-xr-x
            }
            return zip;
        }

        private static string? RunCapture(string executable, params string[] arguments)
        {
            var startInfo = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
            using var process = Process.Start(startInfo)!;
            process.StandardInput.Close();
            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? text : null;
        }
    }
}
