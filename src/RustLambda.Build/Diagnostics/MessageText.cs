using System.Linq;

namespace RustLambda.Build.Diagnostics
{
    /// <summary>
    /// User values quoted in messages: cut short so a huge value cannot flood the build log, and control characters (ESC,
    /// NUL, other C0/C1 but tab) written as <c>\u001B</c>-style escapes so a template cannot drive the terminal.
    /// </summary>
    internal static class MessageText
    {
        public const int MaxShown = 100;

        public static string Shorten(string value)
        {
            string shown = value.Length <= MaxShown ? value : value.Substring(0, MaxShown);
            shown = Escape(shown);
            return value.Length <= MaxShown ? shown : shown + $"… ({value.Length} characters)";
        }

        private static bool Escaped(char c) => char.IsControl(c) && c != '\t';

        /// <summary>Control characters written as escapes, nothing cut: for text of our own making that may quote the user's.</summary>
        public static string Escape(string s) =>
            s.Any(Escaped) ? string.Concat(s.Select(c => Escaped(c) ? $"\\u{(int)c:X4}" : c.ToString())) : s;
    }
}
