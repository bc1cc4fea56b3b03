namespace RustLambda.Build
{
    /// <summary>The local server's codes (RL0100-RL0119); listed in the README's Diagnostics table like every other code.</summary>
    public static class LocalServerDiagnosticCodes
    {
        public const string UnservableEvent = "RL0100";
        public const string UnknownEventApi = "RL0101";
        public const string PortInUse = "RL0102";
        public const string ManifestUnreadable = "RL0103";
        public const string RebuildFailed = "RL0104";
        public const string EnvVarsUnreadable = "RL0105";
    }
}
