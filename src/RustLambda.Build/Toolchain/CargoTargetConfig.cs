using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tomlyn.Model;

namespace RustLambda.Build.Toolchain
{
    /// <summary>
    /// What cargo's own configuration says about building for one target triple: the linker, whether rustflags choose one,
    /// and <c>build.rustc</c>. Cargo reads <c>.cargo/config.toml</c> (or the older <c>.cargo/config</c>) in the working folder
    /// and each ancestor, then <c>$CARGO_HOME/config.toml</c>, a deeper file winning; this reads them in that order and keeps
    /// the first value found. A file cargo cannot parse is skipped here: cargo itself reports it, placed, when it starts.
    /// </summary>
    public sealed class CargoTargetConfig
    {
        /// <summary><c>target.&lt;triple&gt;.linker</c> as written, or null.</summary>
        public string? Linker { get; private set; }

        /// <summary>The config file that set <see cref="Linker"/>.</summary>
        public string? LinkerFile { get; private set; }

        /// <summary>True when rustflags in a config file pass <c>-C linker=…</c>: the user chose the linker, we do not check it.</summary>
        public bool RustflagsChooseLinker { get; private set; }

        /// <summary>True when rustflags pass <c>--sysroot</c> to the linker (Fedora's cross gcc needs that): we do not look for a C library.</summary>
        public bool RustflagsSetSysroot { get; private set; }

        /// <summary><c>build.rustc</c> as written, or null: cargo then runs that rustc, so it is the one to ask about the target.</summary>
        public string? Rustc { get; private set; }

        public string? RustcFile { get; private set; }

        /// <summary>The config files cargo would read from <paramref name="workingDirectory"/>, nearest first.</summary>
        public static IReadOnlyList<string> ConfigFiles(string workingDirectory, string? cargoHome, Func<string, bool> isFile)
        {
            var files = new List<string>();
            for (var folder = new DirectoryInfo(Path.GetFullPath(workingDirectory)); folder != null; folder = folder.Parent)
            {
                AddConfig(Path.Combine(folder.FullName, ".cargo"), files, isFile);
            }
            if (!string.IsNullOrEmpty(cargoHome))
            {
                AddConfig(cargoHome!, files, isFile);
            }
            return files.Distinct(StringComparer.Ordinal).ToList();
        }

        public static CargoTargetConfig Read(string workingDirectory, string targetTriple, string? cargoHome, Func<string, bool>? isFile = null)
        {
            var config = new CargoTargetConfig();
            foreach (var file in ConfigFiles(workingDirectory, cargoHome, isFile ?? File.Exists))
            {
                TomlTable root;
                try
                {
                    root = Tomlyn.TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(file), new Tomlyn.TomlSerializerOptions()) ?? new TomlTable();
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    continue;
                }
                config.Merge(root, file, targetTriple);
            }
            return config;
        }

        private static void AddConfig(string folder, List<string> files, Func<string, bool> isFile)
        {
            // With both present cargo reads config.toml (and warns); the extension-less name is the older spelling.
            foreach (var name in new[] { "config.toml", "config" })
            {
                string candidate = Path.Combine(folder, name);
                if (isFile(candidate))
                {
                    files.Add(candidate);
                    return;
                }
            }
        }

        private void Merge(TomlTable root, string file, string targetTriple)
        {
            var targets = Table(root, "target");
            var target = targets == null ? null : Table(targets, targetTriple);
            if (Linker == null && target != null && target.TryGetValue("linker", out var linker) && linker is string linkerText && linkerText.Length > 0)
            {
                Linker = linkerText;
                LinkerFile = file;
            }
            var build = Table(root, "build");
            if (Rustc == null && build != null && build.TryGetValue("rustc", out var rustc) && rustc is string rustcText && rustcText.Length > 0)
            {
                Rustc = rustcText;
                RustcFile = file;
            }
            // `target.'cfg(…)'` tables apply by condition; any linker choice in them is the user's, as are rustflags anywhere.
            var flagSources = new List<TomlTable?> { target, build };
            if (targets != null)
            {
                foreach (var entry in targets)
                {
                    if (entry.Key.StartsWith("cfg(", StringComparison.Ordinal) && entry.Value is TomlTable conditional)
                    {
                        flagSources.Add(conditional);
                        if (conditional.ContainsKey("linker"))
                        {
                            RustflagsChooseLinker = true;
                        }
                    }
                }
            }
            foreach (var source in flagSources)
            {
                if (source != null && source.TryGetValue("rustflags", out var flags))
                {
                    Inspect(RustFlags.Split(flags));
                }
            }
        }

        private void Inspect(IReadOnlyList<string> flags)
        {
            RustflagsChooseLinker |= RustFlags.ChooseLinker(flags);
            RustflagsSetSysroot |= RustFlags.SetSysroot(flags);
        }

        private static TomlTable? Table(TomlTable parent, string key) =>
            parent.TryGetValue(key, out var value) ? value as TomlTable : null;
    }
}
