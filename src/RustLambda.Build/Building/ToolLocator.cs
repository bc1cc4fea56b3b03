using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// Finds cargo and cargo-lambda without starting a process. Order: an explicit path, then (cargo only) the CARGO variable
    /// cargo sets for its subcommands, then PATH, then CARGO_HOME/bin and ~/.cargo/bin — the last two because Visual Studio
    /// is often started before rustup's PATH change reaches it.
    /// </summary>
    public sealed class ToolLocator
    {
        private readonly Func<string, string?> _environment;
        private readonly Func<string, bool> _isFile;
        private readonly bool _isWindows;

        public ToolLocator(Func<string, string?> environment, bool isWindows, Func<string, bool>? isFile = null)
        {
            _environment = environment;
            _isWindows = isWindows;
            _isFile = isFile ?? File.Exists;
        }

        public static ToolLocator ForCurrentProcess() =>
            new ToolLocator(Environment.GetEnvironmentVariable, Path.DirectorySeparatorChar == '\\');

        public string? FindCargo(string? explicitPath) =>
            Explicit(explicitPath, "cargo") ?? FromVariable("CARGO") ?? Search("cargo");

        public string? FindCargoLambda(string? explicitPath, string? cargoPath)
        {
            var found = Explicit(explicitPath, "cargo-lambda") ?? Search("cargo-lambda");
            if (found == null && cargoPath != null)
            {
                // cargo finds subcommands beside itself too.
                var besideCargo = Path.Combine(Path.GetDirectoryName(cargoPath) ?? ".", ExecutableName("cargo-lambda"));
                found = _isFile(besideCargo) ? besideCargo : null;
            }
            return found;
        }

        /// <summary>
        /// A program named by a setting (RUSTC_WRAPPER's RustLambdaRustcWrapper): a path, or a name looked up like cargo's
        /// tools. Null when neither finds a file.
        /// </summary>
        public string? FindProgram(string nameOrPath)
        {
            string value = nameOrPath.Trim();
            if (value.IndexOfAny(new[] { '/', '\\' }) >= 0 || Path.IsPathRooted(value))
            {
                string full = Path.GetFullPath(value);
                return _isFile(full) ? full : null;
            }
            return Search(_isWindows && value.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? value.Substring(0, value.Length - 4) : value);
        }

        /// <summary>Every path a search for the tool looks at, in order (an explicit path or CARGO aside): where one appearing changes what is found.</summary>
        public IEnumerable<string> Candidates(string tool)
        {
            string name = ExecutableName(tool);
            foreach (var folder in SearchFolders())
            {
                string candidate;
                try
                {
                    candidate = Path.Combine(folder, name);
                }
                catch (ArgumentException)
                {
                    continue;
                }
                yield return candidate;
            }
        }

        /// <summary>The folders searched, in order, for messages that say where we looked.</summary>
        public IReadOnlyList<string> SearchFolders()
        {
            var folders = new List<string>();
            var path = _environment("PATH");
            if (!string.IsNullOrEmpty(path))
            {
                folders.AddRange(path!.Split(Path.PathSeparator).Where(p => p.Trim().Length > 0).Select(p => p.Trim().Trim('"')));
            }
            var cargoHome = _environment("CARGO_HOME");
            if (!string.IsNullOrEmpty(cargoHome))
            {
                folders.Add(Path.Combine(cargoHome!, "bin"));
            }
            var home = _environment(_isWindows ? "USERPROFILE" : "HOME");
            if (!string.IsNullOrEmpty(home))
            {
                folders.Add(Path.Combine(home!, ".cargo", "bin"));
            }
            return folders.Distinct(_isWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).ToList();
        }

        private string? Explicit(string? explicitPath, string tool)
        {
            if (string.IsNullOrWhiteSpace(explicitPath))
            {
                return null;
            }
            var path = explicitPath!.Trim();
            // A folder is accepted too: it is where the tool lives.
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, ExecutableName(tool));
            }
            return Path.GetFullPath(path);
        }

        private string? FromVariable(string name)
        {
            var value = _environment(name);
            return !string.IsNullOrWhiteSpace(value) && _isFile(value!) ? value : null;
        }

        private string? Search(string tool)
        {
            foreach (string candidate in Candidates(tool))
            {
                if (_isFile(candidate))
                {
                    return candidate;
                }
            }
            return null;
        }

        private string ExecutableName(string tool) => _isWindows ? tool + ".exe" : tool;
    }
}
