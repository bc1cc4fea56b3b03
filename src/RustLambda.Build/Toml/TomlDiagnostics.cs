using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using RustLambda.Build.Diagnostics;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace RustLambda.Build.Toml
{
    /// <summary>
    /// What the TOML readers (Cargo.toml, samconfig.toml) say about a document in their diagnostics: where a key is, what a
    /// value is, and Tomlyn's parser message without its noise. One place, so the two readers word problems alike.
    /// </summary>
    internal static class TomlDiagnostics
    {
        /// <summary>1-based line and column of a key (0, 0 when unknown); Tomlyn's positions are 0-based.</summary>
        public static (int Line, int Column) PositionOf(TomlMetadataStore positions, TomlTable table, string key) =>
            positions.TryGetProperties(table, out var properties) && properties != null
            && properties.TryGetProperty(key, out var property) && property != null
                ? (property.Span.Start.Line + 1, property.Span.Start.Column + 1)
                : (0, 0);

        /// <summary>
        /// A value as a message names it: its kind, and for a scalar the value itself (shortened), e.g.
        /// <c>the string "yes"</c>, <c>the integer 1</c>, <c>an array</c>.
        /// </summary>
        public static string Describe(object? value) => value switch
        {
            null => "empty",
            string s => $"the string \"{MessageText.Shorten(s)}\"",
            bool b => b ? "the boolean true" : "the boolean false",
            long l => "the integer " + l.ToString(CultureInfo.InvariantCulture),
            double d => "the float " + d.ToString("R", CultureInfo.InvariantCulture),
            TomlTableArray _ => "an array of tables",
            TomlArray _ => "an array",
            TomlTable _ => "a table",
            _ => MessageText.Shorten(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
        };

        /// <summary>
        /// Tomlyn prefixes each message with "(line,col) : error : " and may append follow-on errors; the first is the cause,
        /// and the position travels separately in the diagnostic. Its nesting limit advises an API option
        /// (TomlSerializerOptions.MaxDepth) that no user can set, so that one is reworded as what to do about the file.
        /// </summary>
        public static string ParserMessage(string message)
        {
            string first = message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? message;
            const string marker = " : error : ";
            int at = first.IndexOf(marker, StringComparison.Ordinal);
            string cause = (at >= 0 ? first.Substring(at + marker.Length) : first).Trim().TrimEnd('.');
            var tooDeep = TooDeep.Match(cause);
            return tooDeep.Success
                ? $"it nests deeper than {tooDeep.Groups[1].Value} levels (arrays or inline tables inside one another); flatten it"
                : MessageText.Escape(cause);
        }

        private static readonly Regex TooDeep = new Regex(@"^The maximum depth of (\d+) has been exceeded\b", RegexOptions.CultureInvariant);
    }
}
