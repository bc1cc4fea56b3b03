using System;
using System.IO;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// Writes files so that a reader (or the next incremental build) sees either the old file or the complete new one:
    /// the content goes to a temporary file in the same folder, which then replaces the target in one rename.
    /// </summary>
    public static class AtomicFile
    {
        public static void Write(string path, Action<Stream> writeContent)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    // No fsync: the rename is what keeps an interrupted build from leaving a partial file; surviving a power
                    // loss is not worth ~2 ms a file on every build.
                    writeContent(stream);
                }
                Replace(temporary, path);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        /// <summary>Writes <paramref name="text"/> only when the file's content differs, so its timestamp tracks real changes.</summary>
        public static bool WriteTextIfChanged(string path, string text)
        {
            if (File.Exists(path) && File.ReadAllText(path) == text)
            {
                return false;
            }
            WriteText(path, text);
            return true;
        }

        /// <summary>UTF-8 without a byte order mark, as the tools reading our files expect.</summary>
        public static void WriteText(string path, string text) => Write(path, stream =>
        {
            var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        });

        public static void Copy(string source, string destination) => Write(destination, output =>
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read);
            input.CopyTo(output);
        });

        private static void Replace(string source, string destination)
        {
#if NETFRAMEWORK
            if (File.Exists(destination))
            {
                File.Replace(source, destination, null);
                return;
            }
            File.Move(source, destination);
#else
            File.Move(source, destination, overwrite: true);
#endif
        }
    }
}
