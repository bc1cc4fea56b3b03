namespace RustLambda.LocalServer
{
    /// <summary>Lambda's limits, which hold locally so that nothing works here that fails on AWS.</summary>
    public static class FunctionLimits
    {
        /// <summary>Lambda's synchronous invocation payload limit, for the request and for the response: 6 MB.</summary>
        public const int MaxPayloadBytes = 6 * 1024 * 1024;

        /// <summary>
        /// Warm processes per function. Lambda scales far higher, but on a laptop ten concurrent copies of one function
        /// is plenty to show concurrency bugs without starving the machine; more requests queue (none is dropped).
        /// </summary>
        public const int DefaultMaxInstances = 10;
    }
}
