using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Toolchain
{

    /// <summary>
    /// Asks a rustc where a target's libraries are and looks for <c>libstd-*.rlib</c> there: a rustc without the target's
    /// std otherwise fails deep inside cargo with "can't find crate for `std`". Runs in the build root so rustup honours a
    /// rust-toolchain.toml there, with no shell and stdin closed (rustup must never prompt), and is killed after a minute.
    /// </summary>
    public sealed class RustcTargetProbe : IRustcTargetProbe
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        public RustcTargetLibrary Probe(string rustc, string targetTriple, string workingDirectory, IReadOnlyDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo(rustc)
            {
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            // No argument needs quoting (a target triple is letters, digits, '-' and '_'), so .NET Framework's single string is safe.
#if NET
            foreach (var argument in new[] { "--print", "target-libdir", "--target", targetTriple })
            {
                start.ArgumentList.Add(argument);
            }
#else
            start.Arguments = "--print target-libdir --target " + targetTriple;
#endif
            foreach (var variable in environment)
            {
                start.Environment[variable.Key] = variable.Value;
            }
            string output;
            string errors;
            try
            {
                using var process = Process.Start(start)!;
                process.StandardInput.Close();
                var error = process.StandardError.ReadToEndAsync();
                var read = process.StandardOutput.ReadToEndAsync();
                if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                    }
                    return new RustcTargetLibrary(rustc, null, false, $"`{rustc} --print target-libdir` did not answer within {Timeout.TotalSeconds:0} s");
                }
                output = read.Result.Trim();
                errors = error.Result.Trim();
                if (process.ExitCode != 0 || output.Length == 0)
                {
                    string said = errors.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {process.ExitCode}";
                    return new RustcTargetLibrary(rustc, null, false, $"`{rustc} --print target-libdir --target {targetTriple}` failed: {said}");
                }
            }
            catch (Exception ex) when (ex is Win32Exception || ex is IOException || ex is InvalidOperationException)
            {
                return new RustcTargetLibrary(rustc, null, false, $"{rustc} could not be started ({ex.Message})");
            }
            string libraryDirectory = output.Split('\n').Last().Trim();
            bool hasStd = Directory.Exists(libraryDirectory) && Directory.EnumerateFiles(libraryDirectory, "libstd-*.rlib").Any();
            return new RustcTargetLibrary(rustc, libraryDirectory, hasStd, null);
        }
    }
}
