using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RustLambda.Hosting;

// ServerBench <sandbox folder> <project file> <port> <requests> <runs>
// Prints one Markdown table row per measurement: | what | value | baseline | ratio |.
namespace ServerBench
{
    public static class Program
    {
        private static readonly List<string> RebuildLines = new();
        private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) };

        public static async Task<int> Main(string[] args)
        {
            string folder = args[0], project = args[1];
            int port = int.Parse(args[2]), requests = int.Parse(args[3]), runs = int.Parse(args[4]);
            string url = $"http://127.0.0.1:{port}";
            string source = Path.Combine(folder, "src", "main.rs");
            string original = File.ReadAllText(source);
            var rows = new List<string>();

            // 1. `dotnet run` (a no-op build: the script built the project first) to the first answer.
            var cold = Stopwatch.StartNew();
            using var server = StartServer(folder, project, port);
            await WaitForAnswer(url + "/items/1", TimeSpan.FromMinutes(3));
            cold.Stop();
            rows.Add($"| `dotnet run` (no-op build) to the first answer | {cold.Elapsed.TotalSeconds:F2} s | | |");

            // 2. Warm latency through the server, and the same event straight into the pool, alternating request by request so
            //    that both see the same load on a shared machine (measured one block after the other, a change in load between
            //    the blocks showed up as overhead).
            string eventJson = await Http.GetStringAsync(url + "/items/1");
            var viaServer = new List<double>();
            var direct = new List<double>();
            string zip = Path.Combine(folder, "bin", "Debug", "HttpFunction", "bootstrap.zip");
            await using (var pool = FunctionInstancePool.Create(new LambdaFunctionDefinition { FunctionName = "HttpFunction", BootstrapPath = zip, Timeout = TimeSpan.FromSeconds(10) }))
            {
                for (int i = 0; i < 100; i++)
                {
                    await Http.GetStringAsync(url + "/items/1");
                    await pool.InvokeAsync(eventJson);
                }
                for (int i = 0; i < requests; i++)
                {
                    var w = Stopwatch.StartNew();
                    await Http.GetStringAsync(url + "/items/1");
                    viaServer.Add(w.Elapsed.TotalMilliseconds);
                    w.Restart();
                    var r = await pool.InvokeAsync(eventJson);
                    direct.Add(w.Elapsed.TotalMilliseconds);
                    if (!r.IsSuccess)
                    {
                        throw new InvalidOperationException(r.ToString());
                    }
                }
            }
            double p50s = Percentile(viaServer, 50), p99s = Percentile(viaServer, 99), p50d = Percentile(direct, 50), p99d = Percentile(direct, 99);
            rows.Add($"| warm request p50 through the server (vs the pool directly), {requests} requests | {p50s:F2} ms | {p50d:F2} ms | overhead {p50s - p50d:F2} ms |");
            rows.Add($"| warm request p99 through the server (vs the pool directly) | {p99s:F2} ms | {p99d:F2} ms | overhead {p99s - p99d:F2} ms |");

            // 3. Throughput: 1 client and 16 concurrent clients for 5 s each.
            double one = await Throughput(url + "/items/1", 1, TimeSpan.FromSeconds(5));
            double sixteen = await Throughput(url + "/items/1", 16, TimeSpan.FromSeconds(5));
            rows.Add($"| throughput, 16 concurrent clients (vs 1 client) | {sixteen:F0} req/s | {one:F0} req/s | {sixteen / one:F2}x |");

            // 4. Save to the first new answer, against raw cargo building the same one-line change.
            var saves = new List<double>();
            for (int run = 0; run < runs; run++)
            {
                string mark = $"bench {run} {Guid.NewGuid():N}";
                var w = Stopwatch.StartNew();
                File.WriteAllText(source, original.Replace("\"hello v1\"", $"\"{mark}\""));
                await WaitForHeader(url + "/items/1", "x-greeting", mark, TimeSpan.FromMinutes(3));
                saves.Add(w.Elapsed.TotalMilliseconds);
                await Task.Delay(500);
            }
            Stop(server);
            var cargo = new List<double>();
            for (int run = 0; run < runs; run++)
            {
                File.WriteAllText(source, original.Replace("\"hello v1\"", $"\"cargo {run} {Guid.NewGuid():N}\""));
                var w = Stopwatch.StartNew();
                Run(folder, "cargo", "build", "--bin", "api_echo");
                cargo.Add(w.Elapsed.TotalMilliseconds);
            }
            File.WriteAllText(source, original);
            double save = Median(saves), raw = Median(cargo);
            rows.Add($"| save a one-line `.rs` change to the first new answer (vs raw `cargo build` of it), median of {runs} | {save / 1000:F2} s | {raw / 1000:F2} s | +{(save - raw) / 1000:F2} s |");

            foreach (var row in rows)
            {
                Console.WriteLine(row);
            }
            // The server's own profile of each measured save, for the notes under the table (the script reads stderr).
            lock (RebuildLines)
            {
                foreach (var line in RebuildLines)
                {
                    Console.Error.WriteLine(line);
                }
            }
            return 0;
        }

        private static Process StartServer(string folder, string project, int port)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "run", "--project", project, "--", "--port", port.ToString() })
            {
                start.ArgumentList.Add(a);
            }
            var process = Process.Start(start)!;
            process.StandardInput.Close();
            // Drain the server's output so it never blocks on a full pipe; keep its rebuild profiles ("Rebuilt in ...") for the notes.
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data != null && e.Data.StartsWith("Rebuilt in ", StringComparison.Ordinal))
                {
                    lock (RebuildLines)
                    {
                        RebuildLines.Add(e.Data);
                    }
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        private static void Stop(Process server)
        {
            foreach (var pid in Children(server.Id))
            {
                Run("/", "kill", "-INT", pid.ToString());
            }
            if (!server.WaitForExit(30_000))
            {
                server.Kill(entireProcessTree: true);
            }
        }

        private static IEnumerable<int> Children(int parent) =>
            Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsDigit)).Select(int.Parse)
                .Where(pid =>
                {
                    try
                    {
                        return File.ReadAllLines($"/proc/{pid}/status").Any(l => l == $"PPid:\t{parent}");
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                }).ToList();

        private static void Run(string folder, string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            process.WaitForExit();
        }

        private static async Task WaitForAnswer(string url, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    if ((await Http.GetAsync(url)).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(20);
            }
            throw new TimeoutException("no answer from " + url);
        }

        private static async Task WaitForHeader(string url, string header, string value, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                var response = await Http.GetAsync(url);
                if (response.Headers.TryGetValues(header, out var values) && values.Contains(value))
                {
                    return;
                }
                await Task.Delay(20);
            }
            throw new TimeoutException($"{url} never answered {header}: {value}");
        }

        private static async Task<double> Throughput(string url, int clients, TimeSpan duration)
        {
            long done = 0;
            var end = DateTime.UtcNow + duration;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                while (DateTime.UtcNow < end)
                {
                    await Http.GetStringAsync(url);
                    Interlocked.Increment(ref done);
                }
            }));
            return done / watch.Elapsed.TotalSeconds;
        }

        private static double Percentile(List<double> values, int p)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
        }

        private static double Median(List<double> values) => Percentile(values, 50);
    }
}
