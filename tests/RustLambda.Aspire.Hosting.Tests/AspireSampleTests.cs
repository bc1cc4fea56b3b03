using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Aspire.Hosting.Tests
{
    /// <summary>
    /// The sample app host (samples/AspireApp) started by Aspire.Hosting.Testing with the real orchestrator: the .NET web
    /// API calls the Rust function through the "functions" resource, and the app host's environment reaches the function.
    /// </summary>
    [TestClass]
    public class AspireSampleTests
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

        [TestMethod]
        public async Task The_web_API_calls_the_Rust_function_through_the_functions_resource()
        {
            using var cancellation = new CancellationTokenSource(StartTimeout);
            var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(cancellation.Token);
            await using var app = await appHost.BuildAsync(cancellation.Token);
            var logs = new StringBuilder();
            _ = CollectLogsAsync(app, logs, cancellation.Token);
            // StartAsync returns once every resource started, and the web API waits for the functions to be healthy: watch
            // the functions resource meanwhile, so that a server that exits fails the test at once, with its log.
            var starting = app.StartAsync(cancellation.Token);
            var healthy = app.ResourceNotifications.WaitForResourceHealthyAsync("functions", cancellation.Token);
            var ended = app.ResourceNotifications.WaitForResourceAsync("functions",
                e => e.Snapshot.State?.Text is "Exited" or "FailedToStart" or "Finished", cancellation.Token);
            var first = await Task.WhenAny(healthy, ended, Task.Delay(StartTimeout, cancellation.Token));
            if (first != healthy || !healthy.IsCompletedSuccessfully)
            {
                string why = first == healthy ? healthy.Exception?.GetBaseException().Message ?? "cancelled" : first == ended ? "its process ended" : "timed out";
                Assert.Fail($"the functions resource did not become healthy ({why}). Resource logs:\n{Snapshot(logs)}");
            }
            await starting;
            await app.ResourceNotifications.WaitForResourceHealthyAsync("webapi", cancellation.Token);

            using var http = app.CreateHttpClient("webapi");
            using var response = await http.GetAsync("/hello/Ada", cancellation.Token);
            string body = await response.Content.ReadAsStringAsync(cancellation.Token);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body + "\n" + Snapshot(logs));
            using var json = JsonDocument.Parse(body);
            Assert.AreEqual("Hello from the app host, Ada!", json.RootElement.GetProperty("message").GetString(), "WithEnvironment's GREETING overrides the template's");
            Assert.AreEqual("webapi", json.RootElement.GetProperty("caller").GetString(), "WithEnvironment's CALLER reaches the function");

            using var functions = app.CreateHttpClient("functions");
            using var health = await functions.GetAsync("/__rustlambda/health", cancellation.Token);
            Assert.AreEqual(HttpStatusCode.OK, health.StatusCode);
            // The function's own stderr line, in the functions resource's log (the dashboard's console view); the log
            // service puts a timestamp before each line.
            var functionLine = new Regex(@"^\[functions\] .*\[GreetFunction\] greeting Ada for webapi\r?$", RegexOptions.Multiline);
            await WaitForAsync(() => functionLine.IsMatch(Snapshot(logs)), TimeSpan.FromSeconds(10), logs);
        }

        /// <summary>Every resource's log lines as the dashboard shows them, prefixed by resource name.</summary>
        private static async Task CollectLogsAsync(DistributedApplication app, StringBuilder logs, CancellationToken cancellation)
        {
            var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
            var watching = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
            try
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync(cancellation))
                {
                    string name = update.Resource.Name;
                    if (watching.TryAdd(name, true))
                    {
                        _ = Task.Run(async () =>
                        {
                            await foreach (var batch in loggers.WatchAsync(update.ResourceId).WithCancellation(cancellation))
                            {
                                lock (logs)
                                {
                                    foreach (var line in batch)
                                    {
                                        logs.Append('[').Append(name).Append("] ").AppendLine(line.Content);
                                    }
                                }
                            }
                        }, cancellation);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private static string Snapshot(StringBuilder logs)
        {
            lock (logs)
            {
                return logs.ToString();
            }
        }

        private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, StringBuilder logs)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"the line did not appear within {timeout}. Resource logs:\n{Snapshot(logs)}");
                }
                await Task.Delay(100);
            }
        }
    }
}
