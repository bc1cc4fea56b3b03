using System.Threading.Tasks;

namespace RustLambda.Hosting.Instances
{
    /// <summary>One event handed to a runtime, and how the runtime answered.</summary>
    internal sealed class Invocation
    {
        public Invocation(string requestId, byte[] payload, long deadlineUnixMs, string functionArn, string traceId, InvocationContext? context)
        {
            RequestId = requestId;
            Payload = payload;
            DeadlineUnixMs = deadlineUnixMs;
            FunctionArn = functionArn;
            TraceId = traceId;
            ClientContext = context?.ClientContext;
            CognitoIdentity = context?.CognitoIdentity;
        }

        public string RequestId { get; }

        public byte[] Payload { get; }

        public long DeadlineUnixMs { get; }

        public string FunctionArn { get; }

        public string TraceId { get; }

        public string? ClientContext { get; }

        public string? CognitoIdentity { get; }

        /// <summary>Completes with the runtime's answer (a response or an error); the first answer wins.</summary>
        public TaskCompletionSource<InvocationAnswer> Answer { get; } = new TaskCompletionSource<InvocationAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the runtime, having answered, asks for its next event.</summary>
        public TaskCompletionSource RuntimeReturned { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set once the event went out in a response to <c>GET /invocation/next</c>.</summary>
        public volatile bool Delivered;
    }
}
