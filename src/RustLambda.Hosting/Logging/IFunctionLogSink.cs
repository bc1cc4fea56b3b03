namespace RustLambda.Hosting
{
    /// <summary>
    /// Receives a function's log as it is written: every line of its stdout and stderr, and Lambda's own
    /// <c>START</c>, <c>END</c> and <c>REPORT</c> lines around each invocation. Calls for one pool are serialized.
    /// An exception thrown here is swallowed: a broken sink must not break the function.
    /// </summary>
    public interface IFunctionLogSink
    {
        /// <summary>Takes one line; called in the order the lines were written.</summary>
        void Write(FunctionLogEntry entry);
    }
}
