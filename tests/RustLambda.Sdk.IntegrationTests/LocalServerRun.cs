using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// `dotnet run -- --port N` in a functions project's folder, as a user types it: the local server, started on a free
    /// port and stopped (its whole process tree) on dispose. Ready once it prints `Listening on http://127.0.0.1:N`.
    /// </summary>
    public sealed class LocalServerRun : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();
        private readonly TaskCompletionSource<bool> _listening = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private LocalServerRun(Sandbox sandbox, string projectFolder, int port)
        {
            Port = port;
            BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            string ready = $"Listening on http://127.0.0.1:{port}";
            var start = sandbox.DotnetStartInfo(new[] { "run", "-p:UseSharedCompilation=false", "--", "--port", port.ToString() });
            start.WorkingDirectory = sandbox.PathOf(projectFolder);
            _process = Process.Start(start)!;
            _process.StandardInput.Close();
            DataReceivedEventHandler collect = (_, e) =>
            {
                if (e.Data == null)
                {
                    return;
                }
                lock (_output)
                {
                    _output.AppendLine(e.Data);
                }
                if (e.Data.Contains(ready))
                {
                    _listening.TrySetResult(true);
                }
            };
            _process.OutputDataReceived += collect;
            _process.ErrorDataReceived += collect;
            _process.EnableRaisingEvents = true;
            _process.Exited += (_, _) => _listening.TrySetResult(false);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Port { get; }
        public Uri BaseAddress { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Starts the server and waits until it listens (the first `dotnet run` also builds the functions).</summary>
        public static async Task<LocalServerRun> StartAsync(Sandbox sandbox, string projectFolder, TimeSpan timeout)
        {
            var run = new LocalServerRun(sandbox, projectFolder, FreePort());
            var finished = await Task.WhenAny(run._listening.Task, Task.Delay(timeout));
            if (finished != run._listening.Task || !run._listening.Task.Result)
            {
                string why = finished == run._listening.Task ? "dotnet run exited" : $"no 'Listening on' line within {timeout.TotalSeconds} s";
                run.Dispose();
                Assert.Fail($"{why}:\n{run.Output}");
            }
            return run;
        }

        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _process.Dispose();
        }
    }
}
