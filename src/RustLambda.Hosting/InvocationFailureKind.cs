namespace RustLambda.Hosting
{
    /// <summary>Why an invocation did not succeed.</summary>
    public enum InvocationFailureKind
    {
        /// <summary>The function posted a response.</summary>
        None = 0,

        /// <summary>
        /// The function reported an error (<c>POST /runtime/invocation/{id}/error</c>), or its response was larger than
        /// Lambda accepts (<c>Function.ResponseSizeTooLarge</c>). The instance stays warm.
        /// </summary>
        FunctionError = 1,

        /// <summary>The runtime reported an init error (<c>POST /runtime/init/error</c>). The instance is stopped.</summary>
        InitError = 2,

        /// <summary>The invocation (or the init) did not finish in time. The instance is stopped and replaced on demand.</summary>
        Timeout = 3,

        /// <summary>The process exited before it answered. The instance is replaced on demand.</summary>
        ProcessExited = 4,

        /// <summary>
        /// The request payload is larger than Lambda accepts for a synchronous invoke (6,291,456 bytes); the function
        /// was not invoked. Lambda answers such a request with <c>RequestEntityTooLargeException</c> (HTTP 413).
        /// </summary>
        RequestTooLarge = 5,
    }
}
