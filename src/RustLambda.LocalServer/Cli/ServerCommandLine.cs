using System;
using System.CommandLine;
using System.IO;

namespace RustLambda.LocalServer.Cli
{
    /// <summary>
    /// The server's command line. Sdk.targets passes --project, --manifest and --configuration; `dotnet run -- ...` adds the
    /// user's --port, --host, --env-vars (SAM's names and meaning).
    /// </summary>
    public static class ServerCommandLine
    {
        public static readonly Option<string> Project = new("--project") { Description = "The functions project (.csproj) to serve.", Required = true };
        public static readonly Option<string?> Manifest = new("--manifest") { Description = "The manifest the build wrote (obj/<Configuration>/rustlambda/server.json)." };
        public static readonly Option<string> Configuration = new("--configuration", "-c") { Description = "The build configuration.", DefaultValueFactory = _ => "Debug" };
        public static readonly Option<int> Port = new("--port") { Description = "The port to listen on (SAM's default, 3000).", DefaultValueFactory = _ => ServerOptions.DefaultPort };
        public static readonly Option<string> Host = new("--host") { Description = "The address to listen on.", DefaultValueFactory = _ => ServerOptions.DefaultHost };
        public static readonly Option<string?> EnvVars = new("--env-vars", "-n") { Description = "SAM's env-vars JSON: {\"LogicalId\": {\"NAME\": \"value\"}, \"Parameters\": {\"NAME\": \"value\"}}." };
        public static readonly Option<int> MaxInstances = new("--max-instances") { Description = "Warm processes per function at most (default 10); further concurrent requests wait.", DefaultValueFactory = _ => FunctionLimits.DefaultMaxInstances };
        public static readonly Option<bool> NoWatch = new("--no-watch") { Description = "Do not rebuild when a source, manifest or the template changes." };

        public static RootCommand Create(Func<ServerOptions, System.Threading.CancellationToken, System.Threading.Tasks.Task<int>> run)
        {
            var root = new RootCommand("Serves a RustLambda.Sdk project's template locally: API Gateway REST and HTTP APIs, Function URLs and the Lambda Invoke API.")
            {
                Project, Manifest, Configuration, Port, Host, EnvVars, MaxInstances, NoWatch,
            };
            Port.Validators.Add(result =>
            {
                int port = result.GetValueOrDefault<int>();
                if (port < 0 || port > 65535)
                {
                    result.AddError($"--port must be 0-65535 (0 picks a free port), not {port}.");
                }
            });
            MaxInstances.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError("--max-instances must be at least 1.");
                }
            });
            root.SetAction((parse, ct) => run(ToOptions(parse), ct));
            return root;
        }

        public static ServerOptions ToOptions(ParseResult parse)
        {
            string project = Path.GetFullPath(parse.GetValue(Project)!);
            string configuration = parse.GetValue(Configuration) ?? "Debug";
            return new ServerOptions
            {
                ProjectPath = project,
                Configuration = configuration,
                ManifestPath = parse.GetValue(Manifest) is { Length: > 0 } manifest
                    ? Path.GetFullPath(manifest)
                    : Path.Combine(Path.GetDirectoryName(project)!, "obj", configuration, "rustlambda", Build.Serving.LocalServerManifest.FileName),
                Port = parse.GetValue(Port),
                Host = parse.GetValue(Host) ?? ServerOptions.DefaultHost,
                EnvVarsFile = parse.GetValue(EnvVars),
                MaxInstances = parse.GetValue(MaxInstances),
                Watch = !parse.GetValue(NoWatch),
            };
        }
    }
}
