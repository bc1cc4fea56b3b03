namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>An error as a runtime reported it.</summary>
    internal sealed class ReportedError
    {
        public ReportedError(string errorType, string? errorMessage, string errorBody)
        {
            ErrorType = errorType;
            ErrorMessage = errorMessage;
            ErrorBody = errorBody;
        }

        public string ErrorType { get; }

        public string? ErrorMessage { get; }

        public string ErrorBody { get; }
    }
}
