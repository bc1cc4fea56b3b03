namespace RustLambda.LocalServer.Cli
{
    /// <summary>What the command line asked for (see <see cref="ServerCommandLine"/>).</summary>
    public sealed class ServerOptions
    {
        /// <summary>SAM's `sam local start-api` port.</summary>
        public const int DefaultPort = 3000;
        public const string DefaultHost = "127.0.0.1";

        public string ProjectPath { get; set; } = "";
        public string ManifestPath { get; set; } = "";
        public string Configuration { get; set; } = "Debug";
        public string Host { get; set; } = DefaultHost;
        public int Port { get; set; } = DefaultPort;
        public string? EnvVarsFile { get; set; }

        /// <summary>Warm processes per function at most; more concurrent requests wait for one to be free.</summary>
        public int MaxInstances { get; set; } = FunctionLimits.DefaultMaxInstances;

        /// <summary>Rebuild and reload when a build input changes.</summary>
        public bool Watch { get; set; } = true;
    }
}
