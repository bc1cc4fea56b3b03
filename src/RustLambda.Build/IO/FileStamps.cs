using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// A persisted table of <see cref="FileStamp"/>s by full path (one `path\tsize ticks hash` line each). It lets a build
    /// tell, mostly without reading the file, whether an output still holds what was written: size and time unchanged means
    /// trusted; otherwise the content is hashed and compared. A truncated zip, or a bootstrap another configuration wrote
    /// over, therefore never passes for the file that was stamped.
    /// </summary>
    public sealed class FileStamps
    {
        private readonly string _path;
        private readonly Dictionary<string, FileStamp> _stamps;
        private readonly Dictionary<string, string> _madeFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        private const string MadeFromMarker = "made-from";
        private bool _changed;

        private FileStamps(string path, Dictionary<string, FileStamp> stamps)
        {
            _path = path;
            _stamps = stamps;
        }

        public static FileStamps Load(string path)
        {
            var stamps = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
            var madeFrom = new List<string>();
            try
            {
                if (File.Exists(path))
                {
                    foreach (var line in File.ReadAllLines(path))
                    {
                        if (line.StartsWith(MadeFromMarker + "\t", StringComparison.Ordinal))
                        {
                            madeFrom.Add(line);
                            continue;
                        }
                        int tab = line.IndexOf('\t');
                        var stamp = tab > 0 ? FileStamp.Parse(line.Substring(tab + 1)) : null;
                        if (stamp != null)
                        {
                            stamps[line.Substring(0, tab)] = stamp;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // An unreadable table only means every file is hashed again.
            }
            var table = new FileStamps(path, stamps);
            foreach (var line in madeFrom)
            {
                string[] fields = line.Split('\t');
                if (fields.Length == 3)
                {
                    table._madeFrom[fields[1]] = fields[2];
                }
            }
            return table;
        }

        /// <summary>
        /// The content hash of <paramref name="file"/>, from the table when size and time still match; null when it does not
        /// exist. Safe to call from several threads at once (packaging hashes binaries in parallel); the hashing is not locked.
        /// </summary>
        public string? HashOf(string file)
        {
            string key = Path.GetFullPath(file);
            var info = new FileInfo(key);
            if (!info.Exists)
            {
                return null;
            }
            lock (_stamps)
            {
                if (_stamps.TryGetValue(key, out var known) && known.SizeAndTimeMatch(info))
                {
                    return known.Hash;
                }
            }
            var fresh = FileStamp.Take(key);
            if (fresh == null)
            {
                return null;
            }
            lock (_stamps)
            {
                _stamps[key] = fresh;
                _changed = true;
            }
            return fresh.Hash;
        }

        /// <summary>Remembers that <paramref name="file"/> now holds content with <paramref name="hash"/> (just written by us).</summary>
        public void Record(string file, string hash)
        {
            string key = Path.GetFullPath(file);
            var info = new FileInfo(key);
            if (info.Exists)
            {
                _stamps[key] = new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, hash);
                _changed = true;
            }
        }

        /// <summary>The stamp recorded for <paramref name="file"/>, if any, without looking at the file.</summary>
        public FileStamp? Recorded(string file) => _stamps.TryGetValue(Path.GetFullPath(file), out var stamp) ? stamp : null;

        /// <summary>The hash recorded for <paramref name="file"/>, if any, without looking at the file.</summary>
        public string? RecordedHash(string file) => _stamps.TryGetValue(Path.GetFullPath(file), out var stamp) ? stamp.Hash : null;

        public void Forget(string file) => _changed |= _stamps.Remove(Path.GetFullPath(file));

        /// <summary>What <paramref name="file"/> was last written from (a key its writer chose), if recorded.</summary>
        public string? MadeFrom(string file) => _madeFrom.TryGetValue(Path.GetFullPath(file), out var key) ? key : null;

        /// <summary>Records what <paramref name="file"/> was just written from, so an unchanged source can skip rendering it.</summary>
        public void RecordMadeFrom(string file, string key)
        {
            string path = Path.GetFullPath(file);
            if (MadeFrom(path) != key)
            {
                _madeFrom[path] = key;
                _changed = true;
            }
        }

        public void Save()
        {
            if (_changed)
            {
                AtomicFile.WriteTextIfChanged(_path, string.Concat(_stamps.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + "\t" + s.Value + "\n"))
                    + string.Concat(_madeFrom.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => MadeFromMarker + "\t" + m.Key + "\t" + m.Value + "\n")));
                _changed = false;
            }
        }
    }
}
