using System;
using System.IO;
using System.Security.Cryptography;

namespace RustLambda.Build.IO
{
    /// <summary>The SHA-256 of a file's bytes, as lower-case hex: what the output stamps compare.</summary>
    public static class ContentHash
    {
        public static string Of(string path)
        {
            using var sha = SHA256.Create();
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
            return ToHex(sha.ComputeHash(stream));
        }

        public static string Of(byte[] bytes)
        {
            using var sha = SHA256.Create();
            return ToHex(sha.ComputeHash(bytes));
        }

        private static string ToHex(byte[] hash) => BitConverter.ToString(hash).Replace("-", "").ToLowerInvariant();
    }
}
