namespace RustLambda.Build.SamConfig
{
    public sealed class BetaOptInResult
    {
        public BetaOptInResult(bool isEnabled, string reason)
        {
            IsEnabled = isEnabled;
            Reason = reason;
        }

        public bool IsEnabled { get; }

        /// <summary>Which setting decided, for the build log.</summary>
        public string Reason { get; }
    }
}
