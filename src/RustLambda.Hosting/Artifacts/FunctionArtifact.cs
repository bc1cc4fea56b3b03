using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using RustLambda.Build.Model;

namespace RustLambda.Hosting.Artifacts
{
    /// <summary>
    /// The function's files on disk: a fresh temporary folder, holding the zip's contents as the task root when the
    /// artifact is a zip, the runtime folder and the log file.
    /// </summary>
    internal sealed class FunctionArtifact
    {
        /// <summary>Lambda's limit for a function's unzipped deployment package.</summary>
        public const long MaxUnzippedBytes = 262_144_000;

        /// <summary>The prefix of the temporary folders a run owns (for the tests that check none is left behind).</summary>
        public const string TempFolderPrefix = "rustlambda-host-";

        private FunctionArtifact(string tempRoot, string taskRoot, string bootstrapPath)
        {
            TempRoot = tempRoot;
            TaskRoot = taskRoot;
            BootstrapPath = bootstrapPath;
            RuntimeDirectory = Path.Combine(tempRoot, "runtime");
        }

        /// <summary>The temporary folder this run owns; deleted on dispose.</summary>
        public string TempRoot { get; }

        /// <summary><c>LAMBDA_TASK_ROOT</c> and the working directory: where the zip was extracted, or the bootstrap's folder.</summary>
        public string TaskRoot { get; }

        public string BootstrapPath { get; }

        /// <summary><c>LAMBDA_RUNTIME_DIR</c> (Lambda's <c>/var/runtime</c>), an empty folder here.</summary>
        public string RuntimeDirectory { get; }

        /// <summary>
        /// Prepares <paramref name="path"/>: a <c>bootstrap.zip</c> is extracted into a new temporary folder; a bootstrap
        /// file (or a folder holding one) runs where it is. Checks that the bootstrap can run as <paramref name="architecture"/>.
        /// </summary>
        public static FunctionArtifact Prepare(string path, string architecture)
        {
            string fullPath = System.IO.Path.GetFullPath(path);
            string taskRoot;
            string? bootstrap;
            bool isZip = false;

            if (Directory.Exists(fullPath))
            {
                taskRoot = fullPath;
                bootstrap = System.IO.Path.Combine(fullPath, "bootstrap");
                if (!File.Exists(bootstrap))
                {
                    throw new FileNotFoundException(
                        $"The folder '{fullPath}' has no file named 'bootstrap'. Pass the function's bootstrap.zip, its bootstrap executable, or a folder holding it.",
                        bootstrap);
                }
            }
            else if (File.Exists(fullPath))
            {
                isZip = IsZip(fullPath);
                if (!isZip && fullPath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException($"'{fullPath}' is named like a zip but is not a zip archive.");
                }
                taskRoot = System.IO.Path.GetDirectoryName(fullPath)!;
                bootstrap = isZip ? null : fullPath;
            }
            else
            {
                throw new FileNotFoundException(
                    $"The function artifact '{fullPath}' does not exist. Build the function first (its bootstrap.zip is an output of the build).",
                    fullPath);
            }

            if (isZip)
            {
                // Read the zip before creating anything, so a bad zip leaves nothing behind.
                using var archive = ZipFile.OpenRead(fullPath);
                var bootstrapEntry = FindBootstrapEntry(archive, fullPath);
                long unzipped = archive.Entries.Sum(e => e.Length);
                if (unzipped > MaxUnzippedBytes)
                {
                    throw new InvalidDataException(
                        $"'{fullPath}' unzips to {unzipped} bytes; Lambda refuses packages whose unzipped size is not smaller than {MaxUnzippedBytes} bytes.");
                }

                var temp = Directory.CreateTempSubdirectory(TempFolderPrefix);
                var artifact = new FunctionArtifact(temp.FullName, System.IO.Path.Combine(temp.FullName, "task"), System.IO.Path.Combine(temp.FullName, "task", "bootstrap"));
                try
                {
                    Directory.CreateDirectory(artifact.TaskRoot);
                    Directory.CreateDirectory(artifact.RuntimeDirectory);
                    Extract(archive, bootstrapEntry, artifact.TaskRoot);
                    CheckExecutableFormat(artifact.BootstrapPath, architecture, fullPath);
                    return artifact;
                }
                catch
                {
                    TryDeleteDirectory(artifact.TempRoot);
                    throw;
                }
            }
            else
            {
                CheckExecutableFormat(bootstrap!, architecture, bootstrap!);
                if (!OperatingSystem.IsWindows())
                {
                    var mode = File.GetUnixFileMode(bootstrap!);
                    if ((mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
                    {
                        throw new InvalidOperationException($"'{bootstrap}' is not executable (mode {Convert.ToString((int)mode, 8)}): chmod +x it, as Lambda needs.");
                    }
                }
                var temp = Directory.CreateTempSubdirectory(TempFolderPrefix);
                var artifact = new FunctionArtifact(temp.FullName, taskRoot, bootstrap!);
                Directory.CreateDirectory(artifact.RuntimeDirectory);
                return artifact;
            }
        }

        /// <summary>Deletes a folder, retrying briefly (a process that just died may still hold files); false when it could not.</summary>
        public static bool TryDeleteDirectory(string path)
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    if (Directory.Exists(path))
                    {
                        Directory.Delete(path, recursive: true);
                    }
                    return true;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    if (attempt == 1)
                    {
                        MakeOwnerWritable(path);
                    }
                    System.Threading.Thread.Sleep(50 * (attempt + 1));
                }
            }
            return !Directory.Exists(path);
        }

        private static void MakeOwnerWritable(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }
            try
            {
                foreach (var directory in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories).Prepend(path))
                {
                    File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
        }

        private static bool IsZip(string path)
        {
            Span<byte> magic = stackalloc byte[4];
            using var stream = File.OpenRead(path);
            int read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            return read == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K'
                && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
        }

        private static ZipArchiveEntry FindBootstrapEntry(ZipArchive archive, string zipPath)
        {
            var entry = archive.Entries.FirstOrDefault(e => NormalizeEntryName(e.FullName) == "bootstrap");
            if (entry != null)
            {
                return entry;
            }
            var names = archive.Entries.Select(e => e.FullName).Take(10).ToList();
            string contents = names.Count == 0
                ? "The zip is empty."
                : "It holds: " + string.Join(", ", names) + (archive.Entries.Count > names.Count ? ", ..." : string.Empty) + ".";
            var nested = archive.Entries.FirstOrDefault(e => NormalizeEntryName(e.FullName).EndsWith("/bootstrap", StringComparison.Ordinal));
            string hint = nested != null
                ? $" A 'bootstrap' is at '{nested.FullName}': Lambda looks only at the zip's root."
                : string.Empty;
            throw new InvalidDataException(
                $"'{zipPath}' has no 'bootstrap' entry at its root, so Lambda could not start it: a custom runtime (provided.al2023) package must hold the function's executable as 'bootstrap' at the root of the zip. {contents}{hint}");
        }

        private static string NormalizeEntryName(string name)
        {
            while (name.StartsWith("./", StringComparison.Ordinal))
            {
                name = name.Substring(2);
            }
            return name;
        }

        private static void Extract(ZipArchive archive, ZipArchiveEntry bootstrapEntry, string taskRoot)
        {
            string root = System.IO.Path.GetFullPath(taskRoot);
            string rootWithSeparator = root.EndsWith(System.IO.Path.DirectorySeparatorChar) ? root : root + System.IO.Path.DirectorySeparatorChar;
            foreach (var entry in archive.Entries)
            {
                string name = NormalizeEntryName(entry.FullName);
                if (name.Length == 0)
                {
                    continue;
                }
                string destination = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, name));
                if (!destination.StartsWith(rootWithSeparator, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"The zip entry '{entry.FullName}' points outside the folder it is extracted to.");
                }
                if (name.EndsWith("/", StringComparison.Ordinal))
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);

                int unixMode = (int)((uint)entry.ExternalAttributes >> 16);
                const int FileTypeMask = 0xF000;
                const int SymbolicLink = 0xA000;
                if (!OperatingSystem.IsWindows() && (unixMode & FileTypeMask) == SymbolicLink && entry != bootstrapEntry)
                {
                    using var reader = new StreamReader(entry.Open());
                    File.CreateSymbolicLink(destination, reader.ReadToEnd());
                    continue;
                }

                entry.ExtractToFile(destination, overwrite: true);
                if (OperatingSystem.IsWindows())
                {
                    continue;
                }
                var permissions = (UnixFileMode)(unixMode & 0x1FF);
                if (entry == bootstrapEntry)
                {
                    // Zips made on Windows carry no Unix mode: give the bootstrap the 755 it needs to run.
                    if (permissions == 0)
                    {
                        permissions = (UnixFileMode)0x1ED;
                    }
                    permissions |= UnixFileMode.UserRead | UnixFileMode.UserExecute;
                    File.SetUnixFileMode(destination, permissions);
                }
                else if (permissions != 0)
                {
                    File.SetUnixFileMode(destination, permissions | UnixFileMode.UserRead);
                }
            }
        }

        /// <summary>
        /// Refuses a bootstrap Lambda could not run on <paramref name="architecture"/>: an ELF of the other architecture,
        /// a 32-bit ELF, a Windows or macOS executable. Scripts and unknown formats are left to the kernel.
        /// </summary>
        private static void CheckExecutableFormat(string bootstrap, string architecture, string shownPath)
        {
            Span<byte> header = stackalloc byte[20];
            int read;
            using (var stream = File.OpenRead(bootstrap))
            {
                read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            }
            header = header.Slice(0, read);

            if (read >= 20 && header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F')
            {
                ushort machine = header[5] == 2
                    ? BinaryPrimitives.ReadUInt16BigEndian(header.Slice(18))
                    : BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(18));
                string? built = LambdaArchitectures.FromElfMachine(machine)?.Name;
                if (header[4] != 2)
                {
                    throw new InvalidOperationException($"The bootstrap '{shownPath}' is a 32-bit ELF executable; Lambda runs 64-bit x86_64 or arm64 executables.");
                }
                if (built == null)
                {
                    throw new InvalidOperationException($"The bootstrap '{shownPath}' is an ELF executable for machine type {machine}, which Lambda does not run (it runs x86_64 and arm64).");
                }
                if (built != architecture)
                {
                    throw new InvalidOperationException(
                        $"The bootstrap '{shownPath}' is a Linux {built} executable, but the function's Architecture is '{architecture}': Lambda would fail to start it (exec format error). "
                        + $"Build the function for {architecture}, or set the function's Architecture to \"{built}\" to match the template's Architectures.");
                }
                return;
            }
            if (read >= 2 && header[0] == (byte)'M' && header[1] == (byte)'Z')
            {
                throw new InvalidOperationException($"The bootstrap '{shownPath}' is a Windows executable; Lambda runs Linux executables. Build the function for a Linux target (x86_64 or aarch64, gnu or musl).");
            }
            if (read >= 4 && ((header[0] == 0xCF && header[1] == 0xFA && header[2] == 0xED && header[3] == 0xFE) || (header[0] == 0xCA && header[1] == 0xFE && header[2] == 0xBA && header[3] == 0xBE)))
            {
                throw new InvalidOperationException($"The bootstrap '{shownPath}' is a macOS executable; Lambda runs Linux executables. Build the function for a Linux target (x86_64 or aarch64, gnu or musl).");
            }
        }
    }
}
