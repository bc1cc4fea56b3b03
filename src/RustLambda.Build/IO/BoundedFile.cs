using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// Reads the text inputs (template, Cargo.toml, samconfig.toml) with a cap, so a 1.5 GB file or /dev/zero named as one is
    /// a clear error rather than an OutOfMemoryException after gigabytes. The cap is far above any real input: CloudFormation
    /// itself accepts templates of at most 1 MB, and a 22 MB template with 2000 functions still reads.
    /// </summary>
    public static class BoundedFile
    {
        public const long MaxBytes = 64L * 1024 * 1024;

        /// <summary>The bytes, or null with <paramref name="tooLarge"/> saying how large the file is (or that it does not end).</summary>
        public static byte[]? ReadAllBytes(string path, out string? tooLarge, long maxBytes = MaxBytes)
        {
            tooLarge = null;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            long declared = SafeLength(stream);
            if (declared > maxBytes)
            {
                tooLarge = Describe(declared, maxBytes);
                return null;
            }
            // Devices and pipes report no length (or a wrong one): read at most one byte past the cap to know.
            using var buffer = new MemoryStream(declared > 0 ? (int)declared : 1 << 16);
            var chunk = new byte[1 << 16];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    tooLarge = $"more than {Size(maxBytes)} (reading stopped there; is it a device such as /dev/zero?)";
                    return null;
                }
            }
            return buffer.ToArray();
        }

        /// <summary>UTF-8 text (a BOM skipped), capped like <see cref="ReadAllBytes"/>.</summary>
        public static string? ReadAllText(string path, out string? tooLarge, long maxBytes = MaxBytes)
        {
            var bytes = ReadAllBytes(path, out tooLarge, maxBytes);
            if (bytes == null)
            {
                return null;
            }
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        private static long SafeLength(FileStream stream)
        {
            try
            {
                return stream.CanSeek ? stream.Length : 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        private static string Describe(long size, long max) => $"{Size(size)}, above the limit of {Size(max)}";

        public static string Size(long bytes) => bytes >= 1024 * 1024
            ? (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB (" + bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes)"
            : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
    }
}
