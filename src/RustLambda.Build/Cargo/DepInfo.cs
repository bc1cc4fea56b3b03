using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace RustLambda.Build.Cargo
{
    /// <summary>
    /// Reads the make-format dependency files cargo writes beside each binary (<c>&lt;bin&gt;.d</c>): every source file the
    /// binary was built from, path dependencies included (registry crates are covered by Cargo.lock). They are the exact
    /// inputs of the next build, as protoc's dependency files are for Grpc.Tools.
    /// </summary>
    public static class DepInfo
    {
        /// <summary>The prerequisites of every rule, absolute (relative ones are taken against <paramref name="baseDirectory"/>).</summary>
        public static IReadOnlyList<string> Parse(string text, string baseDirectory)
        {
            var result = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // Join continuation lines first: a backslash right before the newline continues the rule.
            string joined = text.Replace("\\\r\n", " ").Replace("\\\n", " ");
            foreach (var rawLine in joined.Split('\n'))
            {
                string line = rawLine.TrimEnd('\r');
                if (line.TrimStart().StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }
                int separator = RuleSeparator(line);
                if (separator < 0)
                {
                    continue;
                }
                foreach (var path in SplitPaths(line.Substring(separator + 1)))
                {
                    string full;
                    try
                    {
                        full = Path.GetFullPath(Path.Combine(baseDirectory, path));
                    }
                    catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
                    {
                        continue;
                    }
                    if (seen.Add(full))
                    {
                        result.Add(full);
                    }
                }
            }
            return result;
        }

        /// <summary>
        /// The colon that ends the target: one followed by whitespace or the end of the line, so the colon of a Windows drive
        /// letter (<c>C:\src</c>) is not mistaken for it, and not an escaped one.
        /// </summary>
        private static int RuleSeparator(string line)
        {
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                    continue;
                }
                if (line[i] == ':' && (i + 1 == line.Length || char.IsWhiteSpace(line[i + 1])))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Splits on unescaped whitespace; cargo escapes spaces in paths as "\ ".</summary>
        private static IEnumerable<string> SplitPaths(string text)
        {
            var current = new StringBuilder();
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\' && i + 1 < text.Length && (text[i + 1] == ' ' || text[i + 1] == '#' || text[i + 1] == '\\' && i + 2 < text.Length && text[i + 2] == ' '))
                {
                    // "\ " is a space; "\\ " (a path ending in a backslash) is a backslash followed by a separator.
                    if (text[i + 1] == '\\')
                    {
                        current.Append('\\');
                        i++;
                        continue;
                    }
                    current.Append(text[i + 1]);
                    i++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    if (current.Length > 0)
                    {
                        yield return current.ToString();
                        current.Clear();
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            if (current.Length > 0)
            {
                yield return current.ToString();
            }
        }
    }
}
