using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Toml;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace RustLambda.Build.Cargo
{
    /// <summary>
    /// One parsed Cargo.toml with typed accessors. Each accessor reports RL0037 (and returns null) when the value has the
    /// wrong type, pointing at the key's line, so a bad manifest yields a precise message instead of a cast exception.
    /// </summary>
    internal sealed class CargoManifest
    {
        private readonly TomlMetadataStore _positions;

        private CargoManifest(string path, TomlTable root, TomlMetadataStore positions)
        {
            Path = path;
            Directory = System.IO.Path.GetDirectoryName(path)!;
            Root = root;
            _positions = positions;
        }

        public string Path { get; }
        public string Directory { get; }
        public TomlTable Root { get; }

        /// <summary>Reads and parses; on failure returns null and the RL0031 diagnostic that explains why.</summary>
        public static CargoManifest? Parse(string path, out Diagnostic? failure)
        {
            failure = null;
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                failure = new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.ManifestUnreadable,
                    $"Cannot read {path}: {e.Message} Check that the file is readable and not locked by another program.", path);
                return null;
            }

            var positions = new TomlMetadataStore();
            try
            {
                return new CargoManifest(path, StrictToml.Parse(text, positions), positions);
            }
            catch (TomlException e)
            {
                int line = e.Line ?? 0;
                int column = e.Column ?? 0;
                string where = line > 0 ? $" at line {line}, column {column}" : "";
                failure = new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.ManifestUnreadable,
                    $"{path} is not valid TOML{where}: {TomlDiagnostics.ParserMessage(e.Message)}. Fix the syntax there; cargo cannot read this manifest either.",
                    path, line, column);
                return null;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Tomlyn signals some malformed values (such as out-of-range numbers) with ordinary .NET exceptions.
                failure = new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.ManifestUnreadable,
                    $"{path} is not valid TOML: {e.Message} Fix the value; cargo cannot read this manifest either.", path);
                return null;
            }
        }

        /// <summary>1-based line and column of a key (0, 0 when unknown).</summary>
        public (int Line, int Column) PositionOf(TomlTable table, string key) => TomlDiagnostics.PositionOf(_positions, table, key);

        public string? GetString(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string example) =>
            Get<string>(table, key, displayKey, diagnostics, "a string", example);

        /// <summary>A string that names a file or folder: one the file system could not take (a NUL, say) is RL0037 at its key.</summary>
        public string? GetPath(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string example)
        {
            string? value = GetString(table, key, displayKey, diagnostics, example);
            if (value != null && !IsUsablePath(value))
            {
                ReportWrongType(table, key, displayKey, diagnostics, "a usable path (no control characters)", value, example);
                return null;
            }
            return value;
        }

        public static bool IsUsablePath(string path) => path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) < 0 && path.IndexOf('\0') < 0;

        public bool? GetBool(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string example)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }
            if (value is bool flag)
            {
                return flag;
            }
            ReportWrongType(table, key, displayKey, diagnostics, "a boolean (true or false)", value, example);
            return null;
        }

        public TomlTable? GetTable(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string example) =>
            Get<TomlTable>(table, key, displayKey, diagnostics, "a table", example);

        /// <summary>`[[bin]]` sections and `bin = [{ ... }]` are the same thing to Cargo, so both shapes are accepted.</summary>
        public IReadOnlyList<TomlTable>? GetTableArray(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string example)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }
            if (value is TomlTableArray tables)
            {
                return tables.ToList();
            }
            if (value is TomlArray array && array.All(item => item is TomlTable))
            {
                return array.Cast<TomlTable>().ToList();
            }
            ReportWrongType(table, key, displayKey, diagnostics, "an array of tables", value, example);
            return null;
        }

        public IReadOnlyList<string>? GetStringArray(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string example)
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }
            if (value is TomlArray array && array.All(item => item is string))
            {
                return array.Cast<string>().ToList();
            }
            ReportWrongType(table, key, displayKey, diagnostics, "an array of strings", value, example);
            return null;
        }

        public void ReportMissing(TomlTable parent, string parentKey, string displayKey, DiagnosticBag diagnostics, string expected, string example)
        {
            var (line, column) = PositionOf(parent, parentKey);
            diagnostics.Error(DiagnosticCodes.ManifestWrongType,
                $"`{displayKey}` is missing in {Path}; Cargo requires it to be {expected}. Add it, for example `{example}`.",
                Path, line, column);
        }

        public void ReportWrongType(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string expected, object? actual, string example)
        {
            var (line, column) = PositionOf(table, key);
            diagnostics.Error(DiagnosticCodes.ManifestWrongType,
                $"`{displayKey}` in {Path} must be {expected}, but it is {TomlDiagnostics.Describe(actual)}. Write it as, for example, `{example}`.",
                Path, line, column);
        }

        private T? Get<T>(TomlTable table, string key, string displayKey, DiagnosticBag diagnostics, string expected, string example)
            where T : class
        {
            if (!table.TryGetValue(key, out var value))
            {
                return null;
            }
            if (value is T typed)
            {
                return typed;
            }
            ReportWrongType(table, key, displayKey, diagnostics, expected, value, example);
            return null;
        }
    }
}
