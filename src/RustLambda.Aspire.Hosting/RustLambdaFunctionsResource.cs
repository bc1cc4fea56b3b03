using System;

namespace Aspire.Hosting.ApplicationModel
{
    /// <summary>
    /// The Rust AWS Lambda functions of one RustLambda.Sdk project (a SAM template), served by the project's local
    /// server (`dotnet run`): its HTTP API routes and Lambda's Invoke API on one HTTP endpoint.
    /// </summary>
    /// <remarks>
    /// Lives in Aspire's own namespace, as Aspire's resource types do, so that app hosts find it without another using.
    /// </remarks>
    public sealed class RustLambdaFunctionsResource : ExecutableResource, IResourceWithServiceDiscovery
    {
        /// <summary>The name of the server's HTTP endpoint.</summary>
        public const string HttpEndpointName = "http";

        /// <summary>The local server answers 200 here once it accepts requests.</summary>
        public const string HealthPath = "/__rustlambda/health";

        /// <summary>The server forwards to every function the variables of its own environment named here (`;`-separated).</summary>
        public const string ForwardEnvironmentVariable = "RUSTLAMBDA_FORWARD_ENV";

        private EndpointReference? _httpEndpoint;

        /// <param name="name">The resource name.</param>
        /// <param name="projectPath">The full path of the functions project (the RustLambda.Sdk .csproj).</param>
        public RustLambdaFunctionsResource(string name, string projectPath)
            : base(name, "dotnet", System.IO.Path.GetDirectoryName(projectPath ?? throw new ArgumentNullException(nameof(projectPath))) ?? ".")
        {
            ProjectPath = projectPath;
        }

        /// <summary>The full path of the functions project that `dotnet run` starts.</summary>
        public string ProjectPath { get; }

        /// <summary>The local server's HTTP endpoint (routes of the template's API events, and the Invoke API).</summary>
        public EndpointReference HttpEndpoint => _httpEndpoint ??= new EndpointReference(this, HttpEndpointName);
    }
}
