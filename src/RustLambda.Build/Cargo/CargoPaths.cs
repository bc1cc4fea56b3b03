using System;
using System.IO;

namespace RustLambda.Build.Cargo
{
    internal static class CargoPaths
    {
        public const string ManifestFileName = "Cargo.toml";

        /// <summary>Windows file names are case-insensitive, so two spellings of one path must count as one there.</summary>
        public static readonly StringComparer Comparer =
            Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        public static StringComparison Comparison =>
            Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        /// <summary>Absolute, with '.' and '..' resolved and no trailing separator, so equal folders compare equal.</summary>
        public static string Normalize(string path)
        {
            string full = Path.GetFullPath(path);
            string trimmed = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            // A drive or file-system root keeps its separator: "C:" alone means the current folder of drive C.
            return trimmed.Length == 0 || trimmed.EndsWith(":", StringComparison.Ordinal) ? full : trimmed;
        }

        /// <summary>Joins a path written in Cargo.toml (always with '/' or native separators) onto a folder.</summary>
        public static string Resolve(string directory, string relativeOrAbsolute) =>
            Normalize(Path.Combine(directory, relativeOrAbsolute.Replace('/', Path.DirectorySeparatorChar)));

        public static string ManifestIn(string directory) => Path.Combine(directory, ManifestFileName);

        /// <summary>Component-wise prefix test, like Rust's Path::starts_with: "/a/bc" is not under "/a/b".</summary>
        public static bool IsSameOrUnder(string path, string ancestor)
        {
            path = Normalize(path);
            ancestor = Normalize(ancestor);
            if (string.Equals(path, ancestor, Comparison))
            {
                return true;
            }
            string prefix = ancestor.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? ancestor
                : ancestor + Path.DirectorySeparatorChar;
            return path.StartsWith(prefix, Comparison);
        }
    }
}
