using System;
using System.IO;
using System.Linq;
using RustLambda.Build.IO;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// What a bootstrap.zip was made from (binary hash, architecture, runtime, whether it was checked) and what the zip itself
    /// was (size, time, hash) when written. A zip is reused only when both still hold: a zip someone truncated or replaced no
    /// longer matches its stamp and is written again, even when the binary did not change.
    /// </summary>
    public static class PackageStamp
    {
        /// <summary>Bumped whenever the zip format changes, so an SDK that writes zips differently rewrites them.</summary>
        public const string Format = "zip-v3";

        /// <summary>The stamp's file: logical ids may be 255 characters (CloudFormation's limit), longer than a file name may be.</summary>
        public static string PathFor(string stampDirectory, string logicalId)
        {
            string name = logicalId.Length <= 64 ? logicalId : logicalId.Substring(0, 40) + "-" + ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(logicalId)).Substring(0, 16);
            return Path.Combine(stampDirectory, name + ".stamp");
        }

        public static string MadeFrom(string binaryHash, string architecture, string runtime, bool checkedBinary) =>
            $"{Format} {binaryHash} {architecture} {runtime} checks:{checkedBinary}";

        /// <summary>True when the zip exists and still holds what the stamp says was written (and, when given, from <paramref name="madeFrom"/>).</summary>
        public static bool IsCurrent(string stampPath, string zipPath, string? madeFrom)
        {
            var (recordedFrom, zip) = Read(stampPath);
            if (zip == null || (madeFrom != null && recordedFrom != madeFrom))
            {
                return false;
            }
            var info = new FileInfo(zipPath);
            if (!info.Exists)
            {
                return false;
            }
            return zip.SizeAndTimeMatch(info) || (info.Length == zip.Size && ContentHash.Of(zipPath) == zip.Hash);
        }

        public static string? RecordedMadeFrom(string stampPath) => Read(stampPath).MadeFrom;

        /// <summary>Records the zip as it is now on disk (call right after writing or touching it).</summary>
        /// <returns>The zip's stamp as written.</returns>
        public static FileStamp Write(string stampPath, string zipPath, string madeFrom, string zipHash)
        {
            var info = new FileInfo(zipPath);
            var stamp = new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, zipHash);
            AtomicFile.WriteTextIfChanged(stampPath, madeFrom + "\n" + stamp + "\n");
            return stamp;
        }

        /// <summary>The zip's recorded hash, for a caller that touched it and must re-stamp its time.</summary>
        public static string? RecordedZipHash(string stampPath) => Read(stampPath).Zip?.Hash;

        private static (string? MadeFrom, FileStamp? Zip) Read(string stampPath)
        {
            try
            {
                if (!File.Exists(stampPath))
                {
                    return (null, null);
                }
                var lines = File.ReadAllLines(stampPath);
                return (lines.FirstOrDefault(), lines.Length > 1 ? FileStamp.Parse(lines[1]) : null);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return (null, null);
            }
        }
    }
}
