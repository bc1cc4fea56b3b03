using RustLambda.Hosting.RuntimeApi;

namespace RustLambda.Hosting.Instances
{
    /// <summary>A runtime's answer to an invocation.</summary>
    internal sealed class InvocationAnswer
    {
        private InvocationAnswer(bool success, string? payload, ReportedError? error)
        {
            IsSuccess = success;
            Payload = payload;
            Error = error;
        }

        public bool IsSuccess { get; }

        public string? Payload { get; }

        public ReportedError? Error { get; }

        public static InvocationAnswer Success(string payload) => new InvocationAnswer(true, payload, null);

        public static InvocationAnswer Failure(ReportedError error) => new InvocationAnswer(false, null, error);
    }
}
