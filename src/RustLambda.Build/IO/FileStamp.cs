using System;
using System.Globalization;
using System.IO;

namespace RustLambda.Build.IO
{
    /// <summary>What a file was when we last looked: its size, last write time and content hash.</summary>
    public sealed class FileStamp
    {
        public FileStamp(long size, long lastWriteTicks, string hash)
        {
            Size = size;
            LastWriteTicks = lastWriteTicks;
            Hash = hash;
        }

        public long Size { get; }
        public long LastWriteTicks { get; }
        public string Hash { get; }

        /// <summary>The file's stamp now, hashing it; null when it does not exist.</summary>
        public static FileStamp? Take(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }
            string hash = ContentHash.Of(path);
            info.Refresh();
            return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, hash);
        }

        /// <summary>True when size and time are what was stamped: the file is then trusted to hold the stamped bytes.</summary>
        public bool SizeAndTimeMatch(FileInfo info) => info.Exists && info.Length == Size && info.LastWriteTimeUtc.Ticks == LastWriteTicks;

        public override string ToString() => string.Join(" ", Size.ToString(CultureInfo.InvariantCulture), LastWriteTicks.ToString(CultureInfo.InvariantCulture), Hash);

        public static FileStamp? Parse(string text)
        {
            var parts = text.Split(' ');
            return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long size)
                && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks) && parts[2].Length == 64
                ? new FileStamp(size, ticks, parts[2])
                : null;
        }
    }
}
