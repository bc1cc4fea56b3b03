using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Model;

namespace RustLambda.Build.Toolchain
{
    /// <summary>
    /// Prepares a plain `cargo build` for a function's architecture, before cargo starts, so that a missing piece is one
    /// error saying what to install instead of a linker or "can't find crate for `std`" error from deep inside cargo:
    /// <list type="bullet">
    /// <item>the rustc: RUSTC or build.rustc if the user set one, else the rustc beside the chosen cargo, else PATH's; it is
    /// passed to cargo as RUSTC so that two installed toolchains (rustup's and a distribution's) never mix;</item>
    /// <item>for another architecture than the host's, that rustc must have the target's standard library. When the resolved
    /// cargo's does not and the user named no toolchain, the other cargos on the search path are tried (on Debian, rustup's
    /// has x86_64 only while /usr/bin/cargo from rustc-web has arm64 std through libstd-rust-web-dev:arm64);</item>
    /// <item>and a linker for the target: the user's (cargo's per-target variable, .cargo/config.toml, or rustflags), else
    /// the GNU cross gcc (aarch64-linux-gnu-gcc) found on the search path, with its C library.</item>
    /// </list>
    /// </summary>
    public sealed class TargetToolchainResolver
    {
        private readonly Func<string, string?> _environment;
        private readonly Func<string, bool> _isFile;
        private readonly IRustcTargetProbe _probe;
        private readonly bool _isWindows;

        public TargetToolchainResolver(Func<string, string?> environment, Func<string, bool> isFile, IRustcTargetProbe probe, bool isWindows)
        {
            _environment = environment;
            _isFile = isFile;
            _probe = probe;
            _isWindows = isWindows;
        }

        public static TargetToolchainResolver ForCurrentProcess() =>
            new TargetToolchainResolver(Environment.GetEnvironmentVariable, File.Exists, new RustcTargetProbe(), Path.DirectorySeparatorChar == '\\');

        public TargetToolchain? Resolve(TargetToolchainRequest request, DiagnosticBag diagnostics)
        {
            var target = request.Target;
            bool cross = request.Host != null && request.Host != target;
            var config = CargoTargetConfig.Read(request.WorkingDirectory, target.TargetTriple, CargoHome(), _isFile);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            var notes = new List<string>();
            string? userRustc = NonEmpty(_environment("RUSTC")) ?? config.Rustc;
            string rustcOrigin = NonEmpty(_environment("RUSTC")) != null ? "RUSTC" : $"build.rustc in {config.RustcFile}";

            if (!cross)
            {
                if (userRustc == null && Beside(request.CargoPath, "rustc") is { } beside)
                {
                    environment["RUSTC"] = beside;
                }
                return new TargetToolchain(request.CargoPath, false, environment, notes);
            }

            // The standard library: the resolved cargo's rustc first, then (if the user chose nothing) every other cargo's.
            var candidates = new List<string> { request.CargoPath };
            if (!request.CargoPathIsExplicit && userRustc == null)
            {
                candidates.AddRange(Search("cargo", request.SearchFolders).Where(c => Beside(c, "rustc") != null));
            }
            var probed = new List<RustcTargetLibrary>();
            string? chosenCargo = null;
            string? chosenRustc = null;
            foreach (var cargo in candidates.Distinct(PathComparer))
            {
                string? rustc = userRustc != null ? ResolveProgram(userRustc, request.WorkingDirectory, request.SearchFolders) ?? userRustc : Beside(cargo, "rustc") ?? Search("rustc", request.SearchFolders).FirstOrDefault();
                if (rustc == null || probed.Any(p => PathComparer.Equals(p.Rustc, rustc)))
                {
                    continue;
                }
                var library = _probe.Probe(rustc, target.TargetTriple, request.WorkingDirectory, new Dictionary<string, string>());
                probed.Add(library);
                if (library.HasStd)
                {
                    chosenCargo = cargo;
                    chosenRustc = rustc;
                    break;
                }
            }
            string alternative = request.SuggestCargoLambda ? CrossToolchainHelp.CargoLambdaAlternative : "";
            if (chosenCargo == null)
            {
                string what = probed.Count == 0
                    ? "no rustc was found beside cargo or on PATH"
                    : string.Join("; ", probed.Select(p => p.Failure ?? $"{p.Rustc} has none ({p.LibraryDirectory} holds no libstd-*.rlib)"));
                string choice = userRustc != null ? $" (the rustc {rustcOrigin} names)" : request.CargoPathIsExplicit ? " (the rustc beside RustLambdaCargoPath)" : "";
                diagnostics.Error(DiagnosticCodes.TargetStdMissing,
                    $"{target.Name} functions need the Rust standard library for {target.TargetTriple}{choice}, which is not installed: {what}. {CrossToolchainHelp.StandardLibrary(target)}{alternative}");
                return null;
            }
            if (userRustc == null)
            {
                environment["RUSTC"] = chosenRustc!;
            }
            if (!PathComparer.Equals(chosenCargo, request.CargoPath))
            {
                notes.Add($"{target.Name} functions build with {chosenCargo}: its rustc ({chosenRustc}) has the {target.TargetTriple} standard library, the rustc of {request.CargoPath} does not. Set RustLambdaCargoPath to choose the cargo yourself.");
            }

            if (!ResolveLinker(request, config, environment, notes, alternative, diagnostics))
            {
                return null;
            }
            return new TargetToolchain(chosenCargo, true, environment, notes);
        }

        private bool ResolveLinker(TargetToolchainRequest request, CargoTargetConfig config, Dictionary<string, string> environment, List<string> notes, string alternative, DiagnosticBag diagnostics)
        {
            var target = request.Target;
            string variable = CrossToolchainHelp.LinkerVariable(target);
            string? fromVariable = NonEmpty(_environment(variable));
            if (fromVariable != null)
            {
                // Cargo takes a relative path in the variable from its working folder.
                return CheckUserLinker(fromVariable, $"{variable} is '{fromVariable}'", request.WorkingDirectory, request, diagnostics);
            }
            if (config.Linker != null)
            {
                // In a config file, a path with a separator is relative to the folder holding .cargo/.
                string baseDirectory = Path.GetDirectoryName(Path.GetDirectoryName(config.LinkerFile!)!)!;
                return CheckUserLinker(config.Linker, $"linker = \"{config.Linker}\" under [target.{target.TargetTriple}] in {config.LinkerFile}", baseDirectory, request, diagnostics);
            }
            bool variablesChoose = new[] { ("RUSTFLAGS", false), ("CARGO_ENCODED_RUSTFLAGS", true), (CrossToolchainHelp.RustflagsVariable(target), false) }
                .Any(v => RustFlags.ChooseLinker(RustFlags.FromVariable(_environment(v.Item1), v.Item2)));
            if (config.RustflagsChooseLinker || variablesChoose)
            {
                notes.Add($"The {target.TargetTriple} linker is the one rustflags name; it is not checked.");
                return true;
            }

            string gcc = target.GnuTriple + "-gcc";
            string? found = Search(gcc, request.SearchFolders).FirstOrDefault();
            if (found == null)
            {
                diagnostics.Error(DiagnosticCodes.CrossLinkerNotFound,
                    $"{target.Name} functions are linked for {target.Description} by {gcc}, which was not found on PATH, and no linker is configured for {target.TargetTriple}. {CrossToolchainHelp.Linker(target)}{alternative}");
                return false;
            }
            bool sysrootGiven = config.RustflagsSetSysroot || new[] { ("RUSTFLAGS", false), ("CARGO_ENCODED_RUSTFLAGS", true), (CrossToolchainHelp.RustflagsVariable(target), false) }
                .Any(v => RustFlags.SetSysroot(RustFlags.FromVariable(_environment(v.Item1), v.Item2)));
            if (!sysrootGiven && !HasCLibrary(found, target))
            {
                diagnostics.Error(DiagnosticCodes.CrossCLibraryNotFound,
                    $"{found} has no {target.Description} C library to link against (no crt1.o under {Path.Combine(Prefix(found), target.GnuTriple, "lib")}); as it is, it builds kernels only. {CrossToolchainHelp.CLibrary(target)}{alternative}");
                return false;
            }
            environment[variable] = found;
            notes.Add($"{target.Name} functions are linked with {found} ({variable}).");
            return true;
        }

        private bool CheckUserLinker(string linker, string origin, string baseDirectory, TargetToolchainRequest request, DiagnosticBag diagnostics)
        {
            if (ResolveProgram(linker, baseDirectory, request.SearchFolders) != null)
            {
                return true;
            }
            diagnostics.Error(DiagnosticCodes.CrossLinkerNotFound,
                $"{origin}, but there is no such program{(HasSeparator(linker) ? "" : " on PATH")}. Fix it, or remove it to use {request.Target.GnuTriple}-gcc. {CrossToolchainHelp.Linker(request.Target)}");
            return false;
        }

        /// <summary>
        /// The GNU cross gcc of Debian, Ubuntu and Arch links against the target's C library in &lt;prefix&gt;/&lt;gnu triple&gt;/lib
        /// (libc6-dev-arm64-cross: /usr/aarch64-linux-gnu/lib); toolchains with their own sysroot keep it under libc/ or sysroot/.
        /// Fedora's has none unless rustflags pass --sysroot.
        /// </summary>
        private bool HasCLibrary(string gcc, LambdaArchitecture target)
        {
            string root = Path.Combine(Prefix(gcc), target.GnuTriple);
            return new[] { Path.Combine(root, "lib", "crt1.o"), Path.Combine(root, "lib64", "crt1.o"), Path.Combine(root, "libc", "usr", "lib", "crt1.o"), Path.Combine(root, "sysroot", "usr", "lib", "crt1.o") }
                .Any(_isFile);
        }

        private static string Prefix(string program) => Path.GetDirectoryName(Path.GetDirectoryName(program)!) ?? "/";

        private string? ResolveProgram(string program, string baseDirectory, IReadOnlyList<string> searchFolders)
        {
            if (HasSeparator(program))
            {
                string full = Path.GetFullPath(Path.Combine(baseDirectory, program));
                return _isFile(full) || (_isWindows && _isFile(full + ".exe")) ? full : null;
            }
            return Search(program, searchFolders).FirstOrDefault();
        }

        private static bool HasSeparator(string program) => program.IndexOf('/') >= 0 || program.IndexOf('\\') >= 0;

        private IEnumerable<string> Search(string tool, IReadOnlyList<string> folders)
        {
            string name = _isWindows ? tool + ".exe" : tool;
            foreach (var folder in folders)
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
                if (_isFile(candidate))
                {
                    yield return candidate;
                }
            }
        }

        private string? Beside(string program, string tool)
        {
            string candidate = Path.Combine(Path.GetDirectoryName(program) ?? ".", _isWindows ? tool + ".exe" : tool);
            return _isFile(candidate) ? candidate : null;
        }

        private string? CargoHome()
        {
            string? home = NonEmpty(_environment("CARGO_HOME"));
            if (home != null)
            {
                return home;
            }
            string? user = NonEmpty(_environment(_isWindows ? "USERPROFILE" : "HOME"));
            return user == null ? null : Path.Combine(user, ".cargo");
        }

        private StringComparer PathComparer => _isWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
