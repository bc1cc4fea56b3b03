using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Aspire.Hosting.Tests
{
    /// <summary>
    /// What AddRustLambdaFunctions puts into the app model: the command line, the endpoint, the health check and the
    /// environment forwarding, checked without starting the orchestrator.
    /// </summary>
    [TestClass]
    public class ResourceModelTests
    {
        private static IDistributedApplicationBuilder NewBuilder()
        {
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = Array.Empty<string>(), DisableDashboard = true });
            // Aspire's own BeforeStartEvent handlers ask for the orchestrator's paths (they are only read, never started here).
            builder.Configuration["DcpPublisher:CliPath"] = "/nonexistent/dcp";
            builder.Configuration["DcpPublisher:DashboardPath"] = "/nonexistent/dashboard";
            return builder;
        }

        /// <summary>The arguments and environment the orchestrator would start the resource with.</summary>
        private static async Task<IExecutionConfigurationResult> ExecutionConfigurationAsync(IResource resource)
        {
            var result = await ExecutionConfigurationBuilder.Create(resource).WithArgumentsConfig().WithEnvironmentVariablesConfig()
                .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), NullLogger.Instance, CancellationToken.None);
            Assert.IsNull(result.Exception, result.Exception?.ToString());
            return result;
        }

        [TestMethod]
        public async Task The_resource_runs_the_projects_local_server_with_dotnet_run_on_the_allocated_port()
        {
            var builder = NewBuilder();
            var functions = builder.AddRustLambdaFunctions("functions", "../Functions/Functions.csproj");
            string expectedProject = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "../Functions/Functions.csproj"));

            var resource = functions.Resource;
            Assert.AreEqual("dotnet", resource.Command);
            Assert.AreEqual(expectedProject, resource.ProjectPath);
            Assert.AreEqual(Path.GetDirectoryName(expectedProject), resource.WorkingDirectory, "it runs in the project's folder, where template.yaml is");

            Allocate(resource, RustLambdaFunctionsResource.HttpEndpointName, port: 54321, targetPort: 41234);
            var configuration = await ExecutionConfigurationAsync(resource);
            CollectionAssert.AreEqual(new[] { "run", "--project", expectedProject, "--", "--port", "41234" }, configuration.Arguments.Select(a => a.Value).ToArray());
        }

        [TestMethod]
        public void The_resource_has_one_http_endpoint_and_a_health_check_on_the_servers_health_path()
        {
            var builder = NewBuilder();
            var functions = builder.AddRustLambdaFunctions("functions", "/work/Functions/Functions.csproj");

            var endpoint = functions.Resource.Annotations.OfType<EndpointAnnotation>().Single();
            Assert.AreEqual("http", endpoint.Name);
            Assert.AreEqual("http", endpoint.UriScheme);
            Assert.IsNull(endpoint.Port, "Aspire allocates the port");
            Assert.AreEqual("/work/Functions/Functions.csproj", functions.Resource.ProjectPath, "an absolute path is kept");

            var healthCheck = functions.Resource.Annotations.OfType<HealthCheckAnnotation>().Single();
            using var app = builder.Build();
            var registrations = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations;
            Assert.IsTrue(registrations.Any(r => r.Name == healthCheck.Key), "the health check is registered under the annotation's key");
            Assert.AreEqual("/__rustlambda/health", RustLambdaFunctionsResource.HealthPath);
        }

        [TestMethod]
        public async Task Environment_given_after_Add_and_by_WithReference_is_listed_for_forwarding_to_the_functions()
        {
            var builder = NewBuilder();
            builder.Configuration["ConnectionStrings:cache"] = "localhost:6379";
            var cache = builder.AddConnectionString("cache");
            var other = builder.AddRustLambdaFunctions("orders", "../Orders/Orders.csproj");
            var functions = builder.AddRustLambdaFunctions("functions", "../Functions/Functions.csproj")
                .WithEnvironment("GREETING", "Hello from the app host")
                .WithReference(cache)
                .WithReference(other);

            using var app = builder.Build();
            await StartEventsAsync(app);
            Allocate(other.Resource, "http", port: 50001, targetPort: 50002);
            Allocate(functions.Resource, "http", port: 50003, targetPort: 50004);

            var environment = (await ExecutionConfigurationAsync(functions.Resource)).EnvironmentVariables.ToDictionary(v => v.Key, v => v.Value);
            Assert.AreEqual("Hello from the app host", environment["GREETING"]);
            Assert.AreEqual("localhost:6379", environment["ConnectionStrings__cache"]);
            Assert.AreEqual("http://localhost:50001", environment["services__orders__http__0"]);

            var forwarded = environment[RustLambdaFunctionsResource.ForwardEnvironmentVariable].Split(';');
            CollectionAssert.IsSubsetOf(new[] { "ConnectionStrings__cache", "GREETING", "services__orders__http__0" }, forwarded);
            CollectionAssert.AreEquivalent(environment.Keys.Where(k => k != RustLambdaFunctionsResource.ForwardEnvironmentVariable).ToList(), forwarded,
                "every variable the app model gives the resource is forwarded, and only those");
            CollectionAssert.AreEqual(forwarded.OrderBy(n => n, StringComparer.Ordinal).ToList(), forwarded, "in a stable order");
        }

        [TestMethod]
        public async Task Without_any_environment_the_forwarding_list_is_empty()
        {
            var builder = NewBuilder();
            var functions = builder.AddRustLambdaFunctions("functions", "../Functions/Functions.csproj");
            using var app = builder.Build();
            await StartEventsAsync(app);
            Allocate(functions.Resource, "http", port: 50003, targetPort: 50004);

            var environment = (await ExecutionConfigurationAsync(functions.Resource)).EnvironmentVariables.ToDictionary(v => v.Key, v => v.Value);
            Assert.AreEqual("", environment[RustLambdaFunctionsResource.ForwardEnvironmentVariable]);
        }

        [TestMethod]
        public void Bad_arguments_are_refused_at_the_call()
        {
            var builder = NewBuilder();
            Assert.ThrowsExactly<ArgumentException>(() => builder.AddRustLambdaFunctions("functions", ""));
            Assert.ThrowsExactly<ArgumentNullException>(() => builder.AddRustLambdaFunctions("functions", null!));
            Assert.ThrowsExactly<ArgumentNullException>(() => ((IDistributedApplicationBuilder)null!).AddRustLambdaFunctions("functions", "x.csproj"));
        }

        /// <summary>What DCP does when it starts the resource: an address for the endpoint (the --port argument waits for it).</summary>
        private static void Allocate(IResource resource, string endpointName, int port, int targetPort)
        {
            var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName);
            endpoint.TargetPort = targetPort;
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
        }

        /// <summary>The event the app host publishes before it starts any resource (the orchestrator is not started here).</summary>
        private static Task StartEventsAsync(DistributedApplication app)
        {
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            return app.Services.GetRequiredService<IDistributedApplicationEventing>().PublishAsync(new BeforeStartEvent(app.Services, model));
        }
    }
}
