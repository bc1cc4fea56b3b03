using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// Names and sweeps the temporary files our atomic writes use. A temp carries the writing process's id, so a later build
    /// can tell one left by a killed build (process gone: delete it) from one another build is writing right now (keep it).
    /// </summary>
    public static class TemporaryFiles
    {
        private const string Suffix = ".rl.tmp";

        // .<name>.<pid>-<8 hex>.rl.tmp (ours), and .<name>.<8 hex>.tmp (what SDK 1.0 builds left behind).
        private static readonly Regex Ours = new Regex(@"^\..+\.(\d+)-[0-9a-f]{8}\.rl\.tmp$", RegexOptions.CultureInvariant);
        private static readonly Regex Legacy = new Regex(@"^\..+\.[0-9a-f]{8}\.tmp$", RegexOptions.CultureInvariant);

        /// <summary>A legacy temp carries no process id: one untouched this long belongs to no running write.</summary>
        public static readonly TimeSpan LegacyAge = TimeSpan.FromMinutes(10);

        private static readonly int CurrentProcessId = Process.GetCurrentProcess().Id;

        /// <summary>A fresh temp name in <paramref name="directory"/> for writing <paramref name="fileName"/>.</summary>
        public static string NameFor(string directory, string fileName) =>
            Path.Combine(directory, "." + fileName + "." + CurrentProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8) + Suffix);

        public static bool IsTemporary(string fileName) => Ours.IsMatch(fileName) || Legacy.IsMatch(fileName);

        /// <summary>Deletes the temps in <paramref name="directory"/> (not below it) that no live write owns; returns how many.</summary>
        public static int Sweep(string directory)
        {
            int removed = 0;
            if (!Directory.Exists(directory))
            {
                return 0;
            }
            try
            {
                foreach (var file in Directory.EnumerateFiles(directory, ".*tmp"))
                {
                    if (IsAbandoned(file) && TryDelete(file))
                    {
                        removed++;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A folder we cannot list holds no temp we could have written.
            }
            return removed;
        }

        public static bool IsAbandoned(string path)
        {
            string name = Path.GetFileName(path);
            var ours = Ours.Match(name);
            if (ours.Success)
            {
                return !int.TryParse(ours.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) || !IsRunning(pid);
            }
            return Legacy.IsMatch(name) && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > LegacyAge;
        }

        private static bool IsRunning(int pid)
        {
            if (pid == CurrentProcessId)
            {
                return true;
            }
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static bool TryDelete(string path)
        {
            try
            {
                File.Delete(path);
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
