using System;
using System.Collections.Generic;
using System.IO;
using RustLambda.Hosting;

namespace RustLambda.Testing
{
    /// <summary>
    /// How a <see cref="RustLambdaFunction"/> is configured: the same settings a function has in its
    /// SAM/CloudFormation template (name, handler, memory, timeout, architecture, environment), plus a few
    /// local ones (where logs go, how long init may take).
    /// </summary>
    public sealed class RustLambdaFunctionOptions
    {
        /// <summary>The function's name, given to it as <c>AWS_LAMBDA_FUNCTION_NAME</c> and used in its ARN and log group. Default <c>function</c>.</summary>
        public string FunctionName { get; set; } = "function";

        /// <summary>The template's <c>Handler</c>, given to the function as <c>_HANDLER</c>. Default <c>bootstrap</c>.</summary>
        public string Handler { get; set; } = "bootstrap";

        /// <summary>
        /// The template's <c>MemorySize</c> in MB, given to the function as <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>.
        /// Default 128. It is reported only: the process's memory is not limited.
        /// </summary>
        public int MemorySizeMb { get; set; } = 128;

        /// <summary>
        /// The template's <c>Timeout</c>: how long one invocation may run before it fails with
        /// <see cref="InvocationFailureKind.Timeout"/> and the process is stopped. Default 3 seconds, Lambda's default.
        /// </summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>
        /// How long the runtime may take from its start to its first request for an event
        /// (<c>GET /runtime/invocation/next</c>). Default 10 seconds, Lambda's init limit.
        /// </summary>
        public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The template's <c>Architectures</c> entry: <c>x86_64</c> (default) or <c>arm64</c>. On a Linux host of the other
        /// architecture the function runs through QEMU user-mode emulation (see <see cref="QemuPath"/>);
        /// <see cref="RustLambda.Testing.RustLambdaFunction.StartAsync"/> refuses with a <see cref="NotSupportedException"/> saying how
        /// to install QEMU where none is found, and refuses a bootstrap built for the other architecture.
        /// </summary>
        public string Architecture { get; set; } = "x86_64";

        /// <summary>
        /// The template's <c>Environment.Variables</c>. Keys that Lambda reserves (such as <c>AWS_REGION</c> or
        /// <c>_HANDLER</c>) are refused as Lambda refuses them, except the credential variables
        /// (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), which Lambda takes from the
        /// execution role and which a local run has to be given.
        /// </summary>
        public IDictionary<string, string> EnvironmentVariables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The region, given to the function as <c>AWS_REGION</c> and <c>AWS_DEFAULT_REGION</c> and used in its ARN. Default <c>us-east-1</c>.</summary>
        public string Region { get; set; } = "us-east-1";

        /// <summary>
        /// Where the function's stdout and stderr lines go as they are written (Lambda sends them to CloudWatch Logs),
        /// together with Lambda-style <c>START</c>, <c>END</c> and <c>REPORT</c> lines around each invocation.
        /// Calls to it are serialized. <see langword="null"/> (default): the lines are only kept in
        /// <see cref="InvocationResult.Log"/>.
        /// </summary>
        public TextWriter? Log { get; set; }

        /// <summary>
        /// When <see langword="false"/> (default) the function gets only the environment Lambda gives it plus
        /// <see cref="EnvironmentVariables"/>, as in Lambda. When <see langword="true"/> it also inherits this process's
        /// environment (for example AWS credentials or proxy settings); Lambda's variables win over inherited ones.
        /// </summary>
        public bool InheritEnvironment { get; set; }

        /// <summary>
        /// The QEMU user-mode emulator that runs a function of the other architecture (a path, or a name on PATH); overrides
        /// the <c>RUSTLAMBDA_QEMU</c> environment variable. <see langword="null"/> (default): a binfmt_misc handler, else
        /// <c>qemu-aarch64-static</c> / <c>qemu-aarch64</c> (or the x86_64 ones) found on PATH.
        /// </summary>
        public string? QemuPath { get; set; }

        /// <summary>
        /// Under QEMU emulation, <see cref="InitTimeout"/> and <see cref="Timeout"/> are multiplied by this (emulated code
        /// runs several times slower); timeout messages say so. Default 5; 1 keeps Lambda's limits exactly.
        /// </summary>
        public double EmulationTimeoutFactor { get; set; } = FunctionPoolOptions.DefaultEmulationTimeoutFactor;

        /// <summary>
        /// Checks every setting against Lambda's rules (the same rules as <see cref="LambdaFunctionDefinition.Validate"/>)
        /// and normalises <see cref="Architecture"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A setting is invalid; the message names it and the rule.</exception>
        public void Validate()
        {
            var definition = ToDefinition("bootstrap");
            definition.Validate();
            ToPoolOptions().Validate();
            Architecture = definition.Architecture;
        }

        internal LambdaFunctionDefinition ToDefinition(string artifactPath)
        {
            var definition = new LambdaFunctionDefinition
            {
                FunctionName = FunctionName,
                BootstrapPath = artifactPath,
                Handler = Handler,
                MemorySizeMb = MemorySizeMb,
                Timeout = Timeout,
                Architecture = Architecture,
                Region = Region,
                InheritEnvironment = InheritEnvironment,
            };
            foreach (var pair in EnvironmentVariables)
            {
                definition.Environment[pair.Key] = pair.Value;
            }
            return definition;
        }

        internal FunctionPoolOptions ToPoolOptions() => new FunctionPoolOptions
        {
            // One instance, invocations one at a time: what a test of one function expects.
            MaxInstances = 1,
            InitTimeout = InitTimeout,
            EmulationTimeoutFactor = EmulationTimeoutFactor,
            QemuPath = QemuPath,
            LogSink = Log == null ? null : new TextWriterLogSink(Log),
        };

        internal RustLambdaFunctionOptions Snapshot()
        {
            var copy = new RustLambdaFunctionOptions
            {
                FunctionName = FunctionName,
                Handler = Handler,
                MemorySizeMb = MemorySizeMb,
                Timeout = Timeout,
                InitTimeout = InitTimeout,
                Architecture = Architecture,
                Region = Region,
                Log = Log,
                InheritEnvironment = InheritEnvironment,
                QemuPath = QemuPath,
                EmulationTimeoutFactor = EmulationTimeoutFactor,
            };
            foreach (var pair in EnvironmentVariables)
            {
                copy.EnvironmentVariables[pair.Key] = pair.Value;
            }
            return copy;
        }
    }
}
