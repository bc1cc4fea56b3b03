using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RustLambda.LocalServer.Watching
{
    /// <summary>
    /// Rebuilds the functions project through the SDK's own targets (`dotnet build`, the very build `dotnet run` did), so the
    /// server never has a build system of its own. Errors stream to the console as MSBuild prints them
    /// (`src/main.rs(4,5): error E0308: ...`). MSBuild's node reuse is off so no build process outlives the server.
    /// </summary>
    public sealed class ProjectRebuilder : IProjectBuilder
    {
        private readonly string _projectPath;
        private readonly string _configuration;
        private readonly Action<string> _output;

        public ProjectRebuilder(string projectPath, string configuration, Action<string> output)
        {
            _projectPath = projectPath;
            _configuration = configuration;
            _output = output;
        }

        /// <summary>The `dotnet` that runs this server (it was started with `dotnet exec`), else the one on PATH.</summary>
        public static string DotnetHost()
        {
            string? process = Environment.ProcessPath;
            if (process != null && Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                return process;
            }
            return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        }

        public IReadOnlyList<string> Arguments => new[]
        {
            "build", _projectPath, "-c", _configuration, "-nologo", "-v:q", "-clp:NoSummary", "-nodeReuse:false",
        };

        public string Description => "dotnet build";

        /// <summary>A `dotnet build` process reports no phases here.</summary>
        public string? LastProfile => null;

        public Task<bool> BuildAsync(IReadOnlyCollection<string> changed, CancellationToken ct) => BuildAsync(ct);

        /// <returns>True when the build succeeded.</returns>
        public async Task<bool> BuildAsync(CancellationToken ct)
        {
            lock (_printed)
            {
                _printed.Clear();
            }
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(_projectPath)!,
            };
            foreach (var argument in Arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Forward(e.Data);
            process.ErrorDataReceived += (_, e) => Forward(e.Data);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
                throw;
            }
            process.WaitForExit();
            return process.ExitCode == 0;
        }

        private readonly HashSet<string> _printed = new(StringComparer.Ordinal);

        /// <summary>
        /// Prints each error and warning once, as `file(line,col): error CODE: message`; MSBuild's summary repeats them and
        /// the project suffix (` [Functions.csproj]`) says nothing here, where one project is built.
        /// </summary>
        private void Forward(string? line)
        {
            if (string.IsNullOrWhiteSpace(line) || !IsDiagnostic(line))
            {
                return;
            }
            string text = line.TrimEnd();
            int suffix = text.LastIndexOf(" [", StringComparison.Ordinal);
            if (suffix > 0 && text.EndsWith("]", StringComparison.Ordinal))
            {
                text = text.Substring(0, suffix);
            }
            lock (_printed)
            {
                if (!_printed.Add(text))
                {
                    return;
                }
            }
            _output(text);
        }

        internal static bool IsDiagnostic(string line) =>
            line.Contains(": error ", StringComparison.Ordinal) || line.Contains(": warning ", StringComparison.Ordinal)
            || line.StartsWith("error ", StringComparison.Ordinal) || line.StartsWith("warning ", StringComparison.Ordinal)
            || line.Contains("error MSB", StringComparison.Ordinal);
    }
}
