using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RustLambda.Build.Building
{
    public sealed class CompilerArtifact
    {
        public string TargetName { get; set; } = "";
        public IReadOnlyList<string> Kinds { get; set; } = Array.Empty<string>();
        public string? Executable { get; set; }
    }

    /// <summary>A rustc diagnostic from cargo's JSON, located at its primary span.</summary>
    public sealed class CompilerDiagnostic
    {
        public bool IsError { get; set; }
        public string? Code { get; set; }

        /// <summary>The message with child notes and help appended, one per line.</summary>
        public string Message { get; set; } = "";
        public string? Rendered { get; set; }
        public string? File { get; set; }
        public int Line { get; set; }
        public int Column { get; set; }
        public int EndLine { get; set; }
        public int EndColumn { get; set; }
    }

    /// <summary>Reads the lines of `cargo build --message-format=json`: JSON messages on stdout, cargo's own text on stderr.</summary>
    public static class CargoOutput
    {
        public static bool LooksLikeJson(string line) => line.Length > 1 && line[0] == '{' && line[line.Length - 1] == '}';

        /// <summary>Parses one JSON line; returns its "reason" and fills at most one of the outputs.</summary>
        public static string? Parse(string line, string workingDirectory, out CompilerArtifact? artifact, out CompilerDiagnostic? diagnostic, out bool? buildSucceeded)
        {
            artifact = null;
            diagnostic = null;
            buildSucceeded = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("reason", out var reasonElement) || reasonElement.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                string reason = reasonElement.GetString()!;
                switch (reason)
                {
                    case "compiler-artifact":
                        artifact = ReadArtifact(root);
                        break;
                    case "compiler-message":
                        if (root.TryGetProperty("message", out var message))
                        {
                            diagnostic = ReadDiagnostic(message, workingDirectory);
                        }
                        break;
                    case "build-finished":
                        buildSucceeded = root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.True;
                        break;
                }
                return reason;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static CompilerArtifact? ReadArtifact(JsonElement root)
        {
            if (!root.TryGetProperty("target", out var target) || !target.TryGetProperty("name", out var name))
            {
                return null;
            }
            var kinds = target.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.Array
                ? kind.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!).ToList()
                : new List<string>();
            string? executable = root.TryGetProperty("executable", out var exe) && exe.ValueKind == JsonValueKind.String ? exe.GetString() : null;
            return new CompilerArtifact { TargetName = name.GetString() ?? "", Kinds = kinds, Executable = executable };
        }

        private static CompilerDiagnostic? ReadDiagnostic(JsonElement message, string workingDirectory)
        {
            string level = String(message, "level") ?? "";
            bool isError = level == "error" || level == "error: internal compiler error";
            if (!isError && level != "warning")
            {
                return null;
            }
            var text = new StringBuilder(String(message, "message") ?? "");
            if (message.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in children.EnumerateArray())
                {
                    string? childText = String(child, "message");
                    if (!string.IsNullOrEmpty(childText))
                    {
                        text.Append(Environment.NewLine).Append(String(child, "level") ?? "note").Append(": ").Append(childText);
                    }
                }
            }
            var diagnostic = new CompilerDiagnostic
            {
                IsError = isError,
                Code = message.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Object ? String(code, "code") : null,
                Message = text.ToString(),
                Rendered = String(message, "rendered"),
            };
            if (message.TryGetProperty("spans", out var spans) && spans.ValueKind == JsonValueKind.Array)
            {
                var primary = spans.EnumerateArray().FirstOrDefault(s => s.TryGetProperty("is_primary", out var p) && p.ValueKind == JsonValueKind.True);
                if (primary.ValueKind == JsonValueKind.Object)
                {
                    string? file = String(primary, "file_name");
                    // Spans are relative to the workspace root, which is where we run cargo.
                    diagnostic.File = file == null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(workingDirectory, file));
                    diagnostic.Line = Int(primary, "line_start");
                    diagnostic.Column = Int(primary, "column_start");
                    diagnostic.EndLine = Int(primary, "line_end");
                    diagnostic.EndColumn = Int(primary, "column_end");
                }
            }
            return diagnostic;
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static int Int(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : 0;
    }

    /// <summary>A plain-text error from cargo, cargo-lambda, rustup or Zig, with the location cargo pointed at, if any.</summary>
    public sealed class PlainError
    {
        /// <summary>One line: the error and its "Caused by" chain, joined as anyhow prints chains (`outer: cause: root cause`).</summary>
        public string Message { get; set; } = "";

        /// <summary>Every line cargo printed for it (the snippet and help included), for the log.</summary>
        public string FullText { get; set; } = "";

        /// <summary>From cargo's " --> path:line:col" pointer; relative to the working folder as cargo prints it.</summary>
        public string? File { get; set; }
        public int Line { get; set; }
        public int Column { get; set; }
    }

    /// <summary>
    /// Groups cargo's (and cargo-lambda's, rustup's, Zig's) plain-text <c>error:</c> lines on stderr with the lines that
    /// explain them ("Caused by:", a source snippet, help), so each becomes one MSBuild error that carries the whole
    /// explanation. ToolTask hands lines over trimmed, so an error runs until the next message or cargo status line rather
    /// than while lines are indented.
    /// </summary>
    public sealed class PlainErrorCollector
    {
        // cargo's status lines: a capitalised verb ("Compiling x", "Finished `dev`", "Blocking waiting…"), never "Caused by:".
        private static readonly Regex StatusLine = new Regex(@"^(?!Caused by)[A-Z][a-z]+(ing|ed)\s", RegexOptions.CultureInvariant);
        private static readonly Regex Pointer = new Regex(@"^-->\s*(?<file>.+?):(?<line>\d+):(?<column>\d+)\s*$", RegexOptions.CultureInvariant);

        private PlainError? _pending;
        private StringBuilder? _text;
        private List<string>? _chain;
        private bool _causeNext;
        private readonly List<PlainError> _errors = new List<PlainError>();

        public IReadOnlyList<PlainError> Errors => _errors;

        /// <returns>Errors completed by this line (usually none or one).</returns>
        public IEnumerable<PlainError> Add(string line)
        {
            var completed = new List<PlainError>();
            string trimmed = line.Trim();
            bool startsError = trimmed.StartsWith("error:", StringComparison.Ordinal) || trimmed.StartsWith("Error:", StringComparison.Ordinal)
                || (trimmed.StartsWith("error[", StringComparison.Ordinal) && trimmed.Contains("]:"));
            if (startsError)
            {
                Flush(completed);
                _pending = new PlainError();
                string first = trimmed.Substring(trimmed.IndexOf(':') + 1).Trim();
                _text = new StringBuilder(first);
                _chain = new List<string> { first };
                _causeNext = false;
            }
            else if (_pending != null && (StatusLine.IsMatch(trimmed) || trimmed.StartsWith("warning:", StringComparison.Ordinal)))
            {
                Flush(completed);
            }
            else if (_pending != null && trimmed.Length > 0)
            {
                var pointer = Pointer.Match(trimmed);
                if (pointer.Success && _pending.File == null)
                {
                    _pending.File = pointer.Groups["file"].Value;
                    _pending.Line = int.Parse(pointer.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    _pending.Column = int.Parse(pointer.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
                _text!.Append(Environment.NewLine).Append(trimmed);
                if (trimmed == "Caused by:")
                {
                    _causeNext = true;
                }
                else if (_causeNext)
                {
                    _chain!.Add(trimmed);
                    _causeNext = false;
                }
            }
            return completed;
        }

        public IEnumerable<PlainError> Complete()
        {
            var completed = new List<PlainError>();
            Flush(completed);
            return completed;
        }

        private void Flush(List<PlainError> completed)
        {
            if (_pending != null)
            {
                _pending.FullText = _text!.ToString();
                _pending.Message = string.Join(": ", _chain!);
                completed.Add(_pending);
                _errors.Add(_pending);
                _pending = null;
                _text = null;
                _chain = null;
            }
        }
    }
}
