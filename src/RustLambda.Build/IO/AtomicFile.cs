using System;
using System.IO;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// Writes files so that a reader (or the next incremental build) sees either the old file or the complete new one:
    /// the content goes to a temporary file (named by <see cref="TemporaryFiles"/>, so a killed build's leftovers can be
    /// swept), which then replaces the target in one rename. The temp is in the target's folder unless the caller names
    /// another folder on the same file system: the SAM layout's temps must never sit inside a function's CodeUri folder,
    /// where `sam deploy` would package them.
    /// </summary>
    public static class AtomicFile
    {
        public static void Write(string path, Action<Stream> writeContent) => Write(path, writeContent, null);

        public static void Write(string path, Action<Stream> writeContent, string? temporaryDirectory)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            string temporaryFolder = temporaryDirectory ?? directory;
            Directory.CreateDirectory(temporaryFolder);
            string temporary = TemporaryFiles.NameFor(temporaryFolder, Path.GetFileName(path));
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

        public static void Copy(string source, string destination, string? temporaryDirectory = null) => Write(destination, output =>
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read);
            input.CopyTo(output);
        }, temporaryDirectory);

        /// <summary>
        /// Makes <paramref name="destination"/> a hard link of <paramref name="source"/> (or, where linking fails, a copy of it),
        /// replacing what was there in one rename. True when it is a link.
        /// </summary>
        public static bool LinkOrCopy(string source, string destination, string? temporaryDirectory = null)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
            Directory.CreateDirectory(directory);
            string temporaryFolder = temporaryDirectory ?? directory;
            Directory.CreateDirectory(temporaryFolder);
            string temporary = TemporaryFiles.NameFor(temporaryFolder, Path.GetFileName(destination));
            try
            {
                if (FileLink.TryCreateHardLink(source, temporary))
                {
                    Replace(temporary, destination);
                    return true;
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
            Copy(source, destination, temporaryDirectory);
            return false;
        }

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
