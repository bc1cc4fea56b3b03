using System;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Serving;
using RustLambda.LocalServer.Serving;

namespace RustLambda.LocalServer.Watching
{
    /// <summary>
    /// Rebuild on save: a change to a build input closes the <see cref="RebuildGate"/> (requests wait), rebuilds through the
    /// SDK, and hands the new manifest to <c>apply</c> (which replaces only changed functions' processes and remounts the
    /// routes). A failed build keeps the last good binaries serving and says so (RL0104). Changes during a build coalesce
    /// into one more build.
    /// </summary>
    public sealed class RebuildLoop : IAsyncDisposable
    {
        // Long enough to take an editor's write-then-rename (or truncate-then-write) as one change; a change that still
        // arrives during the build coalesces into one more build, so a shorter wait never loses a save.
        private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(15);

        private readonly string _manifestPath;
        private readonly string _projectDirectory;
        private readonly IProjectBuilder _rebuilder;
        private readonly RebuildGate _gate;
        private readonly ConsoleOutput _console;
        private readonly Func<LocalServerManifest, Task> _apply;
        private readonly Channel<string> _changes = Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource _stop = new();
        private InputWatcher? _watcher;
        private Task? _loop;

        public RebuildLoop(string manifestPath, string projectDirectory, IProjectBuilder rebuilder, RebuildGate gate, ConsoleOutput console, Func<LocalServerManifest, Task> apply)
        {
            _manifestPath = manifestPath;
            _projectDirectory = projectDirectory;
            _rebuilder = rebuilder;
            _gate = gate;
            _console = console;
            _apply = apply;
        }

        /// <summary>Builds finished so far (for tests and the benchmark).</summary>
        public int BuildCount { get; private set; }

        public void Start(LocalServerManifest manifest)
        {
            Watch(manifest);
            _loop = Task.Run(RunAsync);
        }

        private void Watch(LocalServerManifest manifest)
        {
            _watcher?.Dispose();
            var inputs = new System.Collections.Generic.List<string>(manifest.InputFiles) { manifest.ProjectPath };
            if (manifest.TemplatePath.Length > 0)
            {
                inputs.Add(manifest.TemplatePath);
            }
            var ignored = new[] { Path.Combine(_projectDirectory, "obj"), Path.Combine(_projectDirectory, "bin"), Path.Combine(_projectDirectory, ".aws-sam") };
            _watcher = new InputWatcher(inputs, ignored, path => _changes.Writer.TryWrite(path));
        }

        private async Task RunAsync()
        {
            var ct = _stop.Token;
            try
            {
                while (await _changes.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                {
                    await Task.Delay(Debounce, ct).ConfigureAwait(false);
                    var changes = new HashSet<string>(StringComparer.Ordinal);
                    while (_changes.Reader.TryRead(out var changed))
                    {
                        changes.Add(changed);
                    }
                    string first = changes.First();
                    _gate.Close();
                    try
                    {
                        _console.Line($"Change in {Path.GetRelativePath(_projectDirectory, first)}: rebuilding...");
                        var watch = Stopwatch.StartNew();
                        bool ok = await _rebuilder.BuildAsync(changes, ct).ConfigureAwait(false);
                        long built = watch.ElapsedMilliseconds;
                        BuildCount++;
                        if (!ok)
                        {
                            _console.Diagnostic("warning", DiagnosticCodes.RebuildFailed, $"The rebuild failed (errors above); the last good build keeps serving. Fix the error and save again. ({watch.ElapsedMilliseconds} ms)");
                            continue;
                        }
                        LocalServerManifest manifest;
                        try
                        {
                            manifest = LocalServerManifestFile.Read(_manifestPath);
                        }
                        catch (Exception ex) when (ex is IOException || ex is System.Text.Json.JsonException || ex is UnauthorizedAccessException)
                        {
                            _console.Diagnostic("warning", DiagnosticCodes.ServerManifestUnreadable, $"{_manifestPath}: the rebuilt manifest cannot be read ({ex.Message}); the last good build keeps serving.");
                            continue;
                        }
                        await _apply(manifest).ConfigureAwait(false);
                        Watch(manifest);
                        _console.Line(_rebuilder.LastProfile is { } profile
                            ? $"Rebuilt in {watch.ElapsedMilliseconds} ms ({profile}; apply {watch.ElapsedMilliseconds - built} ms)."
                            : $"Rebuilt in {watch.ElapsedMilliseconds} ms.");
                    }
                    finally
                    {
                        _gate.Open();
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            _watcher?.Dispose();
            _stop.Cancel();
            (_rebuilder as IDisposable)?.Dispose();
            _changes.Writer.TryComplete();
            if (_loop != null)
            {
                try
                {
                    await _loop.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            _gate.Open();
        }
    }
}
