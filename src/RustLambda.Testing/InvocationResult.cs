using System;

namespace RustLambda.Testing
{
    /// <summary>Why an invocation did not succeed.</summary>
    public enum InvocationFailureKind
    {
        /// <summary>The invocation succeeded: the function posted a response.</summary>
        None = 0,

        /// <summary>
        /// The function reported an error for the invocation (<c>POST /runtime/invocation/{id}/error</c>), or its
        /// response was larger than Lambda accepts (<c>Function.ResponseSizeTooLarge</c>). The process stays warm.
        /// </summary>
        FunctionError = 1,

        /// <summary>
        /// The runtime reported an initialization error (<c>POST /runtime/init/error</c>) before asking for its first
        /// event. The process is stopped; the next invocation starts a new one.
        /// </summary>
        InitError = 2,

        /// <summary>
        /// The invocation did not finish within <see cref="RustLambdaFunctionOptions.Timeout"/>
        /// (or init did not finish within <see cref="RustLambdaFunctionOptions.InitTimeout"/>). The process is stopped;
        /// the next invocation starts a new one.
        /// </summary>
        Timeout = 3,

        /// <summary>
        /// The process exited (a panic, an abort, a call to <c>exit</c>, a signal) before it answered.
        /// <see cref="InvocationResult.ErrorMessage"/> tells the exit status or signal as Lambda does
        /// (<c>Runtime exited with error: exit status 3</c>, <c>Runtime exited with error: signal: aborted</c>).
        /// The next invocation starts a new process.
        /// </summary>
        ProcessExited = 4,

        /// <summary>
        /// The event is larger than Lambda accepts for a synchronous invoke (6,291,456 bytes); the function was not
        /// invoked (Lambda answers <c>RequestEntityTooLargeException</c>).
        /// </summary>
        RequestTooLarge = 5,
    }

    /// <summary>The outcome of one <see cref="RustLambdaFunction.InvokeAsync"/>, as Lambda would report it.</summary>
    public sealed class InvocationResult
    {
        internal InvocationResult(string requestId)
        {
            RequestId = requestId;
        }

        /// <summary>The invocation's request id (<c>Lambda-Runtime-Aws-Request-Id</c>), a new GUID per invocation.</summary>
        public string RequestId { get; }

        /// <summary><see langword="true"/> when the function posted a response (<see cref="FailureKind"/> is <see cref="InvocationFailureKind.None"/>).</summary>
        public bool IsSuccess => FailureKind == InvocationFailureKind.None;

        /// <summary>The response body the function posted, decoded as UTF-8; <see langword="null"/> when it failed.</summary>
        public string? Payload { get; internal set; }

        /// <summary>
        /// The error's type: the <c>errorType</c> the function reported (or its <c>Lambda-Runtime-Function-Error-Type</c>
        /// header), or Lambda's own type for failures of the sandbox: <c>Runtime.ExitError</c>, <c>Sandbox.Timedout</c>,
        /// <c>Function.ResponseSizeTooLarge</c>. <see langword="null"/> on success.
        /// </summary>
        public string? ErrorType { get; internal set; }

        /// <summary>The error's message (the reported <c>errorMessage</c>, or Lambda's message for sandbox failures); <see langword="null"/> on success.</summary>
        public string? ErrorMessage { get; internal set; }

        /// <summary>
        /// The error as Lambda returns it to the caller: the raw body the function posted to <c>/error</c> or
        /// <c>/init/error</c>, or a JSON object <c>{"errorMessage":..,"errorType":..}</c> for sandbox failures.
        /// <see langword="null"/> on success.
        /// </summary>
        public string? ErrorBody { get; internal set; }

        /// <summary>Why the invocation failed, or <see cref="InvocationFailureKind.None"/>.</summary>
        public InvocationFailureKind FailureKind { get; internal set; }

        /// <summary>
        /// The lines the function wrote to stdout and stderr during this invocation, in the order written, each ending
        /// with a newline: from the start of the invocation (including the init of a cold start it caused) until the
        /// runtime, having answered, asks for its next event (or exits, or is stopped).
        /// </summary>
        public string Log { get; internal set; } = string.Empty;

        /// <summary><see langword="true"/> for the first invocation a process serves (after StartAsync, a crash, a timeout or an init error): Lambda's cold start.</summary>
        public bool IsColdStart { get; internal set; }

        /// <summary>How long the invocation took, from handing the event over to the answer (init not included).</summary>
        public TimeSpan Duration { get; internal set; }

        internal static InvocationResult From(RustLambda.Hosting.InvocationResult hosted) => new InvocationResult(hosted.RequestId)
        {
            FailureKind = (InvocationFailureKind)(int)hosted.FailureKind,
            Payload = hosted.Payload,
            ErrorType = hosted.ErrorType,
            ErrorMessage = hosted.ErrorMessage,
            ErrorBody = hosted.ErrorBody,
            Log = hosted.Log,
            IsColdStart = hosted.IsColdStart,
            Duration = hosted.Duration,
        };

        /// <summary>For diagnostics: the kind, and the error type and message when it failed.</summary>
        public override string ToString() => IsSuccess
            ? $"Success {RequestId}: {Payload}"
            : $"{FailureKind} {RequestId}: {ErrorType}: {ErrorMessage}";
    }
}
