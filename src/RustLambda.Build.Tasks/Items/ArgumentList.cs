using System;
using System.Collections.Generic;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>
    /// Carries an argument list in one item metadata value. MSBuild splits on ';', so a list joined that way would break on an
    /// argument containing one; the unit separator cannot occur in a path or a cargo argument.
    /// </summary>
    internal static class ArgumentList
    {
        private const char Separator = '\u001f';

        public static string Encode(IEnumerable<string> arguments) => string.Join(Separator.ToString(), arguments);

        public static IReadOnlyList<string> Decode(string? encoded) =>
            string.IsNullOrEmpty(encoded) ? Array.Empty<string>() : encoded!.Split(Separator);
    }
}
