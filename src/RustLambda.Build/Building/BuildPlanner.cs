using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RustLambda.Build.Model;

namespace RustLambda.Build.Building
{
    /// <summary>
    /// Turns functions into as few cargo processes as possible: one per (crate or workspace, architecture, glibc floor,
    /// profile), each naming every binary it must produce. Functions sharing a binary and settings share its build.
    /// </summary>
    public static class BuildPlanner
    {
        public const string Al2GlibcSuffix = "2.26";

        public static BuildPlan Plan(IEnumerable<FunctionBuildRequest> functions, BuildSettings settings)
        {
            var invocations = new List<CargoInvocation>();
            var planned = new List<PlannedFunction>();
            var groups = functions.GroupBy(f => (Root: Path.GetFullPath(f.BuildRoot), f.Architecture, Glibc: GlibcFloor(f.Runtime), f.IsWorkspace))
                .OrderBy(g => g.Key.Root, StringComparer.Ordinal).ThenBy(g => g.Key.Architecture, StringComparer.Ordinal).ThenBy(g => g.Key.Glibc, StringComparer.Ordinal);
            string profileDirectory = ProfileDirectory(settings);

            foreach (var group in groups)
            {
                var binaries = group.Select(f => f.Binary).Distinct(StringComparer.Ordinal).OrderBy(b => b, StringComparer.Ordinal).ToList();
                string id = string.Join("-", new[] { group.Key.Architecture, group.Key.Glibc == null ? "default" : "glibc" + group.Key.Glibc, profileDirectory, ShortHash(group.Key.Root) });
                string stateDirectory = Path.Combine(settings.IntermediateDirectory, id);
                string? lambdaDirectory = settings.Builder == BuilderKind.CargoLambda ? Path.Combine(stateDirectory, "lambda") : null;
                var invocation = new CargoInvocation
                {
                    Id = id,
                    Builder = settings.Builder,
                    WorkingDirectory = group.Key.Root,
                    Arguments = Arguments(settings, group.Key.Architecture, group.Key.Glibc, group.Key.IsWorkspace, binaries, lambdaDirectory),
                    Architecture = group.Key.Architecture,
                    CrossCompiles = CrossCompiles(settings, group.Key.Architecture),
                    TargetTriple = TargetTriple(group.Key.Architecture),
                    ProfileDirectory = profileDirectory,
                    StateDirectory = stateDirectory,
                    LambdaDirectory = lambdaDirectory,
                    Binaries = binaries,
                };
                invocations.Add(invocation);
                planned.AddRange(group.Select(f => new PlannedFunction
                {
                    Request = f,
                    InvocationId = id,
                    ZipPath = Path.Combine(settings.OutputDirectory, f.LogicalId, "bootstrap.zip"),
                    BinaryPath = invocation.BinaryPath(f.Binary),
                }));
            }
            return new BuildPlan { Invocations = invocations, Functions = planned.OrderBy(p => p.Request.LogicalId, StringComparer.Ordinal).ToList() };
        }

        /// <summary>
        /// The arguments, in SAM's order (aws-lambda-builders' RustCargoLambdaBuildAction): the profile flag, then the
        /// target or architecture flag, then the binaries; then ours. Unlike SAM we always name the architecture, because
        /// cargo-lambda's default is the host's, which builds arm64 binaries for x86_64 functions on arm64 machines.
        /// </summary>
        public static IReadOnlyList<string> Arguments(BuildSettings settings, string architecture, string? glibcFloor, bool isWorkspace, IReadOnlyList<string> binaries, string? lambdaDirectory)
        {
            var arguments = new List<string>();
            if (settings.Builder == BuilderKind.CargoLambda)
            {
                arguments.Add("lambda");
            }
            arguments.Add("build");
            arguments.AddRange(ProfileArguments(settings));
            if (settings.Builder == BuilderKind.CargoLambda)
            {
                if (glibcFloor != null)
                {
                    arguments.Add("--target");
                    arguments.Add(TargetTriple(architecture) + "." + glibcFloor);
                }
                else
                {
                    arguments.Add(LambdaArchitectures.Get(architecture).CargoLambdaFlag);
                }
            }
            else if (CrossCompiles(settings, architecture))
            {
                // Native builds keep cargo's default target/<profile>; only another architecture needs the triple.
                arguments.Add("--target");
                arguments.Add(TargetTriple(architecture));
            }
            if (isWorkspace)
            {
                // In a workspace whose root is also a package, `--bin` alone only searches the root package.
                arguments.Add("--workspace");
            }
            foreach (var binary in binaries)
            {
                arguments.Add("--bin");
                arguments.Add(binary);
            }
            if (lambdaDirectory != null)
            {
                arguments.Add("--lambda-dir");
                arguments.Add(lambdaDirectory);
            }
            arguments.Add("--message-format=json");
            return arguments;
        }

        /// <summary>Plain cargo building for an architecture other than the host's.</summary>
        public static bool CrossCompiles(BuildSettings settings, string architecture) =>
            settings.Builder == BuilderKind.Cargo && settings.HostArchitecture != null && settings.HostArchitecture != architecture;

        public static IEnumerable<string> ProfileArguments(BuildSettings settings)
        {
            string? profile = settings.Profile?.Trim();
            if (!string.IsNullOrEmpty(profile))
            {
                return profile == "release" ? new[] { "--release" } : new[] { "--profile", profile! };
            }
            return IsDebug(settings) ? Array.Empty<string>() : new[] { "--release" };
        }

        public static string ProfileDirectory(BuildSettings settings)
        {
            string? profile = settings.Profile?.Trim();
            if (string.IsNullOrEmpty(profile))
            {
                return IsDebug(settings) ? "debug" : "release";
            }
            return profile switch
            {
                "dev" or "test" => "debug",
                "bench" => "release",
                _ => profile!,
            };
        }

        /// <summary>provided.al2 has glibc 2.26, below cargo-lambda's default floor; the others need no pin.</summary>
        public static string? GlibcFloor(string runtime) => runtime == "provided.al2" ? Al2GlibcSuffix : null;

        public static string TargetTriple(string architecture) => LambdaArchitectures.Get(architecture).TargetTriple;

        private static bool IsDebug(BuildSettings settings) => string.Equals(settings.Configuration, "Debug", StringComparison.OrdinalIgnoreCase);

        private static string ShortHash(string text)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return string.Concat(hash.Take(4).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }
}
