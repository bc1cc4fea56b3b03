using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using RustLambda.Build.Diagnostics;
using Tomlyn.Model;

namespace RustLambda.Build.Cargo
{
    /// <summary>The `[workspace]` table of a root Cargo.toml: which folders are members, and what members may inherit.</summary>
    internal sealed class CargoWorkspace
    {
        private readonly IReadOnlyList<string> _memberEntries;
        private readonly IReadOnlyList<string> _excludeEntries;

        private CargoWorkspace(CargoManifest manifest, TomlTable table, IReadOnlyList<string> members, IReadOnlyList<string> exclude,
            string? edition, TomlTable? dependencies)
        {
            Manifest = manifest;
            Table = table;
            _memberEntries = members;
            _excludeEntries = exclude;
            InheritableEdition = edition;
            Dependencies = dependencies;
        }

        public CargoManifest Manifest { get; }
        public string RootDirectory => Manifest.Directory;
        public TomlTable Table { get; }

        /// <summary>`[workspace.package] edition`, for members that write `edition.workspace = true`.</summary>
        public string? InheritableEdition { get; }

        /// <summary>`[workspace.dependencies]`, for members that write `dep.workspace = true` (their `path` is relative to the root).</summary>
        public TomlTable? Dependencies { get; }

        /// <summary>The workspace declared by this manifest, or null when it has no `[workspace]` table.</summary>
        public static CargoWorkspace? FromManifest(CargoManifest manifest, DiagnosticBag diagnostics)
        {
            var table = manifest.GetTable(manifest.Root, "workspace", "workspace", diagnostics, "[workspace]");
            if (table == null)
            {
                return null;
            }
            var members = manifest.GetStringArray(table, "members", "workspace.members", diagnostics, "members = [\"crates/*\"]") ?? Array.Empty<string>();
            var exclude = manifest.GetStringArray(table, "exclude", "workspace.exclude", diagnostics, "exclude = [\"crates/old\"]") ?? Array.Empty<string>();
            // Inherited values are only consulted, never required, so a malformed one is left for cargo to report.
            var package = table.TryGetValue("package", out var p) ? p as TomlTable : null;
            string? edition = package != null && package.TryGetValue("edition", out var e) ? e as string : null;
            var dependencies = table.TryGetValue("dependencies", out var d) ? d as TomlTable : null;
            return new CargoWorkspace(manifest, table, members, exclude, edition, dependencies);
        }

        /// <summary>
        /// Cargo's rule: a manifest under an `exclude` path is out, unless it is also under a literal `members` path.
        /// Entries are plain path prefixes here, not globs, exactly as Cargo compares them.
        /// </summary>
        public bool IsExcluded(string manifestPath)
        {
            bool excluded = _excludeEntries.Any(entry => CargoPaths.IsSameOrUnder(manifestPath, CargoPaths.Resolve(RootDirectory, entry)));
            bool explicitMember = _memberEntries.Where(entry => !IsGlob(entry))
                .Any(entry => CargoPaths.IsSameOrUnder(manifestPath, CargoPaths.Resolve(RootDirectory, entry)));
            return excluded && !explicitMember;
        }

        /// <summary>
        /// The folders named by `members` (globs expanded, in sorted order like Cargo's glob crate) that hold a Cargo.toml.
        /// An entry matching none is a warning, since Cargo would fail on it later with a less direct message.
        /// </summary>
        public IReadOnlyList<string> ExpandMembers(DiagnosticBag diagnostics)
        {
            var folders = new List<string>();
            foreach (string entry in _memberEntries)
            {
                var matches = Expand(entry).Where(folder => File.Exists(CargoPaths.ManifestIn(folder))).ToList();
                if (matches.Count == 0)
                {
                    var (line, column) = Manifest.PositionOf(Table, "members");
                    diagnostics.Warning(DiagnosticCodes.MissingWorkspaceMember,
                        $"`workspace.members` entry \"{entry}\" in {Manifest.Path} matches no folder containing a Cargo.toml, so it adds no member. " +
                        "Correct the path (relative to the workspace root; `*` and `?` match within one folder name) or remove the entry.",
                        Manifest.Path, line, column);
                }
                folders.AddRange(matches);
            }
            return folders.Distinct(CargoPaths.Comparer).ToList();
        }

        private IEnumerable<string> Expand(string entry)
        {
            if (!IsGlob(entry))
            {
                string folder = SafeResolve(RootDirectory, entry);
                return folder.Length > 0 && Directory.Exists(folder) ? new[] { folder } : Array.Empty<string>();
            }
            IEnumerable<string> current = new[] { RootDirectory };
            foreach (string segment in entry.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries))
            {
                current = IsGlob(segment) ? current.SelectMany(folder => MatchChildren(folder, segment)).ToList()
                    : current.Select(folder => Path.Combine(folder, segment)).Where(Directory.Exists).ToList();
            }
            return current.Select(CargoPaths.Normalize).OrderBy(folder => folder, StringComparer.Ordinal);
        }

        private static IEnumerable<string> MatchChildren(string folder, string segment)
        {
            if (segment == "**")
            {
                return new[] { folder }.Concat(SafeDirectories(folder, SearchOption.AllDirectories));
            }
            var pattern = SegmentRegex(segment);
            return SafeDirectories(folder, SearchOption.TopDirectoryOnly).Where(child => pattern.IsMatch(Path.GetFileName(child)));
        }

        private static IEnumerable<string> SafeDirectories(string folder, SearchOption option)
        {
            try
            {
                return Directory.GetDirectories(folder, "*", option);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private static string SafeResolve(string root, string entry)
        {
            try
            {
                return CargoPaths.Resolve(root, entry);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return "";
            }
        }

        public static bool IsGlob(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        /// <summary>One path segment of a glob: `*` any run, `?` one character, `[abc]`/`[!abc]` a class (as in Cargo's glob crate).</summary>
        private static Regex SegmentRegex(string segment)
        {
            var regex = new StringBuilder("^");
            for (int i = 0; i < segment.Length; i++)
            {
                char c = segment[i];
                int close = c == '[' ? segment.IndexOf(']', i + 2) : -1;
                if (c == '*')
                {
                    regex.Append(".*");
                }
                else if (c == '?')
                {
                    regex.Append('.');
                }
                else if (close > 0)
                {
                    string body = segment.Substring(i + 1, close - i - 1);
                    bool negated = body.StartsWith("!", StringComparison.Ordinal);
                    regex.Append('[').Append(negated ? "^" : "").Append(Regex.Escape(negated ? body.Substring(1) : body)).Append(']');
                    i = close;
                }
                else
                {
                    regex.Append(Regex.Escape(c.ToString()));
                }
            }
            return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
        }
    }
}
