using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Serving;
using RustLambda.LocalServer.Cli;
using RustLambda.LocalServer.Functions;
using RustLambda.LocalServer.Invoke;
using RustLambda.LocalServer.Watching;

namespace RustLambda.LocalServer.Serving
{
    /// <summary>
    /// The server's life: read the manifest the build wrote, start Kestrel, print the routes and `Listening on ...`, rebuild
    /// on save, and on Ctrl+C (or SIGTERM) stop listening, let Event invocations finish and stop every function process.
    /// </summary>
    public sealed class LocalServerHost
    {
        private readonly ServerOptions _options;
        private readonly ConsoleOutput _console;
        private readonly Func<string, string?> _getVariable;
        private volatile ServedApplication? _application;
        private FunctionEnvironment? _environment;
        private string _region = "us-east-1";

        public LocalServerHost(ServerOptions options, ConsoleOutput console, Func<string, string?>? getVariable = null)
        {
            _options = options;
            _console = console;
            _getVariable = getVariable ?? Environment.GetEnvironmentVariable;
        }

        public async Task<int> RunAsync(CancellationToken ct)
        {
            LocalServerManifest manifest;
            try
            {
                manifest = LocalServerManifestFile.Read(_options.ManifestPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Text.Json.JsonException)
            {
                _console.Line($"{_options.ManifestPath}: error {DiagnosticCodes.ServerManifestUnreadable}: the local server's manifest cannot be read ({ex.Message}). It is written by `dotnet build` of {Path.GetFileName(_options.ProjectPath)}; start the server with `dotnet run` in the project folder, which builds first.");
                return 1;
            }
            try
            {
                _environment = FunctionEnvironment.Load(_getVariable, _options.EnvVarsFile);
            }
            catch (InvalidDataException ex)
            {
                _console.Line(ex.Message);
                return 1;
            }
            _region = FunctionEnvironment.Region(_getVariable);

            await using var fleet = new FunctionFleet(_options.MaxInstances, _console.ForFunction);
            fleet.ReplaceFailed += message => _console.Diagnostic("warning", DiagnosticCodes.RebuildFailed, message);
            await fleet.ApplyAsync(SettingsOf(manifest)).ConfigureAwait(false);
            foreach (var id in fleet.FunctionIds)
            {
                if (fleet.Pool(id)?.StartFailure is { } failure)
                {
                    _console.Line($"warning: {id} cannot be started here and answers every invocation with an init error: {failure}");
                }
            }
            _application = new ServedApplication(manifest);

            var gate = new RebuildGate();
            var invokeApi = new InvokeApi(fleet, _region);
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "RustLambda.LocalServer", ContentRootPath = Path.GetDirectoryName(_options.ProjectPath) });
            builder.Logging.ClearProviders();
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // Bodies over Lambda's 6 MB are answered 413 by the dispatcher, which reads no further than the limit.
                kestrel.Limits.MaxRequestBodySize = null;
                if (_options.Host == "localhost")
                {
                    kestrel.ListenLocalhost(_options.Port);
                }
                else
                {
                    kestrel.Listen(IPAddress.Parse(_options.Host), _options.Port);
                }
            });
            await using var app = builder.Build();
            var dispatcher = new RequestDispatcher(() => _application!, fleet, invokeApi, gate, _console, stopping.Token);
            app.Run(dispatcher.HandleAsync);

            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex) when (IsAddressInUse(ex))
            {
                _console.Line($"error {DiagnosticCodes.PortInUse}: port {_options.Port} on {_options.Host} is already in use, so the local server cannot listen there. Stop what uses it, or pick another port: `dotnet run -- --port {(_options.Port == 65535 ? 3001 : _options.Port + 1)}`.");
                return 1;
            }

            int port = ActualPort(app) ?? _options.Port;
            string baseUrl = $"http://{(_options.Host.Contains(':') ? $"[{_options.Host}]" : _options.Host)}:{port}";
            _console.Line($"Serving {Path.GetFileName(_options.ProjectPath)} ({manifest.Functions.Count} function{(manifest.Functions.Count == 1 ? "" : "s")}, up to {_options.MaxInstances} warm instance{(_options.MaxInstances == 1 ? "" : "s")} each):");
            foreach (var line in _application.Describe(baseUrl))
            {
                _console.Line(line);
            }

            RebuildLoop? rebuild = null;
            if (_options.Watch)
            {
                var rebuilder = new ProjectRebuilder(_options.ProjectPath, _options.Configuration, _console.Line);
                rebuild = new RebuildLoop(_options.ManifestPath, Path.GetDirectoryName(_options.ProjectPath)!, rebuilder, gate, _console, async next =>
                {
                    var replaced = await fleet.ApplyAsync(SettingsOf(next)).ConfigureAwait(false);
                    var before = _application!;
                    _application = new ServedApplication(next);
                    if (replaced.Count > 0)
                    {
                        _console.Line($"Reloaded {string.Join(", ", replaced)}.");
                    }
                    var lines = _application.Describe(baseUrl).ToList();
                    if (!lines.SequenceEqual(before.Describe(baseUrl)))
                    {
                        _console.Line("Routes remounted:");
                        lines.ForEach(_console.Line);
                    }
                });
                rebuild.Start(manifest);
            }

            _console.Line($"Listening on {baseUrl}");
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            try
            {
                await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping).Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _console.Line("Stopping: ending every function process...");
            if (rebuild != null)
            {
                await rebuild.DisposeAsync().ConfigureAwait(false);
            }
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAny(invokeApi.DrainAsync(), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            stopping.Cancel();
            await fleet.DisposeAsync().ConfigureAwait(false);
            _console.Line("Stopped.");
            return 0;
        }

        private IReadOnlyList<FunctionSettings> SettingsOf(LocalServerManifest manifest) =>
            manifest.Functions.Select(f => new FunctionSettings(f, _environment!.For(f), _region, Stamp(f.BootstrapPath))).ToList();

        private static string Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "missing";
        }

        private static int? ActualPort(WebApplication app)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.FirstOrDefault();
            return first != null && Uri.TryCreate(first.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri) ? uri.Port : null;
        }

        private static bool IsAddressInUse(Exception ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e.GetType().Name == "AddressInUseException" || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
