using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;

namespace RustLambda.Hosting.Processes
{
    /// <summary>The environment Lambda gives a <c>provided.al2023</c> function, and the variables it lets users set.</summary>
    internal static class LambdaEnvironment
    {
        /// <summary>Refuses names or values no process can have, and the keys Lambda reserves, with Lambda's message.</summary>
        public static void ValidateUserVariables(IDictionary<string, string> variables)
        {
            foreach (var pair in variables)
            {
                if (string.IsNullOrEmpty(pair.Key) || pair.Key.IndexOf('=') >= 0 || pair.Key.IndexOf('\0') >= 0)
                {
                    throw new ArgumentException($"'{pair.Key}' is not a valid environment variable name.", nameof(variables));
                }
                if (pair.Value == null || pair.Value.IndexOf('\0') >= 0)
                {
                    throw new ArgumentException($"The value of environment variable '{pair.Key}' is null or holds a NUL character.", nameof(variables));
                }
            }
            var reserved = variables.Keys.Where(LambdaReservedVariables.IsReserved).OrderBy(k => k, StringComparer.Ordinal).ToList();
            if (reserved.Count > 0)
            {
                throw new ArgumentException(
                    "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: "
                    + string.Join(", ", reserved) + ". Set them through the function's settings (FunctionName, Handler, MemorySizeMb, Region) instead.",
                    nameof(variables));
            }
        }

        /// <summary>
        /// The whole environment of one instance: this process's when <see cref="LambdaFunctionDefinition.InheritEnvironment"/>,
        /// then Lambda's variables, then the function's own, then <paramref name="extra"/> (the emulator's, e.g. for QEMU).
        /// </summary>
        public static Dictionary<string, string> For(LambdaFunctionDefinition definition, string runtimeApi, string taskRoot, string runtimeDirectory, IEnumerable<KeyValuePair<string, string>> extra)
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            if (definition.InheritEnvironment)
            {
                foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
                {
                    environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
                }
            }
            string memory = definition.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
            environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
            environment["_HANDLER"] = definition.Handler;
            environment["AWS_LAMBDA_FUNCTION_NAME"] = definition.FunctionName;
            environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
            environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memory;
            environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + definition.FunctionName;
            environment["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTime.UtcNow:yyyy'/'MM'/'dd}/[$LATEST]{RandomHex(16)}";
            environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
            environment["AWS_REGION"] = definition.Region;
            environment["AWS_DEFAULT_REGION"] = definition.Region;
            environment["LAMBDA_TASK_ROOT"] = taskRoot;
            environment["LAMBDA_RUNTIME_DIR"] = runtimeDirectory;
            environment["TZ"] = ":UTC";
            environment["LANG"] = "en_US.UTF-8";
            environment["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";
            environment["LD_LIBRARY_PATH"] = $"/lib64:/usr/lib64:{runtimeDirectory}:{runtimeDirectory}/lib:{taskRoot}:{taskRoot}/lib:/opt/lib";
            foreach (var pair in definition.Environment)
            {
                environment[pair.Key] = pair.Value;
            }
            foreach (var pair in extra)
            {
                environment[pair.Key] = pair.Value;
            }
            return environment;
        }

        public static string RandomHex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();
    }
}
