using System;
using System.Collections.Generic;

namespace RustLambda.Hosting.Processes
{
    /// <summary>
    /// The environment variables Lambda sets itself and refuses in a function's configuration ("reserved keys"). One list,
    /// for the host that sets them and for the local server that must never take them from a template or env-vars file.
    /// </summary>
    public static class LambdaReservedVariables
    {
        private static readonly HashSet<string> Names = new HashSet<string>(StringComparer.Ordinal)
        {
            "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
        };

        public static bool IsReserved(string name) => Names.Contains(name);
    }
}
