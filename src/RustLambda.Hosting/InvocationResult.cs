using System;

namespace RustLambda.Hosting
{
    /// <summary>The outcome of one invocation, as Lambda would report it.</summary>
    public sealed class InvocationResult
    {
        internal InvocationResult(string requestId)
        {
            RequestId = requestId;
        }

        /// <summary>The invocation's request id.</summary>
        public string RequestId { get; }

        /// <summary><see langword="true"/> when the function posted a response.</summary>
        public bool IsSuccess => FailureKind == InvocationFailureKind.None;

        /// <summary>Why it failed, or <see cref="InvocationFailureKind.None"/>.</summary>
        public InvocationFailureKind FailureKind { get; internal set; }

        /// <summary>The response body, decoded as UTF-8; <see langword="null"/> when it failed.</summary>
        public string? Payload { get; internal set; }

        /// <summary>
        /// The error's type: what the function reported, or Lambda's own (<c>Runtime.ExitError</c>, <c>Sandbox.Timedout</c>,
        /// <c>Function.ResponseSizeTooLarge</c>, <c>RequestEntityTooLargeException</c>); <see langword="null"/> on success.
        /// </summary>
        public string? ErrorType { get; internal set; }

        /// <summary>The error's message; <see langword="null"/> on success.</summary>
        public string? ErrorMessage { get; internal set; }

        /// <summary>The error as Lambda returns it to the caller (the body the function posted, or Lambda's JSON error); <see langword="null"/> on success.</summary>
        public string? ErrorBody { get; internal set; }

        /// <summary>
        /// What the function wrote to stdout and stderr for this invocation, each line ending with a newline: from its start
        /// (with the init of a cold start it caused) until the runtime, having answered, asks for its next event.
        /// </summary>
        public string Log { get; internal set; } = string.Empty;

        /// <summary>The first invocation an instance serves: Lambda's cold start.</summary>
        public bool IsColdStart { get; internal set; }

        /// <summary>From handing the event over to the answer (init not included).</summary>
        public TimeSpan Duration { get; internal set; }

        /// <summary>The init of the instance, for a cold start; otherwise <see langword="null"/>.</summary>
        public TimeSpan? InitDuration { get; internal set; }

        /// <summary>The pool's number for the instance that served it (1, 2, ...); 0 when none did.</summary>
        public int InstanceId { get; internal set; }

        /// <summary>For diagnostics: the kind, and the error type and message when it failed.</summary>
        public override string ToString() => IsSuccess
            ? $"Success {RequestId}: {Payload}"
            : $"{FailureKind} {RequestId}: {ErrorType}: {ErrorMessage}";
    }
}
