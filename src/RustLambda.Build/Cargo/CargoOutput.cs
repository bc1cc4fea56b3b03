using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace RustLambda.Build.Cargo
{
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
}
