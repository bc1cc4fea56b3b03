using System;

namespace RustLambda.Build.Cargo
{
    /// <summary>
    /// Where a binary's name was written: a [[bin]] `name`, the [package] `name` (src/main.rs is named after the package), or
    /// the file name of a discovered src/bin target. A message about the name points there and says which one to change.
    /// </summary>
    internal sealed class BinaryNameOrigin
    {
        private readonly Func<string, string> _describe;

        private BinaryNameOrigin(string file, int line, int column, Func<string, string> describe, string fix)
        {
            File = file;
            Line = line;
            Column = column;
            _describe = describe;
            Fix = fix;
        }

        /// <summary>The Cargo.toml holding the name, or the discovered source file whose name it is.</summary>
        public string File { get; }

        /// <summary>1-based line and column of the `name =` key; 0 for a file name.</summary>
        public int Line { get; }
        public int Column { get; }

        /// <summary>The name as a message introduces it, e.g. <c>[package] name 'x' in /p/Cargo.toml (...)</c>.</summary>
        public string Describe(string shownName) => _describe(shownName);

        /// <summary>How to give the binary a valid name from there, as a sentence without its full stop.</summary>
        public string Fix { get; }

        public static BinaryNameOrigin BinSection(string manifestPath, (int Line, int Column) nameKey) =>
            new BinaryNameOrigin(manifestPath, nameKey.Line, nameKey.Column, name => $"[[bin]] name '{name}' in {manifestPath}", "Rename the [[bin]]");

        public static BinaryNameOrigin PackageName(string manifestPath, (int Line, int Column) nameKey) =>
            new BinaryNameOrigin(manifestPath, nameKey.Line, nameKey.Column,
                name => $"[package] name '{name}' in {manifestPath} (src/main.rs builds a binary of that name)",
                "Rename the package, or keep its name and add a [[bin]] with a valid name and path = \"src/main.rs\"");

        public static BinaryNameOrigin SourceFile(string sourcePath, string shownPath) =>
            new BinaryNameOrigin(sourcePath, 0, 0, name => $"binary name '{name}', taken from {shownPath},", "Rename the file (or folder)");
    }
}
