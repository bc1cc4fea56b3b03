using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>The repository layout and the packed SDK the tests build against.</summary>
    public static class Repo
    {
        public static readonly string Root = FindRoot();
        public static readonly string Version = Regex.Match(File.ReadAllText(Path.Combine(Root, "build", "Version.props")), "<RustLambdaSdkVersion>(.*)</RustLambdaSdkVersion>").Groups[1].Value;
        public static string Packages => Path.Combine(Root, "artifacts", "packages");
        public static string NuGetCache => Path.Combine(Root, "artifacts", "nuget-cache");
        public static string StandInCargoLambda => Path.Combine(Root, "tests", "tools", "standin-cargo-lambda");

        public static string RealCargo { get; } = FindCargo();

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RustLambda.Sdk.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("RustLambda.Sdk.sln not found above " + AppContext.BaseDirectory);
        }

        private static string FindCargo()
        {
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cargo", "bin")))
            {
                string candidate = Path.Combine(folder, "cargo");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InvalidOperationException("cargo not found; the integration tests need Rust.");
        }
    }

    public sealed class BuildResult
    {
        public int ExitCode { get; init; }
        public string Output { get; init; } = "";
        public bool Succeeded => ExitCode == 0;

        public void AssertSucceeded() => Assert.AreEqual(0, ExitCode, "dotnet build failed:\n" + Output);

        public void AssertFailedWith(string code)
        {
            Assert.AreNotEqual(0, ExitCode, "the build should have failed:\n" + Output);
            StringAssert.Contains(Output, "error " + code + ":", Output);
            Assert.IsFalse(Output.Contains("MSB4018"), "an exception escaped a task:\n" + Output);
            Assert.IsFalse(Output.Contains("MSB6006") || Output.Contains("MSB6004"), "ToolTask's generic error leaked:\n" + Output);
        }
    }

    /// <summary>
    /// A copy of a sample (or a hand-made project) in a temp folder, with a global.json naming the packed SDK, a nuget.config
    /// for artifacts/packages, and a logging `cargo` first on PATH so tests can count cargo processes.
    /// </summary>
    public sealed class Sandbox : IDisposable
    {
        private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "rl-it");

        private readonly string _root;

        private Sandbox(string path, string root)
        {
            _root = root;
            Folder = path;
            Directory.CreateDirectory(path);
            ToolsDirectory = System.IO.Path.Combine(path, ".tools");
            CargoLog = System.IO.Path.Combine(ToolsDirectory, "cargo.log");
            StandInLog = System.IO.Path.Combine(ToolsDirectory, "standin.log");
            Directory.CreateDirectory(ToolsDirectory);
            File.WriteAllText(System.IO.Path.Combine(path, "global.json"), $"{{ \"msbuild-sdks\": {{ \"RustLambda.Sdk\": \"{Repo.Version}\" }} }}\n");
            File.WriteAllText(System.IO.Path.Combine(path, "nuget.config"),
                $"<configuration><packageSources><clear /><add key=\"local\" value=\"{Repo.Packages}\" /></packageSources></configuration>\n");
            string logger = System.IO.Path.Combine(ToolsDirectory, "cargo");
            // Records every cargo start (subcommand first), then runs the real cargo.
            File.WriteAllText(logger, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{CargoLog}'\nexec '{Repo.RealCargo}' \"$@\"\n");
            File.SetUnixFileMode(logger, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        public string Folder { get; }
        public string ToolsDirectory { get; }
        public string CargoLog { get; }
        public string StandInLog { get; }

        /// <summary>Cargo starts so far (each line: the arguments).</summary>
        public IReadOnlyList<string> CargoStarts => File.Exists(CargoLog) ? File.ReadAllLines(CargoLog) : Array.Empty<string>();

        public IReadOnlyList<string[]> StandInInvocations => File.Exists(StandInLog)
            ? File.ReadAllLines(StandInLog).Select(l => l.Split('\t').Skip(1).Where(a => a.Length > 0).ToArray()).ToList()
            : new List<string[]>();

        /// <summary>The sample in &lt;root&gt;/&lt;sample&gt;, with the samples' shared runtime crate beside it as in the repository.</summary>
        public static Sandbox FromSample(string sample, string? name = null)
        {
            string root = NewRoot(name ?? sample);
            var sandbox = new Sandbox(System.IO.Path.Combine(root, sample), root);
            CopySample(sample, sandbox.Folder);
            return sandbox;
        }

        public static Sandbox Empty(string name)
        {
            string root = NewRoot(name);
            return new Sandbox(root, root);
        }

        /// <summary>Copies a sample into a folder of this sandbox, its shared runtime crate beside it.</summary>
        public void AddSample(string sample, string relativeFolder) => CopySample(sample, PathOf(relativeFolder));

        private static void CopySample(string sample, string destination)
        {
            CopyDirectory(System.IO.Path.Combine(Repo.Root, "samples", sample), destination);
            string runtime = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(destination)!, "lambda_runtime_lite");
            if (!Directory.Exists(runtime))
            {
                CopyDirectory(System.IO.Path.Combine(Repo.Root, "samples", "lambda_runtime_lite"), runtime);
            }
        }

        private static string NewRoot(string name)
        {
            if (!File.Exists(System.IO.Path.Combine(Repo.Packages, $"RustLambda.Sdk.{Repo.Version}.nupkg")))
            {
                Assert.Fail($"RustLambda.Sdk.{Repo.Version}.nupkg is not in {Repo.Packages}; run build/test.sh (it packs the SDK first).");
            }
            string path = System.IO.Path.Combine(TempRoot, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(path);
            return path;
        }

        public string PathOf(string relative) => System.IO.Path.Combine(Folder, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

        public void Write(string relative, string content)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(PathOf(relative))!);
            File.WriteAllText(PathOf(relative), content);
        }

        /// <summary>Moves a file's timestamp forward, as an edit would.</summary>
        public void Touch(string relative) => File.SetLastWriteTimeUtc(PathOf(relative), DateTime.UtcNow.AddSeconds(2));

        public BuildResult Build(string project, params string[] arguments) => Dotnet(new[] { "build", project }.Concat(arguments).ToArray());

        public BuildResult Dotnet(string[] arguments, IDictionary<string, string?>? environment = null, bool withStandIn = false)
        {
            var start = DotnetStartInfo(arguments, environment, withStandIn);
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(300_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("dotnet did not finish within 5 minutes:\n" + output);
            }
            process.WaitForExit();
            return new BuildResult { ExitCode = process.ExitCode, Output = output.ToString() };
        }

        /// <summary>How <see cref="Dotnet"/> starts dotnet in this sandbox (its PATH, NuGet cache and environment), for a test that keeps the process running.</summary>
        public ProcessStartInfo DotnetStartInfo(string[] arguments, IDictionary<string, string?>? environment = null, bool withStandIn = false)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            // Build-like commands leave no MSBuild or compiler server processes behind a test; `dotnet new`/`sln` take none of these.
            bool runsMSBuild = new[] { "build", "msbuild", "publish", "clean", "pack", "test" }.Contains(arguments[0]);
            foreach (var argument in runsMSBuild ? arguments.Concat(new[] { "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false" }) : arguments)
            {
                start.ArgumentList.Add(argument);
            }
            string path = ToolsDirectory + System.IO.Path.PathSeparator + (withStandIn ? Repo.StandInCargoLambda + System.IO.Path.PathSeparator : "") + Environment.GetEnvironmentVariable("PATH");
            start.Environment["PATH"] = path;
            start.Environment["NUGET_PACKAGES"] = Repo.NuGetCache;
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["RUSTLAMBDA_STANDIN_LOG"] = StandInLog;
            // The tests decide the opt-in themselves; an opt-in in the machine's environment would hide the RL0040 tests.
            start.Environment.Remove("SAM_CLI_BETA_FEATURES");
            start.Environment.Remove("SAM_CLI_BETA_RUST_CARGO_LAMBDA");
            start.Environment.Remove("CARGO");
            foreach (var variable in environment ?? new Dictionary<string, string?>())
            {
                if (variable.Value == null)
                {
                    start.Environment.Remove(variable.Key);
                }
                else
                {
                    start.Environment[variable.Key] = variable.Value;
                }
            }
            return start;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void CopyDirectory(string source, string destination)
        {
            Directory.CreateDirectory(destination);
            foreach (var directory in Directory.GetDirectories(source))
            {
                string name = System.IO.Path.GetFileName(directory);
                // Outputs are not copied: cargo's target/, SAM's .aws-sam/, .NET's bin/ and obj/ (but a crate's src/bin/ is source).
                bool isOutput = name == "target" || name == ".aws-sam" || name == "obj" || (name == "bin" && System.IO.Path.GetFileName(source) != "src");
                if (!isOutput)
                {
                    CopyDirectory(directory, System.IO.Path.Combine(destination, name));
                }
            }
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, System.IO.Path.Combine(destination, System.IO.Path.GetFileName(file)));
            }
        }
    }
}
