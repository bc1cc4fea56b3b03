using RustLambda.Hosting.RuntimeApi;

namespace RustLambda.Hosting.Instances
{
    /// <summary>An init that failed, kept for the invocation that reports it (as Lambda reports it on the first invoke).</summary>
    internal sealed class InitFailure
    {
        private InitFailure(InvocationFailureKind kind, string errorType, string? errorMessage, string? errorBody, bool sandbox)
        {
            Kind = kind;
            ErrorType = errorType;
            ErrorMessage = errorMessage;
            ErrorBody = errorBody;
            IsSandboxFailure = sandbox;
        }

        public InvocationFailureKind Kind { get; }

        public string ErrorType { get; }

        public string? ErrorMessage { get; }

        public string? ErrorBody { get; }

        /// <summary>A failure of the sandbox (exit, timeout), not one the runtime reported.</summary>
        public bool IsSandboxFailure { get; }

        /// <summary>What the function wrote during the failed init.</summary>
        public string Log { get; set; } = string.Empty;

        public int InstanceId { get; set; }

        public static InitFailure FromReport(ReportedError error) =>
            new InitFailure(InvocationFailureKind.InitError, error.ErrorType, error.ErrorMessage, error.ErrorBody, sandbox: false);

        public static InitFailure Sandbox(InvocationFailureKind kind, string errorType, string message) =>
            new InitFailure(kind, errorType, message, null, sandbox: true);

        public InvocationResult ToResult(string requestId)
        {
            var result = new InvocationResult(requestId) { IsColdStart = true, Log = Log, InstanceId = InstanceId };
            if (IsSandboxFailure)
            {
                SandboxFailure.Set(result, Kind, ErrorType, ErrorMessage ?? string.Empty);
            }
            else
            {
                result.FailureKind = Kind;
                result.ErrorType = ErrorType;
                result.ErrorMessage = ErrorMessage;
                result.ErrorBody = ErrorBody;
            }
            return result;
        }
    }
}
