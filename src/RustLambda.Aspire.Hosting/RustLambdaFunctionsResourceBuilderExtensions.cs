using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Aspire.Hosting.ApplicationModel;
using RustLambda.Aspire.Hosting;

namespace Aspire.Hosting
{
    /// <summary>Adds the Rust AWS Lambda functions of a RustLambda.Sdk project to an Aspire app host.</summary>
    public static class RustLambdaFunctionsResourceBuilderExtensions
    {
        /// <summary>
        /// Adds the functions of a RustLambda.Sdk project as a resource: the project's local server
        /// (`dotnet run --project &lt;project&gt; -- --port &lt;allocated&gt;`) with an HTTP endpoint named "http", healthy
        /// once the server listens, its output (each function's log lines) in the dashboard. Environment variables given
        /// to the resource (<c>WithEnvironment</c>, <c>WithReference</c>) reach every function.
        /// </summary>
        /// <param name="builder">The app host's builder.</param>
        /// <param name="name">The resource name (also the service name others reference it by).</param>
        /// <param name="projectPath">The functions project's .csproj, relative to the app host's directory or absolute.</param>
        public static IResourceBuilder<RustLambdaFunctionsResource> AddRustLambdaFunctions(this IDistributedApplicationBuilder builder, [ResourceName] string name, string projectPath)
        {
            ArgumentNullException.ThrowIfNull(builder);
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentException.ThrowIfNullOrEmpty(projectPath);

            string fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
            var resource = new RustLambdaFunctionsResource(name, fullPath);
            var forwarding = new EnvironmentCallbackAnnotation(context =>
            {
                context.EnvironmentVariables[RustLambdaFunctionsResource.ForwardEnvironmentVariable] = ForwardedEnvironment.NamesToForward(context.EnvironmentVariables.Keys);
            });

            // Environment callbacks run in the order they were added, and WithReference/WithEnvironment usually come after
            // this call: the forwarding list moves to the end just before the app starts, so that it sees all of them.
            builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
            {
                resource.Annotations.Remove(forwarding);
                resource.Annotations.Add(forwarding);
                return Task.CompletedTask;
            });

            return builder.AddResource(resource)
                .WithHttpEndpoint(name: RustLambdaFunctionsResource.HttpEndpointName)
                .WithArgs(context =>
                {
                    context.Args.Add("run");
                    context.Args.Add("--project");
                    context.Args.Add(resource.ProjectPath);
                    context.Args.Add("--");
                    context.Args.Add("--port");
                    context.Args.Add(resource.HttpEndpoint.Property(EndpointProperty.TargetPort));
                })
                .WithHttpHealthCheck(RustLambdaFunctionsResource.HealthPath, endpointName: RustLambdaFunctionsResource.HttpEndpointName)
                .WithAnnotation(forwarding);
        }
    }
}
