using System;
using System.IO;
using ICSharpCode.SharpZipLib.Zip;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// Writes the Lambda deployment package: one entry <c>bootstrap</c>, made by Unix with mode 0755 so Lambda can execute it
    /// whatever OS built the zip, a fixed timestamp and a fixed compression level so the same binary always yields the same
    /// bytes. SharpZipLib rather than System.IO.Compression because the latter cannot write made-by Unix on Windows, and its
    /// native zlib differs between .NET (zlib-ng) and .NET Framework, which would change the bytes between dotnet build and VS.
    /// </summary>
    public static class BootstrapZip
    {
        public const string EntryName = "bootstrap";

        /// <summary>S_IFREG | 0755, stored in the high 16 bits of the external attributes when made-by is Unix.</summary>
        public const int UnixFileMode = 0x81ED;

        public static readonly DateTime FixedTimestamp = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

        private const int MadeByUnix = 3;
        private const int DeflateLevel = 6;

        public static void Write(string binaryPath, string zipPath) =>
            AtomicFile.Write(zipPath, stream => WriteTo(binaryPath, stream));

        public static void WriteTo(string binaryPath, Stream output)
        {
            using var zip = new ZipOutputStream(output) { IsStreamOwner = false };
            zip.SetLevel(DeflateLevel);
            // Zip64 headers only when needed keep small packages byte-identical to what unzip tools expect.
            zip.UseZip64 = UseZip64.Dynamic;
            var entry = new ZipEntry(EntryName)
            {
                HostSystem = MadeByUnix,
                ExternalFileAttributes = UnixFileMode << 16,
                DateTime = FixedTimestamp,
                CompressionMethod = CompressionMethod.Deflated,
                IsUnicodeText = false,
            };
            using (var binary = new FileStream(binaryPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                entry.Size = binary.Length;
                zip.PutNextEntry(entry);
                binary.CopyTo(zip);
            }
            zip.CloseEntry();
            zip.Finish();
        }
    }
}
