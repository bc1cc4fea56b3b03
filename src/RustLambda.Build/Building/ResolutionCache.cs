using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using RustLambda.Build.Cargo;
using RustLambda.Build.IO;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// The last resolution of a project (its functions, invocations, inputs and resolved paths), kept under obj/ so a build
    /// whose inputs did not change skips reading the template and manifests: the parsers' first use in a fresh `dotnet
    /// build` process costs more than everything else of a no-op (docs/performance.md). Valid only while the key (every
    /// setting and environment variable the resolution reads) is the same, every file it read is unchanged (time and
    /// size), every file whose appearance would change it is still absent, and every package folder holds the same .rs files.
    /// A line-based text file, read without any parser library.
    /// </summary>
    public static class ResolutionCache
    {
        private const string Header = "rustlambda-resolution 1";

        /// <summary>A hex SHA-256 of the key lines: what the resolution was computed from besides files.</summary>
        public static string Key(IEnumerable<string> lines)
        {
            var text = new StringBuilder();
            foreach (string line in lines)
            {
                text.Append(Escape(line)).Append('\n');
            }
            return ContentHash.Of(Encoding.UTF8.GetBytes(text.ToString()));
        }

        /// <summary>The cached resolution if it is still valid for this key; null when missing, stale or unreadable.</summary>
        public static CachedResolution? TryRead(string path, string key)
        {
            string[] lines;
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }
                lines = File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
            if (lines.Length < 2 || lines[0] != Header || lines[1] != "key\t" + key)
            {
                return null;
            }
            var resolution = new CachedResolution();
            foreach (string line in lines.Skip(2))
            {
                string[] fields = line.Split('\t').Select(Unescape).ToArray();
                switch (fields[0])
                {
                    case "file" when fields.Length == 4:
                        if (SizeAndTime(fields[1]) != fields[2] + "\t" + fields[3])
                        {
                            return null;
                        }
                        break;
                    case "exists" when fields.Length == 2:
                        if (!File.Exists(fields[1]))
                        {
                            return null;
                        }
                        break;
                    case "absent" when fields.Length == 2:
                        if (File.Exists(fields[1]) || Directory.Exists(fields[1]))
                        {
                            return null;
                        }
                        break;
                    case "sources" when fields.Length == 3:
                        if (SourcesHash(fields[1]) != fields[2])
                        {
                            return null;
                        }
                        break;
                    case "property" when fields.Length == 3:
                        resolution.Properties[fields[1]] = fields[2];
                        break;
                    case "item" when fields.Length >= 3:
                        var item = new CachedItem(fields[2]);
                        foreach (string pair in fields.Skip(3))
                        {
                            int equals = pair.IndexOf('=');
                            if (equals > 0)
                            {
                                item.Metadata[pair.Substring(0, equals)] = pair.Substring(equals + 1);
                            }
                        }
                        resolution.ItemsOf(fields[1]).Add(item);
                        break;
                    default:
                        return null;
                }
            }
            return resolution;
        }

        /// <summary>
        /// Writes the resolution with what validates it: files read (stamped now), files only listed (which must still
        /// exist), files that must stay absent, and folders whose .rs files are listed. A file read that is already gone
        /// leaves no cache: one could never be trusted.
        /// </summary>
        public static void Write(string path, string key, CachedResolution resolution, ResolutionDependencies dependencies)
        {
            var text = new StringBuilder().Append(Header).Append('\n').Append("key\t").Append(key).Append('\n');
            foreach (string file in dependencies.FilesRead)
            {
                string? stamp = SizeAndTime(file);
                if (stamp == null)
                {
                    Delete(path);
                    return;
                }
                Line(text, "file", file, stamp.Split('\t')[0], stamp.Split('\t')[1]);
            }
            foreach (string listed in dependencies.FilesListed.Where(f => !dependencies.FilesRead.Contains(f)))
            {
                Line(text, "exists", listed);
            }
            foreach (string absent in dependencies.MustStayAbsent.Where(a => !File.Exists(a) && !Directory.Exists(a)))
            {
                Line(text, "absent", absent);
            }
            foreach (string folder in dependencies.SourceFolders)
            {
                Line(text, "sources", folder, SourcesHash(folder));
            }
            foreach (var property in resolution.Properties)
            {
                Line(text, "property", property.Key, property.Value);
            }
            foreach (var group in resolution.Items)
            {
                foreach (var item in group.Value)
                {
                    Line(text, new[] { "item", group.Key, item.ItemSpec }.Concat(item.Metadata.Select(m => m.Key + "=" + m.Value)).ToArray());
                }
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.WriteText(path, text.ToString());
        }

        public static void Delete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is DirectoryNotFoundException)
            {
                // A cache that cannot be deleted is still checked against its key and stamps on every read.
            }
        }

        private static string? SizeAndTime(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) + "\t" + info.Length.ToString(CultureInfo.InvariantCulture) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return null;
            }
        }

        // The .rs files below a package folder, found as the resolution finds them: a file added with an old timestamp
        // (a checkout) or removed shows here, where no timestamp would.
        private static string SourcesHash(string folder)
        {
            var files = new HashSet<string>(StringComparer.Ordinal);
            CargoInputFiles.AddRustSources(folder, files);
            return Key(files.OrderBy(f => f, StringComparer.Ordinal));
        }

        private static void Line(StringBuilder text, params string[] fields)
        {
            text.Append(string.Join("\t", fields.Select(Escape))).Append('\n');
        }

        private static string Escape(string value) =>
            value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

        private static string Unescape(string value)
        {
            if (value.IndexOf('\\') < 0)
            {
                return value;
            }
            var text = new StringBuilder(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length)
                {
                    char next = value[++i];
                    text.Append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
                }
                else
                {
                    text.Append(value[i]);
                }
            }
            return text.ToString();
        }
    }
}
