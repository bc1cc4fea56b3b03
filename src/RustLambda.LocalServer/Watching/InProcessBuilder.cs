using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;

namespace RustLambda.LocalServer.Watching
{
    /// <summary>
    /// Rebuild on save inside the server: the project's Build target through MSBuild's BuildManager, using the .NET SDK that
    /// `dotnet run` used (found by Microsoft.Build.Locator from the project folder, so global.json applies). The same targets as
    /// `dotnet build`, minus the new process. Falls back to <see cref="ProjectRebuilder"/> (`dotnet build`) where MSBuild cannot
    /// be loaded, and for a change to the project file itself (which may need a restore).
    /// </summary>
    public sealed class InProcessBuilder : IProjectBuilder, IDisposable
    {
        private readonly string _projectPath;
        private readonly string _configuration;
        private readonly Action<string> _output;
        private readonly ProjectRebuilder _fallback;
        private readonly SemaphoreSlim _one = new(1, 1);

        private InProcessBuilder(string projectPath, string configuration, Action<string> output, ProjectRebuilder fallback, string version)
        {
            _projectPath = projectPath;
            _configuration = configuration;
            _output = output;
            _fallback = fallback;
            Description = $"in-process MSBuild {version}";
        }

        public string Description { get; }

        public string? LastProfile { get; private set; }

        /// <summary>How many times this process evaluated the project (a second rebuild reuses the first's evaluation).</summary>
        public static int Evaluations => MSBuildSession.Evaluations;

        /// <summary>The in-process builder, or `dotnet build` when no MSBuild can be located here.</summary>
        public static IProjectBuilder Create(string projectPath, string configuration, Action<string> output)
        {
            var fallback = new ProjectRebuilder(projectPath, configuration, output);
            if (Environment.GetEnvironmentVariable("RUSTLAMBDA_SERVER_OUT_OF_PROCESS_BUILD") == "1")
            {
                return fallback;
            }
            try
            {
                if (!MSBuildLocator.IsRegistered)
                {
                    var instance = MSBuildLocator.QueryVisualStudioInstances(new VisualStudioInstanceQueryOptions
                    {
                        DiscoveryTypes = DiscoveryType.DotNetSdk,
                        WorkingDirectory = Path.GetDirectoryName(projectPath)!,
                    }).OrderByDescending(i => i.Version).FirstOrDefault();
                    if (instance == null)
                    {
                        return fallback;
                    }
                    MSBuildLocator.RegisterInstance(instance);
                }
                // Tasks that start `dotnet` (and MSBuild's own SDK resolution) look for the host here, as under `dotnet build`.
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")))
                {
                    Environment.SetEnvironmentVariable("DOTNET_HOST_PATH", ProjectRebuilder.DotnetHost());
                }
                var builder = new InProcessBuilder(projectPath, configuration, output, fallback, MSBuildVersion());
                builder.PrepareInBackground();
                return builder;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is IOException || ex is BadImageFormatException || ex is TypeLoadException)
            {
                output($"(in-process builds unavailable: {ex.Message}; rebuilding with dotnet build)");
                return fallback;
            }
        }

        public async Task<bool> BuildAsync(IReadOnlyCollection<string> changed, CancellationToken ct)
        {
            LastProfile = null;
            if (changed.Any(path => path.EndsWith("proj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".targets", StringComparison.OrdinalIgnoreCase)))
            {
                return await _fallback.BuildAsync(ct).ConfigureAwait(false);
            }
            await _one.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                // BuildManager.Build blocks; a thread of its own keeps the server's thread pool free for requests.
                var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                var thread = new Thread(() =>
                {
                    try
                    {
                        var profile = MSBuildSession.Build(_projectPath, _configuration, _output);
                        LastProfile = profile.Summary();
                        done.TrySetResult(profile.Succeeded);
                    }
                    catch (Exception ex)
                    {
                        done.TrySetException(ex);
                    }
                }) { IsBackground = true, Name = "RustLambda rebuild" };
                thread.Start();
                using (ct.Register(MSBuildSession.Cancel))
                {
                    return await done.Task.ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                _output($"(the in-process build failed unexpectedly: {ex.GetType().Name}: {ex.Message}; retrying with dotnet build)");
                return await _fallback.BuildAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                _one.Release();
            }
        }

        /// <summary>
        /// Evaluates the project and runs the (no-op) server build once while the server waits for the first save, so MSBuild,
        /// the evaluation and the SDK's tasks are warm for it. A failure here is left to that first build, which reports it.
        /// </summary>
        private void PrepareInBackground()
        {
            var thread = new Thread(() =>
            {
                try
                {
                    Prepare(_projectPath, _configuration);
                }
                catch (Exception)
                {
                    // The first rebuild evaluates again and prints the problem (or falls back to dotnet build).
                }
            }) { IsBackground = true, Name = "RustLambda evaluation" };
            thread.Start();
        }

        /// <summary>On stop: cancels a build still running (the start-up warm-up included), so MSBuild ends what it started.</summary>
        public void Dispose() => CancelBuilds();

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CancelBuilds() => MSBuildSession.Cancel();

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Prepare(string projectPath, string configuration) => MSBuildSession.Prepare(projectPath, configuration);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string MSBuildVersion() => MSBuildSession.Version;
    }
}
