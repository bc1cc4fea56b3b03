using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// The record of every file the builds of a project wrote outside obj/ (the zips, wherever RustLambdaOutputDir put them,
    /// and the SAM layout), with the stamp each had when written, and the folders the builds created. Clean deletes exactly
    /// these, and only while they still hold what was written: a file the user replaced or edited is kept (and said so), and
    /// nothing the build did not write is ever touched. A build also deletes what an earlier build of the same owner wrote
    /// and this one no longer does (a renamed function's zip and SAM folder, a former RustLambdaOutputDir).
    /// One line per entry: `file|dir \t owner \t path [\t stamp]`.
    /// </summary>
    public sealed class WrittenFiles
    {
        private readonly string _recordPath;
        private readonly List<Entry> _entries;

        private WrittenFiles(string recordPath, List<Entry> entries)
        {
            _recordPath = recordPath;
            _entries = entries;
        }

        private sealed class Entry
        {
            public string Kind = "file";
            public string Owner = "";
            public string Path = "";
            public FileStamp? Stamp;

            public override string ToString() => Kind + "\t" + Owner + "\t" + Path + (Stamp != null ? "\t" + Stamp : "");
        }

        public IEnumerable<string> Files(string owner) => _entries.Where(e => e.Kind == "file" && e.Owner == owner).Select(e => e.Path);

        public static WrittenFiles Load(string recordPath)
        {
            var entries = new List<Entry>();
            try
            {
                if (File.Exists(recordPath))
                {
                    foreach (var line in File.ReadAllLines(recordPath))
                    {
                        var parts = line.Split('\t');
                        if (parts.Length >= 3 && (parts[0] == "file" || parts[0] == "dir") && System.IO.Path.IsPathRooted(parts[2]))
                        {
                            entries.Add(new Entry { Kind = parts[0], Owner = parts[1], Path = parts[2], Stamp = parts.Length > 3 ? FileStamp.Parse(parts[3]) : null });
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Unreadable means nothing is known to be ours: nothing will be deleted.
            }
            return new WrittenFiles(recordPath, entries);
        }

        /// <summary>
        /// Notes the folders that do not exist yet on the way to <paramref name="folder"/>, before a build creates them, so
        /// clean removes them again once empty (and never a folder the user had).
        /// </summary>
        public void NoteCreatedFolders(string owner, string folder)
        {
            var missing = new List<string>();
            for (var current = new DirectoryInfo(System.IO.Path.GetFullPath(folder)); current != null && !current.Exists; current = current.Parent)
            {
                missing.Add(current.FullName.TrimEnd(System.IO.Path.DirectorySeparatorChar));
            }
            foreach (var path in missing.Where(p => !_entries.Any(e => e.Kind == "dir" && e.Path == p)))
            {
                _entries.Add(new Entry { Kind = "dir", Owner = owner, Path = path });
            }
        }

        /// <summary>
        /// Records what <paramref name="owner"/> wrote this time, and deletes what it wrote before and no longer writes (while
        /// unchanged). Returns the stale files deleted and those kept because they were changed.
        /// </summary>
        public (List<string> Deleted, List<string> Kept) Update(string owner, IEnumerable<string> writtenNow) =>
            Update(owner, writtenNow.Select(path => (path, (FileStamp?)null)));

        /// <param name="writtenNow">Each file with the stamp its writer just took, if it has one: while the file's size and time
        /// still match it, the record takes it instead of hashing the file again.</param>
        public (List<string> Deleted, List<string> Kept) Update(string owner, IEnumerable<(string Path, FileStamp? Known)> writtenNow)
        {
            var known = new Dictionary<string, FileStamp?>(StringComparer.Ordinal);
            foreach (var (path, stamp) in writtenNow)
            {
                known[System.IO.Path.GetFullPath(path)] = stamp;
            }
            var now = new HashSet<string>(known.Keys, StringComparer.Ordinal);
            var deleted = new List<string>();
            var kept = new List<string>();
            foreach (var stale in _entries.Where(e => e.Kind == "file" && e.Owner == owner && !now.Contains(e.Path)).ToList())
            {
                // Another owner (configuration) may still write the same file (a SAM layout or a shared output folder).
                if (_entries.Any(e => e != stale && e.Kind == "file" && e.Path == stale.Path))
                {
                    _entries.Remove(stale);
                    continue;
                }
                (DeleteIfUnchanged(stale) ? deleted : kept).Add(stale.Path);
                _entries.Remove(stale);
            }
            foreach (var path in now)
            {
                var entry = _entries.FirstOrDefault(e => e.Kind == "file" && e.Owner == owner && e.Path == path);
                if (entry == null)
                {
                    entry = new Entry { Owner = owner, Path = path };
                    _entries.Add(entry);
                }
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    _entries.Remove(entry);
                }
                else if (entry.Stamp == null || !entry.Stamp.SizeAndTimeMatch(info))
                {
                    entry.Stamp = known[path] is { } stamp && stamp.SizeAndTimeMatch(info) ? stamp : FileStamp.Take(path);
                }
            }
            RemoveEmptyFolders(deleted);
            return (deleted, kept);
        }

        /// <summary>Deletes every file recorded for the owners (while unchanged), our temps beside them, and the folders we created once empty.</summary>
        public (List<string> Deleted, List<string> Kept) Clean(ICollection<string> owners)
        {
            var deleted = new List<string>();
            var kept = new List<string>();
            // Temps a killed build left beside our files go first (also where .NET's clean already deleted the file itself).
            foreach (var folder in _entries.Where(e => e.Kind == "file" && owners.Contains(e.Owner)).Select(e => System.IO.Path.GetDirectoryName(e.Path)).Distinct(StringComparer.Ordinal))
            {
                TemporaryFiles.Sweep(folder!);
            }
            foreach (var entry in _entries.Where(e => e.Kind == "file" && owners.Contains(e.Owner)).ToList())
            {
                if (!File.Exists(entry.Path))
                {
                    // Already gone (.NET's clean deletes the zips it knows): its folder may still be ours to remove.
                    deleted.Add(entry.Path);
                    _entries.Remove(entry);
                    continue;
                }
                // The same file may be recorded by two owners; it is deleted (or kept) once.
                if (!deleted.Contains(entry.Path) && !kept.Contains(entry.Path))
                {
                    (DeleteIfUnchanged(entry) ? deleted : kept).Add(entry.Path);
                }
                _entries.Remove(entry);
            }
            RemoveEmptyFolders(deleted);
            return (deleted, kept);
        }

        public void Save() => AtomicFile.WriteTextIfChanged(_recordPath, string.Concat(_entries.Select(e => e + "\n")));

        private static bool DeleteIfUnchanged(Entry entry)
        {
            var info = new FileInfo(entry.Path);
            if (!info.Exists)
            {
                return true;
            }
            bool unchanged = entry.Stamp != null && (entry.Stamp.SizeAndTimeMatch(info) || (info.Length == entry.Stamp.Size && ContentHash.Of(entry.Path) == entry.Stamp.Hash));
            if (!unchanged)
            {
                return false;
            }
            File.Delete(entry.Path);
            return true;
        }

        /// <summary>A function's own folder (&lt;OutputDir&gt;/&lt;Id&gt;, &lt;SamBuildDir&gt;/&lt;Id&gt;) goes once empty; other folders only if we created them.</summary>
        private void RemoveEmptyFolders(IEnumerable<string> deletedFiles)
        {
            var created = new HashSet<string>(_entries.Where(e => e.Kind == "dir").Select(e => e.Path), StringComparer.Ordinal);
            var candidates = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var file in deletedFiles)
            {
                string? folder = System.IO.Path.GetDirectoryName(file);
                if (folder != null)
                {
                    candidates.Add(folder);
                }
            }
            foreach (var dir in created)
            {
                candidates.Add(dir);
            }
            // Deepest first, so a parent is tried after its children are gone.
            foreach (var folder in candidates.OrderByDescending(f => f.Length))
            {
                bool ownFunctionFolder = deletedFiles.Any(f => string.Equals(System.IO.Path.GetDirectoryName(f), folder, StringComparison.Ordinal));
                if ((ownFunctionFolder || created.Contains(folder)) && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    try
                    {
                        Directory.Delete(folder);
                        _entries.RemoveAll(e => e.Kind == "dir" && e.Path == folder);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        // Still in use or not ours to remove: leaving an empty folder is harmless.
                    }
                }
            }
        }
    }
}
