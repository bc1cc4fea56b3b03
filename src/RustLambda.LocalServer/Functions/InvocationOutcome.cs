using System.Text.Json;

namespace RustLambda.LocalServer.Functions
{
    /// <summary>How an invocation ended, in Lambda's terms.</summary>
    public enum InvocationOutcomeKind
    {
        Success,

        /// <summary>The function reported an error (or its response was over 6 MB: Function.ResponseSizeTooLarge).</summary>
        FunctionError,

        /// <summary>It did not answer within the template's Timeout; its process was replaced.</summary>
        Timeout,

        /// <summary>Its process exited (panic, exit, signal) or failed to initialize; the next request starts a new one.</summary>
        Crashed,
    }

    /// <summary>The result of one invocation: the payload on success, else Lambda's error type, message and error JSON.</summary>
    public sealed class InvocationOutcome
    {
        public InvocationOutcomeKind Kind { get; init; }
        public string RequestId { get; init; } = "";
        public string? Payload { get; init; }
        public string? ErrorType { get; init; }
        public string? ErrorMessage { get; init; }

        /// <summary>What the function posted to /error, when it did.</summary>
        public string? ErrorBody { get; init; }

        /// <summary>The function's output during this invocation, with START/END/REPORT.</summary>
        public string Log { get; init; } = "";

        public bool IsSuccess => Kind == InvocationOutcomeKind.Success;

        public static InvocationOutcome Succeeded(string requestId, string payload) => new() { Kind = InvocationOutcomeKind.Success, RequestId = requestId, Payload = payload };

        /// <summary>The error document Lambda's Invoke API returns with X-Amz-Function-Error.</summary>
        public string ErrorDocument()
        {
            if (ErrorBody is { Length: > 0 } body && LooksLikeJsonObject(body))
            {
                return body;
            }
            return JsonSerializer.Serialize(new ErrorJson(ErrorMessage ?? "", ErrorType ?? "Unhandled"));
        }

        private static bool LooksLikeJsonObject(string text)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == JsonValueKind.Object;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private sealed record ErrorJson(string errorMessage, string errorType);
    }
}
