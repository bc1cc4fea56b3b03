using System;
using System.Collections.Generic;
using System.Linq;

namespace RustLambda.Aspire.Hosting
{
    /// <summary>Which of the resource's environment variables the local server passes on to the functions.</summary>
    internal static class ForwardedEnvironment
    {
        /// <summary>
        /// Every variable the app model gave the resource (WithEnvironment, WithReference's connection strings and
        /// service endpoints, the OTLP settings, ...), by name, in a stable order; the forwarding list itself is not one.
        /// </summary>
        public static string NamesToForward(IEnumerable<string> variableNames) => string.Join(";",
            variableNames.Where(name => name != global::Aspire.Hosting.ApplicationModel.RustLambdaFunctionsResource.ForwardEnvironmentVariable)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(name => name, StringComparer.Ordinal));
    }
}
