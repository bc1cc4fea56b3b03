using System;
using System.IO;
using System.Linq;
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
    /// </summary>
    public sealed class BuildRootLock : IDisposable
    {
        private readonly FileStream _stream;

        private BuildRootLock(FileStream stream) => _stream = stream;

        public static string LockPath(string buildRoot)
        {
            using var sha = SHA256.Create();
            string key = Path.GetFullPath(buildRoot).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (Path.DirectorySeparatorChar == '\\')
            {
                key = key.ToUpperInvariant();
            }
            string hash = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(key)).Take(10).Select(b => b.ToString("x2")));
            return Path.Combine(Path.GetTempPath(), "rustlambda-locks", hash + ".lock");
        }

        /// <summary>Waits for the lock; <paramref name="onWaiting"/> is told once when another build holds it. Null when cancelled.</summary>
        public static BuildRootLock? Acquire(string buildRoot, Action onWaiting, CancellationToken cancellation)
        {
            string path = LockPath(buildRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            bool told = false;
            while (!cancellation.IsCancellationRequested)
            {
                try
                {
                    return new BuildRootLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    if (!told)
                    {
                        onWaiting();
                        told = true;
                    }
                    cancellation.WaitHandle.WaitOne(200);
                }
            }
            return null;
        }

        public void Dispose() => _stream.Dispose();
    }
}
