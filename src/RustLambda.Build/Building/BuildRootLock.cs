using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// Serialises RustLambda builds of one crate or workspace across processes (`dotnet build -m` of a solution with several
    /// projects over one Cargo workspace). Cargo locks its target dir only while it runs; we also hold this from cargo's start
    /// until our copies of the binaries are taken, so no project zips a file another project's cargo is relinking.
    /// The lock is an exclusively opened file, which the OS releases if a build dies, so it can never go stale.
    /// The lock folder is the user's own (<see cref="LockDirectory"/>): a folder in the shared temp dir made by one user
    /// cannot stop another's builds. Only "another build holds it" is waited for, at most <c>timeout</c>; any other failure
    /// to open the lock (a read-only or foreign folder) is reported at once instead of being waited on forever.
    /// </summary>
    public sealed class BuildRootLock : IDisposable
    {
        /// <summary>The default for RustLambdaLockTimeout: longer than any one cargo build of a workspace should take.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

        private readonly FileStream _stream;

        private BuildRootLock(FileStream stream) => _stream = stream;

        /// <summary>
        /// `rustlambda-locks-&lt;user&gt;` in the temp folder (per user: on Linux TMPDIR is usually the shared, sticky /tmp).
        /// <paramref name="overrideDirectory"/> (RustLambdaLockDirectory) replaces it, e.g. to share locks between users deliberately.
        /// </summary>
        public static string LockDirectory(string? overrideDirectory = null) =>
            !string.IsNullOrWhiteSpace(overrideDirectory) ? Path.GetFullPath(overrideDirectory!) : Path.Combine(Path.GetTempPath(), "rustlambda-locks-" + UserKey());

        public static string LockPath(string buildRoot, string? overrideDirectory = null)
        {
            using var sha = SHA256.Create();
            string key = Path.GetFullPath(buildRoot).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (Path.DirectorySeparatorChar == '\\')
            {
                key = key.ToUpperInvariant();
            }
            string hash = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(key)).Take(10).Select(b => b.ToString("x2")));
            return Path.Combine(LockDirectory(overrideDirectory), hash + ".lock");
        }

        /// <summary>
        /// Waits for the lock; <paramref name="onWaiting"/> is told once when another build holds it. Returns the lock, or a
        /// failure saying why there is none (cancelled, timed out, or the lock cannot be taken at all).
        /// </summary>
        public static BuildRootLockResult Acquire(string buildRoot, Action onWaiting, TimeSpan timeout, CancellationToken cancellation, string? overrideDirectory = null)
        {
            string path = LockPath(buildRoot, overrideDirectory);
            try
            {
                CreatePrivateDirectory(Path.GetDirectoryName(path)!);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return BuildRootLockResult.Failed(BuildRootLockFailure.Unusable, path, ex.Message);
            }
            bool told = false;
            var waited = Stopwatch.StartNew();
            while (true)
            {
                if (cancellation.IsCancellationRequested)
                {
                    return BuildRootLockResult.Failed(BuildRootLockFailure.Cancelled, path, "cancelled");
                }
                try
                {
                    return BuildRootLockResult.Acquired(new BuildRootLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)), path);
                }
                catch (IOException ex) when (IsHeldByAnother(ex))
                {
                    if (waited.Elapsed >= timeout)
                    {
                        return BuildRootLockResult.Failed(BuildRootLockFailure.TimedOut, path, $"another build held it for {waited.Elapsed.TotalSeconds:0} s");
                    }
                    if (!told)
                    {
                        onWaiting();
                        told = true;
                    }
                    cancellation.WaitHandle.WaitOne(200);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    return BuildRootLockResult.Failed(BuildRootLockFailure.Unusable, path, ex.Message);
                }
            }
        }

        /// <summary>
        /// A sharing or lock violation means another build has the file open; every other IOException (read-only file
        /// system, no space, a folder in the way) is a failure that waiting cannot cure. .NET reports a Unix flock conflict
        /// as EWOULDBLOCK and a Windows one as ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION.
        /// </summary>
        public static bool IsHeldByAnother(IOException ex)
        {
            const int sharingViolation = unchecked((int)0x80070020);
            const int lockViolation = unchecked((int)0x80070021);
            const int ewouldblock = 11; // EAGAIN/EWOULDBLOCK on Linux
            const int ewouldblockBsd = 35; // EAGAIN/EWOULDBLOCK on macOS
            int code = ex.HResult;
            if (code == sharingViolation || code == lockViolation)
            {
                return true;
            }
            return !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && (code == ewouldblock || code == ewouldblockBsd);
        }

        private static void CreatePrivateDirectory(string directory)
        {
#if NET
            if (!OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return;
            }
#endif
            Directory.CreateDirectory(directory);
        }

        /// <summary>The user name reduced to file-name characters, with a hash so two names that reduce alike stay apart.</summary>
        private static string UserKey()
        {
            string user = Environment.UserName;
            string safe = new string(user.Where(c => c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_')).Take(32).ToArray());
            using var sha = SHA256.Create();
            string hash = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(user)).Take(4).Select(b => b.ToString("x2")));
            return (safe.Length > 0 ? safe + "-" : "") + hash;
        }

        public void Dispose() => _stream.Dispose();
    }
}
