namespace RustLambda.Build.Diagnostics
{
    /// <summary>User values quoted in messages, cut short so a huge value cannot flood the build log.</summary>
    internal static class MessageText
    {
        public const int MaxShown = 100;

        public static string Shorten(string value) =>
            value.Length <= MaxShown ? value : value.Substring(0, MaxShown) + $"… ({value.Length} characters)";
    }
}
