using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using RustLambda.Build.Model;
using RustLambda.Hosting.Processes;

namespace RustLambda.Hosting
{
    /// <summary>
    /// One Lambda function as its template describes it: what to run (a <c>bootstrap.zip</c> or a <c>bootstrap</c>) and
    /// the settings Lambda gives it (name, handler, memory, timeout, architecture, environment, region).
    /// </summary>
    public sealed class LambdaFunctionDefinition
    {
        private static readonly Regex FunctionNamePattern = new Regex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

        /// <summary>The template's logical id (for log prefixes and messages). Default: <see cref="FunctionName"/>.</summary>
        public string? LogicalId { get; set; }

        /// <summary>The function's name, given to it as <c>AWS_LAMBDA_FUNCTION_NAME</c> and used in its ARN and log group. Default <c>function</c>.</summary>
        public string FunctionName { get; set; } = "function";

        /// <summary>The function's <c>bootstrap.zip</c>, its <c>bootstrap</c> executable, or a folder holding <c>bootstrap</c>.</summary>
        public string BootstrapPath { get; set; } = string.Empty;

        /// <summary>The template's <c>Architectures</c> entry: <c>x86_64</c> (default) or <c>arm64</c>.</summary>
        public string Architecture { get; set; } = "x86_64";

        /// <summary>The template's <c>Handler</c>, given to the function as <c>_HANDLER</c>. Default <c>bootstrap</c>.</summary>
        public string Handler { get; set; } = "bootstrap";

        /// <summary>The template's <c>MemorySize</c> in MB (128 to 10240), given as <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>; reported, not enforced. Default 128.</summary>
        public int MemorySizeMb { get; set; } = 128;

        /// <summary>The template's <c>Timeout</c> for one invocation (at most 900 s). Default 3 seconds, Lambda's default.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>
        /// The template's <c>Environment.Variables</c>. Keys Lambda reserves (<c>AWS_REGION</c>, <c>_HANDLER</c>, ...) are
        /// refused as Lambda refuses them; the credential variables are allowed (a local run has no execution role).
        /// </summary>
        public IDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The region, given as <c>AWS_REGION</c> and <c>AWS_DEFAULT_REGION</c> and used in the ARN. Default <c>us-east-1</c>.</summary>
        public string Region { get; set; } = "us-east-1";

        /// <summary>
        /// <see langword="false"/> (default): the function gets only Lambda's environment plus <see cref="Environment"/>.
        /// <see langword="true"/>: it also inherits this process's environment; Lambda's variables win.
        /// </summary>
        public bool InheritEnvironment { get; set; }

        /// <summary>The name messages and logs use: <see cref="LogicalId"/>, or <see cref="FunctionName"/>.</summary>
        public string DisplayName => string.IsNullOrEmpty(LogicalId) ? FunctionName : LogicalId!;

        /// <summary>A copy, so that later changes by the caller do not reach running instances.</summary>
        public LambdaFunctionDefinition Clone()
        {
            var copy = (LambdaFunctionDefinition)MemberwiseClone();
            copy.Environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
            return copy;
        }

        /// <summary>
        /// Checks every setting against Lambda's rules and normalises <see cref="Architecture"/> (trimmed, lower case).
        /// </summary>
        /// <exception cref="ArgumentException">A setting is invalid; the message names it and the rule.</exception>
        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(BootstrapPath))
            {
                throw new ArgumentException("The path of the function's bootstrap.zip or bootstrap is empty.", nameof(BootstrapPath));
            }
            if (FunctionName == null || !FunctionNamePattern.IsMatch(FunctionName))
            {
                throw new ArgumentException($"FunctionName '{FunctionName}' is not a valid Lambda function name: 1 to 64 letters, digits, hyphens or underscores.", nameof(FunctionName));
            }
            if (string.IsNullOrEmpty(Handler) || Handler.Any(char.IsWhiteSpace) || Handler.Length > 128)
            {
                throw new ArgumentException($"Handler '{Handler}' is not a valid Lambda handler: 1 to 128 characters, no whitespace.", nameof(Handler));
            }
            if (MemorySizeMb < 128 || MemorySizeMb > 10240)
            {
                throw new ArgumentException($"MemorySizeMb {MemorySizeMb} is outside Lambda's range of 128 to 10240 MB.", nameof(MemorySizeMb));
            }
            if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(900))
            {
                throw new ArgumentException($"Timeout {Timeout} must be more than zero and at most 900 seconds, Lambda's maximum.", nameof(Timeout));
            }
            if (string.IsNullOrEmpty(Region) || Region.Any(c => char.IsWhiteSpace(c) || c == ':'))
            {
                throw new ArgumentException($"Region '{Region}' is not a valid region name.", nameof(Region));
            }
            string architecture = (Architecture ?? string.Empty).Trim().ToLowerInvariant();
            if (LambdaArchitectures.Find(architecture) == null)
            {
                throw new ArgumentException($"Architecture '{Architecture}' is not one Lambda supports: use {string.Join(" or ", LambdaArchitectures.Names.Select(n => "\"" + n + "\""))}.", nameof(Architecture));
            }
            Architecture = architecture;
            LambdaEnvironment.ValidateUserVariables(Environment);
        }
    }
}
