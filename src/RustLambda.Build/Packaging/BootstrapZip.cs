using System;
using System.IO;
using System.IO.Compression;
using ICSharpCode.SharpZipLib.Checksum;
using ICSharpCode.SharpZipLib.Zip;
using RustLambda.Build.IO;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// Writes the Lambda deployment package: one entry <c>bootstrap</c>, made by Unix with mode 0755 so Lambda can execute it
    /// whatever OS built the zip, a fixed timestamp and a fixed compression level so the same binary always yields the same
    /// bytes. The container is SharpZipLib's, because System.IO.Compression cannot write made-by Unix on Windows; the deflating
    /// is the platform's native zlib (DeflateStream), handed over as a passthrough entry, because SharpZipLib's managed deflater
    /// takes ~3 s for 20 MB where zlib's fastest level takes ~0.2 s. The bytes are therefore stable for a given runtime's zlib:
    /// `dotnet build` (.NET's zlib-ng) and Visual Studio (.NET Framework's zlib) compress the same binary differently.
    /// </summary>
    public static class BootstrapZip
    {
        public const string EntryName = "bootstrap";

        /// <summary>S_IFREG | 0755, stored in the high 16 bits of the external attributes when made-by is Unix.</summary>
        public const int UnixFileMode = 0x81ED;

        public static readonly DateTime FixedTimestamp = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

        private const int MadeByUnix = 3;

        public static void Write(string binaryPath, string zipPath, CompressionLevel level = CompressionLevel.Fastest) =>
            AtomicFile.Write(zipPath, stream => WriteTo(binaryPath, stream, level));

        public static void WriteTo(string binaryPath, Stream output, CompressionLevel level = CompressionLevel.Fastest)
        {
            // Lambda caps a function at 250 MB unzipped, so the binary fits in memory.
            byte[] binary = File.ReadAllBytes(binaryPath);
            var crc = new Crc32();
            crc.Update(binary);
            using var compressed = new MemoryStream();
            using (var deflate = new DeflateStream(compressed, level, leaveOpen: true))
            {
                deflate.Write(binary, 0, binary.Length);
            }

            using var zip = new ZipOutputStream(output) { IsStreamOwner = false };
            // Zip64 headers only when needed keep small packages what every unzip tool expects.
            zip.UseZip64 = UseZip64.Dynamic;
            zip.PutNextPassthroughEntry(new ZipEntry(EntryName)
            {
                HostSystem = MadeByUnix,
                ExternalFileAttributes = UnixFileMode << 16,
                DateTime = FixedTimestamp,
                CompressionMethod = CompressionMethod.Deflated,
                IsUnicodeText = false,
                Size = binary.Length,
                CompressedSize = compressed.Length,
                Crc = crc.Value,
            });
            compressed.Position = 0;
            compressed.CopyTo(zip);
            zip.CloseEntry();
            zip.Finish();
        }
    }
}
