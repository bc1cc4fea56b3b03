using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace RustLambda.LocalServer.Watching
{
    /// <summary>
    /// Watches the build's own inputs (the list the resolve task computes for the incremental build: Rust sources, Cargo
    /// manifests, lock file, template, samconfig) and the folders holding them, so a new `.rs` file counts too. Files the
    /// build writes itself (obj/, bin/, cargo's target/) are ignored, or every build would trigger the next.
    /// </summary>
    public sealed class InputWatcher : IDisposable
    {
        private static readonly string[] WatchedExtensions = { ".rs", ".toml", ".lock", ".yaml", ".yml", ".json", ".csproj" };

        private readonly List<FileSystemWatcher> _watchers = new();
        private readonly HashSet<string> _inputs;
        private readonly string[] _ignoredRoots;
        private readonly Action<string> _changed;

        public InputWatcher(IEnumerable<string> inputs, IEnumerable<string> ignoredRoots, Action<string> changed)
        {
            _inputs = new HashSet<string>(inputs.Select(Path.GetFullPath), StringComparer.Ordinal);
            _ignoredRoots = ignoredRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)) + Path.DirectorySeparatorChar).ToArray();
            _changed = changed;
            foreach (var directory in _inputs.Select(Path.GetDirectoryName).Where(d => d != null && Directory.Exists(d)).Distinct(StringComparer.Ordinal))
            {
                var watcher = new FileSystemWatcher(directory!) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
                watcher.Changed += (_, e) => Consider(e.FullPath);
                watcher.Created += (_, e) => Consider(e.FullPath);
                watcher.Deleted += (_, e) => Consider(e.FullPath);
                watcher.Renamed += (_, e) =>
                {
                    Consider(e.OldFullPath);
                    Consider(e.FullPath);
                };
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
        }

        public int WatchedDirectories => _watchers.Count;

        public bool IsInput(string path)
        {
            string full = Path.GetFullPath(path);
            if (_ignoredRoots.Any(root => full.StartsWith(root, StringComparison.Ordinal)))
            {
                return false;
            }
            return _inputs.Contains(full) || WatchedExtensions.Contains(Path.GetExtension(full), StringComparer.OrdinalIgnoreCase);
        }

        private void Consider(string path)
        {
            if (IsInput(path))
            {
                _changed(path);
            }
        }

        public void Dispose()
        {
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }
            _watchers.Clear();
        }
    }
}
