namespace RustLambda.Hosting
{
    /// <summary>Who wrote a log line.</summary>
    public enum FunctionLogSource
    {
        /// <summary>The function, on stdout or stderr (one stream, in the order written, as Lambda keeps them).</summary>
        Function = 0,

        /// <summary>Lambda itself: <c>START</c>, <c>END</c>, <c>REPORT</c> and timeout lines.</summary>
        Platform = 1,
    }
}
