using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>Stopping a build, or cargo dying under it: no hang, no leftover process, no zip, one clear error.</summary>
    [TestClass]
    public class CancellationTests
    {
        /// <summary>A cargo that records its pid, starts a child of its own, and then hangs, as a long compile would.</summary>
        private static string WriteSlowCargo(Sandbox sandbox)
        {
            string script = sandbox.PathOf(".tools/slow/cargo");
            sandbox.Write(".tools/slow/cargo", $"#!/bin/sh\necho $$ > '{sandbox.PathOf(".tools/slow/cargo.pid")}'\nsleep 300 &\necho $! > '{sandbox.PathOf(".tools/slow/child.pid")}'\nwait\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return script;
        }

        private static bool IsRunning(string pidFile) =>
            int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) && Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

        [TestMethod]
        [Timeout(240_000)]
        public void Ctrl_C_stops_cargo_and_its_children_and_leaves_no_zip()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            string cargo = WriteSlowCargo(sandbox);
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = sandbox.Folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in new[] { "build", "SingleFunction.csproj", "-nologo", "-nodeReuse:false", $"-p:RustLambdaCargoPath={cargo}", "-p:RustLambdaBuilder=cargo" })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["NUGET_PACKAGES"] = Repo.NuGetCache;
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            var output = new StringBuilder();
            using var dotnet = Process.Start(start)!;
            dotnet.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            dotnet.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            dotnet.BeginOutputReadLine();
            dotnet.BeginErrorReadLine();

            string childPid = sandbox.PathOf(".tools/slow/child.pid");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!File.Exists(childPid) || File.ReadAllText(childPid).Trim().Length == 0)
            {
                Assert.IsTrue(DateTime.UtcNow < deadline && !dotnet.HasExited, "cargo never started:\n" + output);
                Thread.Sleep(100);
            }

            using (var interrupt = Process.Start("kill", $"-INT {dotnet.Id}"))
            {
                interrupt.WaitForExit();
            }
            Assert.IsTrue(dotnet.WaitForExit(60_000), "the build did not stop after Ctrl+C:\n" + output);
            dotnet.WaitForExit();
            Thread.Sleep(500);
            Assert.AreNotEqual(0, dotnet.ExitCode);
            Assert.IsFalse(IsRunning(sandbox.PathOf(".tools/slow/cargo.pid")), "cargo was left running");
            Assert.IsFalse(IsRunning(childPid), "cargo's child was left running");
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
            Assert.IsFalse(output.ToString().Contains("MSB4018"), output.ToString());
        }

        [TestMethod]
        public void A_cargo_killed_mid_build_is_one_clear_error()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            string script = sandbox.PathOf(".tools/killed/cargo");
            sandbox.Write(".tools/killed/cargo", "#!/bin/sh\necho '   Compiling single_function v0.1.0' >&2\nkill -9 $$\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var build = sandbox.Build("SingleFunction.csproj", $"-p:RustLambdaCargoPath={script}", "-p:RustLambdaBuilder=cargo");
            build.AssertFailedWith("RL0060");
            StringAssert.Contains(build.Output, "exited with code 137");
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
        }
    }
}
