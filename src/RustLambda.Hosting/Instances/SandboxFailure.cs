using RustLambda.Hosting.RuntimeApi;

namespace RustLambda.Hosting.Instances
{
    /// <summary>Failures of the execution environment itself, reported the way Lambda returns them to the caller.</summary>
    internal static class SandboxFailure
    {
        public static void Set(InvocationResult result, InvocationFailureKind kind, string errorType, string message)
        {
            result.FailureKind = kind;
            result.ErrorType = errorType;
            result.ErrorMessage = message;
            result.ErrorBody = LambdaJson.Error(errorType, $"RequestId: {result.RequestId} Error: {message}");
        }
    }
}
