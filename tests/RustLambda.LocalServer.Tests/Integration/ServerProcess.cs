using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Sdk.IntegrationTests;

namespace RustLambda.LocalServer.Tests.Integration
{
    /// <summary>
    /// `dotnet run` of a sandboxed sample, as a user starts it: output collected line by line, the URL taken from the
    /// `Listening on` line, stopped with SIGINT (Ctrl+C) and, should that fail, killed with its whole tree.
    /// </summary>
    public sealed class ServerProcess : IDisposable
    {
        private static readonly Regex Listening = new(@"^Listening on (http://\S+)$");
        private readonly Process _process;
        private readonly List<string> _lines = new();

        private ServerProcess(Process process) => _process = process;

        public string Url { get; private set; } = "";
        public int Pid => _process.Id;
        public bool HasExited => _process.HasExited;
        public int ExitCode => _process.ExitCode;

        public string Output
        {
            get { lock (_lines) { return string.Join("\n", _lines); } }
        }

        public int LineCount
        {
            get { lock (_lines) { return _lines.Count; } }
        }

        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Starts `dotnet run [runArguments] -- [serverArguments]` in the sandbox; waits for `Listening on` unless told not to.</summary>
        public static ServerProcess Start(Sandbox sandbox, string project, string[] runArguments, string[] serverArguments, IDictionary<string, string>? environment = null, bool waitForListening = true)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = sandbox.Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "run", "--project", project }.Concat(runArguments).Concat(new[] { "--" }).Concat(serverArguments))
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["PATH"] = sandbox.ToolsDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["NUGET_PACKAGES"] = Repo.NuGetCache;
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment.Remove("CARGO");
            foreach (var pair in environment ?? new Dictionary<string, string>())
            {
                start.Environment[pair.Key] = pair.Value;
            }
            var server = new ServerProcess(new Process { StartInfo = start });
            server._process.OutputDataReceived += (_, e) => server.Add(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Add(e.Data);
            server._process.Start();
            server._process.StandardInput.Close();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            if (waitForListening)
            {
                server.WaitFor(line => Listening.IsMatch(line), TimeSpan.FromMinutes(4), "Listening on");
                server.Url = Listening.Match(server.Lines().Last(l => Listening.IsMatch(l))).Groups[1].Value;
            }
            return server;
        }

        private void Add(string? line)
        {
            if (line != null)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }

        public List<string> Lines()
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }

        /// <summary>Waits until a line (from <paramref name="fromLine"/> on) satisfies the condition; fails with the output otherwise.</summary>
        public string WaitFor(Func<string, bool> condition, TimeSpan timeout, string what, int fromLine = 0)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                var found = Lines().Skip(fromLine).FirstOrDefault(condition);
                if (found != null)
                {
                    return found;
                }
                if (_process.HasExited)
                {
                    Thread.Sleep(200);
                    found = Lines().Skip(fromLine).FirstOrDefault(condition);
                    if (found != null)
                    {
                        return found;
                    }
                    Assert.Fail($"the server exited ({_process.ExitCode}) before printing {what}:\n{Output}");
                }
                Thread.Sleep(50);
            }
            Assert.Fail($"no {what} within {timeout}:\n{Output}");
            return "";
        }

        /// <summary>Every process below `dotnet run` (the server, its bootstrap processes), from /proc.</summary>
        public List<int> Descendants() => DescendantsOf(_process.Id);

        public static List<int> DescendantsOf(int root)
        {
            var parents = new Dictionary<int, int>();
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid))
                {
                    continue;
                }
                try
                {
                    var ppid = File.ReadAllLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                    if (ppid != null)
                    {
                        parents[pid] = int.Parse(ppid.Substring(5).Trim());
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
            var result = new List<int>();
            var queue = new Queue<int>(new[] { root });
            while (queue.Count > 0)
            {
                int current = queue.Dequeue();
                foreach (var child in parents.Where(p => p.Value == current).Select(p => p.Key))
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
            return result;
        }

        public static bool IsAlive(int pid)
        {
            try
            {
                // A zombie has exited; only its parent's wait is missing.
                var state = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal));
                return state != null && !state.Contains("zombie", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>The server itself: the `dotnet exec ... RustLambda.LocalServer.dll` child of `dotnet run`.</summary>
        public int ServerPid()
        {
            foreach (var pid in Descendants())
            {
                try
                {
                    if (File.ReadAllText($"/proc/{pid}/cmdline").Contains("RustLambda.LocalServer.dll", StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
            }
            return _process.Id;
        }

        /// <summary>Ctrl+C: SIGINT to the server, as a terminal sends it to the foreground process group.</summary>
        public bool Interrupt(TimeSpan timeout)
        {
            if (_process.HasExited)
            {
                return true;
            }
            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", ServerPid().ToString() }, UseShellExecute = false })!)
            {
                kill.WaitForExit();
            }
            if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                return false;
            }
            // The timed wait returns at exit, before the redirected output is read to its end; this one waits for that.
            _process.WaitForExit();
            return true;
        }

        public void Dispose()
        {
            if (!_process.HasExited && !Interrupt(TimeSpan.FromSeconds(15)))
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }
}
