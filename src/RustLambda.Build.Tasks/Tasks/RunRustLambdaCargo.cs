using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Building;
using RustLambda.Build.Cargo;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.IO;
using RustLambda.Build.Model;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Toolchain;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// Runs one planned cargo invocation (`cargo lambda build …` or `cargo build …`) and reports the binaries it produced.
    /// A ToolTask, so output streams as it comes, cancellation kills the process tree, stdin is never a terminal
    /// (cargo-lambda must not prompt, or install Zig, mid-build) and no shell is involved.
    /// </summary>
    public sealed class RunRustLambdaCargo : ToolTask
    {
        private readonly Dictionary<string, string> _executables = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly PlainErrorCollector _plainErrors = new PlainErrorCollector();
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private int _compilerErrors;
        private CargoInvocation? _invocation;
        private string? _toolchainCargo;
        private IReadOnlyDictionary<string, string> _toolchainEnvironment = new Dictionary<string, string>();

        /// <summary>The invocation item from ResolveRustLambdaBuild (ItemSpec = invocation id).</summary>
        [Required]
        public ITaskItem Invocation { get; set; } = null!;

        [Required]
        public string CargoPath { get; set; } = "";

        /// <summary>Put first on the child's PATH so cargo finds the cargo-lambda we resolved.</summary>
        public string? CargoLambdaPath { get; set; }

        /// <summary>RustLambdaLockTimeout: seconds to wait for another build of the same crate or workspace (0: the default).</summary>
        public int LockTimeoutSeconds { get; set; }

        /// <summary>RustLambdaLockDirectory: where the build locks live; empty is a per-user folder in the temp folder.</summary>
        public string? LockDirectory { get; set; }

        /// <summary>
        /// RustLambdaRustcWrapper: a compiler cache such as sccache, given to cargo as RUSTC_WRAPPER. Empty leaves the
        /// environment's RUSTC_WRAPPER (if any) to cargo, which honours it itself.
        /// </summary>
        public string? RustcWrapper { get; set; }

        private string? _resolvedRustcWrapper;

        [Output]
        public ITaskItem[] Binaries { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>RustLambdaCargoPath as the user wrote it: set, it fixes the toolchain (no other cargo is tried for a cross build).</summary>
        public string? RequestedCargoPath { get; set; }

        /// <summary>RustLambdaBuilder: under auto (or empty), the cross-build errors also suggest cargo-lambda.</summary>
        public string? Builder { get; set; }

        /// <summary>The cargo that runs: CargoPath, or for a cross build the one whose rustc has the target's std.</summary>
        private string Cargo => _toolchainCargo ?? CargoPath;

        protected override string ToolName => Path.GetFileName(Cargo);

        // cargo's progress and errors go to stderr: show them at the level `dotnet build` and the VS Output window display.
        protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.High;

        protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Low;

        /// <summary>The <see cref="Invocation"/> item as the core's type, read once.</summary>
        private CargoInvocation Planned => _invocation ??= InvocationItem.FromItem(Invocation);

        private string WorkingDirectory => Planned.WorkingDirectory;

        private IReadOnlyList<string> Arguments => Planned.Arguments;

        private IReadOnlyList<string> ExpectedBinaries => Planned.Binaries;

        private bool IsCargoLambda => Planned.Builder == BuilderKind.CargoLambda;

        protected override string GenerateFullPathToTool() => Cargo;

        protected override string GetWorkingDirectory() => WorkingDirectory;

        protected override string GenerateCommandLineCommands()
        {
            var builder = new CommandLineBuilder(quoteHyphensOnCommandLine: false, useNewLineSeparator: false);
            foreach (var argument in Arguments)
            {
                builder.AppendSwitchIfNotNull("", argument);
            }
            return builder.ToString();
        }

        protected override bool ValidateParameters()
        {
            if (!File.Exists(CargoPath))
            {
                TaskDiagnostics.Error(Log, DiagnosticCodes.CargoNotFound, ToolMessages.CargoNotFound(CargoPath), Path.Combine(WorkingDirectory, "Cargo.toml"));
                return false;
            }
            if (!Directory.Exists(WorkingDirectory))
            {
                TaskDiagnostics.Error(Log, DiagnosticCodes.CargoFailed, $"The cargo working folder {WorkingDirectory} does not exist any more; build again.");
                return false;
            }
            return true;
        }

        /// <summary>A ToolTask cannot derive from RustLambdaTask, so it runs its work under the same RL0099 guard itself.</summary>
        public override bool Execute()
        {
            bool succeeded = false;
            TaskDiagnostics.RunGuarded(Log, "running cargo", () => succeeded = Run());
            return succeeded && !Log.HasLoggedErrors;
        }

        private bool Run()
        {
            if (!PrepareToolchain())
            {
                return false;
            }
            if (!ResolveRustcWrapper())
            {
                return false;
            }
            EnvironmentVariables = ChildEnvironment().ToArray();
            var acquired = BuildRootLock.Acquire(WorkingDirectory,
                () => Log.LogMessage(MessageImportance.High, $"Waiting for another build of {WorkingDirectory} to finish…"),
                LockTimeoutSeconds > 0 ? TimeSpan.FromSeconds(LockTimeoutSeconds) : BuildRootLock.DefaultTimeout, _cancellation.Token, LockDirectory);
            if (acquired.Lock == null)
            {
                return ReportNoLock(acquired);
            }
            using var buildRootLock = acquired.Lock;
            ClearLambdaDirectory();
            bool succeeded = base.Execute() && !Log.HasLoggedErrors;
            foreach (var error in _plainErrors.Complete())
            {
                LogPlainError(error);
                succeeded = false;
            }
            return succeeded && CollectBinaries() && RecordInputs();
        }

        private bool ReportNoLock(BuildRootLockResult result)
        {
            string manifest = Path.Combine(WorkingDirectory, "Cargo.toml");
            switch (result.Failure)
            {
                case BuildRootLockFailure.Cancelled:
                    return false;
                case BuildRootLockFailure.TimedOut:
                    TaskDiagnostics.Error(Log, DiagnosticCodes.BuildLockTimeout,
                        $"Gave up waiting for another build of {WorkingDirectory}: {result.Reason} (lock {result.LockPath}). Let that build finish and build again, or raise RustLambdaLockTimeout (seconds).", manifest);
                    return false;
                default:
                    TaskDiagnostics.Error(Log, DiagnosticCodes.BuildLockUnusable,
                        $"Cannot take the build lock {result.LockPath}: {result.Reason}. The lock folder must be writable by you; remove it if another user created it, or set RustLambdaLockDirectory to a folder of yours.", manifest);
                    return false;
            }
        }

        public override void Cancel()
        {
            _cancellation.Cancel();
            base.Cancel();
        }

        /// <summary>
        /// Plain cargo only: the rustc (passed as RUSTC), and for another architecture the target's std, the cross linker
        /// and its C library, each missing piece one error before cargo starts (RL0140-RL0142). cargo-lambda brings Zig.
        /// </summary>
        private bool PrepareToolchain()
        {
            var target = LambdaArchitectures.Find(Planned.Architecture);
            if (IsCargoLambda || target == null || !File.Exists(CargoPath))
            {
                // A missing cargo is ValidateParameters' error (RL0050), reported when the tool would start.
                return true;
            }
            var diagnostics = new DiagnosticBag();
            string builder = (Builder ?? "").Trim();
            var toolchain = TargetToolchainResolver.ForCurrentProcess().Resolve(new TargetToolchainRequest
            {
                Target = target,
                Host = Planned.CrossCompiles ? LambdaArchitectures.Host : target,
                CargoPath = CargoPath,
                CargoPathIsExplicit = !string.IsNullOrWhiteSpace(RequestedCargoPath),
                WorkingDirectory = WorkingDirectory,
                SearchFolders = ToolLocator.ForCurrentProcess().SearchFolders(),
                SuggestCargoLambda = builder.Length == 0 || string.Equals(builder, BuilderSelection.Auto, StringComparison.OrdinalIgnoreCase),
            }, diagnostics);
            foreach (var error in diagnostics.Items)
            {
                TaskDiagnostics.Error(Log, error.Code, error.Message, error.File ?? Path.Combine(WorkingDirectory, "Cargo.toml"), error.Line, error.Column);
            }
            if (toolchain == null)
            {
                return false;
            }
            _toolchainCargo = toolchain.CargoPath;
            _toolchainEnvironment = toolchain.Environment;
            foreach (var note in toolchain.Notes)
            {
                Log.LogMessage(MessageImportance.High, note);
            }
            return true;
        }

        // Before the child's environment is made: RUSTC_WRAPPER carries the resolved path.
        private bool ResolveRustcWrapper()
        {
            if (!string.IsNullOrWhiteSpace(RustcWrapper))
            {
                var locator = ToolLocator.ForCurrentProcess();
                _resolvedRustcWrapper = locator.FindProgram(RustcWrapper!);
                if (_resolvedRustcWrapper == null)
                {
                    // Set in the project (or on the command line): the project file is where to fix it.
                    TaskDiagnostics.Error(Log, DiagnosticCodes.RustcWrapperNotFound,
                        $"RustLambdaRustcWrapper is '{RustcWrapper}', but no such program exists (looked for the path, or on PATH: {string.Join(Path.PathSeparator.ToString(), locator.SearchFolders())}). " +
                        "Install the compiler cache (Debian: apt-get install sccache), give its full path, or leave the property empty.", BuildEngine?.ProjectFileOfTaskNode);
                    return false;
                }
            }
            return true;
        }

        private IEnumerable<string> ChildEnvironment()
        {
            yield return "CARGO_TERM_COLOR=never";
            yield return "CARGO_TERM_PROGRESS_WHEN=never";
            foreach (var variable in _toolchainEnvironment)
            {
                yield return variable.Key + "=" + variable.Value;
            }
            var folders = new[] { CargoLambdaPath, Cargo }.Where(p => !string.IsNullOrEmpty(p)).Select(p => Path.GetDirectoryName(p!)).Distinct();
            yield return "PATH=" + string.Join(Path.PathSeparator.ToString(), folders.Concat(new[] { Environment.GetEnvironmentVariable("PATH") ?? "" }));
            if (_resolvedRustcWrapper != null)
            {
                // cargo (and cargo-lambda, through cargo) runs every rustc as `<wrapper> <rustc> <args>`.
                yield return "RUSTC_WRAPPER=" + _resolvedRustcWrapper;
            }
        }

        // cargo-lambda exits 0 when it found nothing to move; a bootstrap left from an earlier run must not pass for a new one.
        private void ClearLambdaDirectory()
        {
            string? lambdaDirectory = Planned.LambdaDirectory;
            if (string.IsNullOrEmpty(lambdaDirectory))
            {
                return;
            }
            foreach (var binary in ExpectedBinaries)
            {
                string folder = Path.Combine(lambdaDirectory, binary);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
        {
            if (CargoOutput.LooksLikeJson(singleLine))
            {
                string? reason = CargoOutput.Parse(singleLine, WorkingDirectory, out var artifact, out var diagnostic, out _);
                if (reason != null)
                {
                    if (artifact?.Executable != null && artifact.Kinds.Contains("bin"))
                    {
                        _executables[artifact.TargetName] = artifact.Executable;
                    }
                    if (diagnostic != null)
                    {
                        LogCompilerDiagnostic(diagnostic);
                    }
                    Log.LogMessage(MessageImportance.Low, singleLine);
                    return;
                }
            }

            foreach (var error in _plainErrors.Add(singleLine))
            {
                LogPlainError(error);
            }
            // Plain text is logged as is: MSBuild's canonical-error heuristics must never turn a progress line into an error.
            Log.LogMessage(messageImportance, singleLine);
        }

        private void LogCompilerDiagnostic(CompilerDiagnostic diagnostic)
        {
            if (diagnostic.IsError)
            {
                _compilerErrors++;
                Log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, diagnostic.Message);
            }
            else
            {
                Log.LogWarning(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, diagnostic.Message);
            }
            if (!string.IsNullOrEmpty(diagnostic.Rendered))
            {
                Log.LogMessage(MessageImportance.Normal, diagnostic.Rendered!.TrimEnd());
            }
        }

        private void LogPlainError(PlainError error)
        {
            // cargo's summary after rustc errors repeats what the compiler errors already said.
            if (_compilerErrors > 0 && (error.Message.StartsWith("could not compile", StringComparison.Ordinal) || error.Message.StartsWith("aborting due to", StringComparison.Ordinal)))
            {
                return;
            }
            // Where cargo pointed, else a manifest it named, else the manifest of the folder it ran in: the first that exists.
            string? pointed = error.File != null ? Path.GetFullPath(Path.Combine(WorkingDirectory, error.File)) : null;
            string? file = new[] { pointed, ToolMessages.ManifestMentioned(error.FullText), Path.Combine(WorkingDirectory, "Cargo.toml") }
                .FirstOrDefault(candidate => candidate != null && File.Exists(candidate));
            bool atPointer = file != null && file == pointed;
            TaskDiagnostics.Error(Log, DiagnosticCodes.CargoError, error.Message, file, atPointer ? error.Line : 0, atPointer ? error.Column : 0);
        }

        protected override bool HandleTaskExecutionErrors()
        {
            // The last error cargo printed is still open (nothing followed it); report it before deciding whether anything was said.
            foreach (var error in _plainErrors.Complete())
            {
                LogPlainError(error);
            }
            if (!Log.HasLoggedErrors && _plainErrors.Errors.Count == 0)
            {
                TaskDiagnostics.Error(Log, DiagnosticCodes.CargoFailed,
                    $"`{Path.GetFileName(Cargo)} {string.Join(" ", Arguments)}` exited with code {ExitCode} in {WorkingDirectory} without reporting an error; see the cargo output above in the build log.", Path.Combine(WorkingDirectory, "Cargo.toml"));
            }
            return false;
        }

        private bool CollectBinaries()
        {
            var binaries = new List<ITaskItem>();
            string lambdaDirectory = Planned.LambdaDirectory ?? "";
            foreach (var binary in ExpectedBinaries)
            {
                string? path = IsCargoLambda ? Path.Combine(lambdaDirectory, binary, "bootstrap") : (_executables.TryGetValue(binary, out var exe) ? exe : null);
                if (path == null || !File.Exists(path))
                {
                    TaskDiagnostics.Error(Log, DiagnosticCodes.BinaryNotProduced,
                        IsCargoLambda
                            ? $"cargo lambda build succeeded but produced no {lambdaDirectory}{Path.DirectorySeparatorChar}{binary}{Path.DirectorySeparatorChar}bootstrap; check that binary '{binary}' is built by this package (a cargo-lambda config such as [package.metadata.lambda.build] output_format or flatten can move it)."
                            : $"cargo build succeeded but reported no executable for binary '{binary}'; check that it is a [[bin]] target of the package in {WorkingDirectory}.",
                        Path.Combine(WorkingDirectory, "Cargo.toml"));
                    continue;
                }
                if (!IsCargoLambda)
                {
                    // Package from our own copy: cargo relinks target/ in place, possibly for another project, once we let go of the lock.
                    string copy = Path.Combine(Planned.StateDirectory, "bin", binary);
                    AtomicFile.Copy(path, copy);
                    path = copy;
                }
                binaries.Add(new BinaryItem(path, binary, Planned.Id).ToItem());
            }
            Binaries = binaries.ToArray();
            return !Log.HasLoggedErrors;
        }

        /// <summary>
        /// Lists the sources cargo says the binaries were built from (the &lt;bin&gt;.d file beside each executable), so the
        /// next build's up-to-date check covers path dependencies anywhere, not just the packages' own folders.
        /// </summary>
        private bool RecordInputs()
        {
            var inputs = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var binary in ExpectedBinaries)
            {
                if (!_executables.TryGetValue(binary, out var executable))
                {
                    continue;
                }
                string depInfo = Path.Combine(Path.GetDirectoryName(executable) ?? ".", binary + ".d");
                if (File.Exists(depInfo))
                {
                    inputs.UnionWith(DepInfo.Parse(File.ReadAllText(depInfo), WorkingDirectory));
                }
            }
            string file = Planned.DependencyInputsFile;
            if (inputs.Count > 0 && !string.IsNullOrEmpty(file))
            {
                AtomicFile.WriteTextIfChanged(file, string.Join("\n", inputs) + "\n");
            }
            return true;
        }
    }
}
