// The Rust functions' local server as a resource, and a .NET web API that calls them through WithReference.
var builder = DistributedApplication.CreateBuilder(args);

var functions = builder.AddRustLambdaFunctions("functions", "../Functions/Functions.csproj")
    .WithEnvironment("GREETING", "Hello from the app host")
    .WithEnvironment("CALLER", "webapi");

builder.AddProject<Projects.WebApi>("webapi")
    .WithReference(functions)
    .WaitFor(functions)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
