using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Sdk.IntegrationTests;

namespace RustLambda.LocalServer.Tests.Integration
{
    /// <summary>
    /// `dotnet run` in samples/LocalApi against the packed SDK, driven over real HTTP on a free port: the template's HTTP
    /// API, REST API and Function URL, the Invoke API (also through the real AWS CLI), bad input, load, rebuild on save
    /// and Ctrl+C. One server serves the whole class; the tests that stop or rebuild it start their own.
    /// </summary>
    [TestClass]
    public class DotnetRunTests
    {
        private const string Project = "LocalApi.csproj";
        private static Sandbox? _sandbox;
        private static ServerProcess? _server;
        private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) };

        private static ServerProcess Server => _server!;
        private static string Url => Server.Url;

        [ClassInitialize]
        public static void StartServer(TestContext _)
        {
            _sandbox = Sandbox.FromSample("LocalApi", "server");
            _server = ServerProcess.Start(_sandbox, Project, Array.Empty<string>(), new[] { "--port", ServerProcess.FreePort().ToString() });
        }

        [ClassCleanup]
        public static void StopServer()
        {
            _server?.Dispose();
            _sandbox?.Dispose();
        }

        private static async Task<(HttpResponseMessage Response, string Body)> Send(HttpMethod method, string path, HttpContent? content = null, params (string, string)[] headers)
        {
            var request = new HttpRequestMessage(method, Url + path) { Content = content };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            var response = await Http.SendAsync(request);
            return (response, await response.Content.ReadAsStringAsync());
        }

        private static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

        [TestMethod]
        public void It_prints_each_route_then_Listening_on()
        {
            var lines = Server.Lines();
            int listening = lines.FindIndex(l => l.StartsWith("Listening on http://127.0.0.1:", StringComparison.Ordinal));
            Assert.AreEqual(1, lines.Count(l => l.StartsWith("Listening on ", StringComparison.Ordinal)));
            var before = lines.Take(listening).ToList();
            foreach (var expected in new[] { "GET     " + Url + "/items/{id} -> HttpFunction [HttpApi (payload 2.0)", "ANY     " + Url + "/rest/{proxy+} -> RestFunction [Api (REST, payload 1.0), RestApi, stage dev]", "ANY     " + Url + "/v1/{proxy+} -> HttpFunction [HttpApi (payload 1.0)", Url + "/lambda-url/UrlFunction/ -> UrlFunction [Function URL, payload 2.0]" })
            {
                Assert.IsTrue(before.Any(l => l.Contains(expected, StringComparison.Ordinal)), $"no route line with '{expected}':\n{Server.Output}");
            }
        }

        [TestMethod]
        public async Task The_health_check_answers_200()
        {
            var (response, body) = await Send(HttpMethod.Get, "/__rustlambda/health");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            StringAssert.Contains(body, "ok");
        }

        [TestMethod]
        public async Task An_HttpApi_route_sends_a_2_0_event_and_maps_the_response_back()
        {
            var (response, body) = await Send(HttpMethod.Get, "/items/42?x=1&x=2", null, ("Cookie", "a=1; b=2"), ("X-Twice", "one"), ("X-Twice", "two"));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
            Assert.AreEqual("HttpFunction", Header(response, "x-function"));
            Assert.AreEqual("from-globals", Header(response, "x-probe"), "Globals' Environment.Variables reach the function");
            var e = JsonNode.Parse(body)!;
            Assert.AreEqual("2.0", (string?)e["version"]);
            Assert.AreEqual("GET /items/{id}", (string?)e["routeKey"]);
            Assert.AreEqual("42", (string?)e["pathParameters"]!["id"]);
            Assert.AreEqual("1,2", (string?)e["queryStringParameters"]!["x"]);
            Assert.AreEqual("one,two", (string?)e["headers"]!["x-twice"]);
            CollectionAssert.AreEqual(new[] { "a=1", "b=2" }, e["cookies"]!.AsArray().Select(c => (string?)c).ToArray());
        }

        [TestMethod]
        public async Task A_REST_route_sends_a_1_0_event_with_its_stage_and_stage_variables()
        {
            var (response, body) = await Send(HttpMethod.Get, "/rest/hello");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
            Assert.AreEqual("from-function", Header(response, "x-probe"), "the function's own variable wins over Globals");
            var e = JsonNode.Parse(body)!;
            Assert.AreEqual("/rest/hello", (string?)e["resource"], "the literal route beats /rest/{proxy+}");
            Assert.AreEqual("/dev/rest/hello", (string?)e["requestContext"]!["path"]);
            Assert.AreEqual("blue", (string?)e["stageVariables"]!["color"]);
            var png = new ByteArrayContent(new byte[] { 0x89, 0x50, 0x4E, 0x47 });
            png.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            var (_, binaryBody) = await Send(HttpMethod.Post, "/rest/upload", png);
            Assert.AreEqual(true, (bool)JsonNode.Parse(binaryBody)!["isBase64Encoded"]!, "image/png is a BinaryMediaType of the API");
        }

        [TestMethod]
        public async Task Unmatched_paths_answer_as_API_Gateway_does()
        {
            var (response, body) = await Send(HttpMethod.Get, "/no/such/route");
            Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
            StringAssert.Contains(body, "Missing Authentication Token");
            var (wrongMethod, _) = await Send(HttpMethod.Delete, "/items/1");
            Assert.AreEqual(HttpStatusCode.Forbidden, wrongMethod.StatusCode);
        }

        [TestMethod]
        public async Task A_Function_URL_gets_a_2_0_event_with_the_path_below_its_prefix()
        {
            var (response, body) = await Send(HttpMethod.Post, "/lambda-url/UrlFunction/orders/7?full=1", new StringContent("{\"n\":1}", Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
            var e = JsonNode.Parse(body)!;
            Assert.AreEqual("/orders/7", (string?)e["rawPath"]);
            Assert.AreEqual("$default", (string?)e["routeKey"]);
            Assert.AreEqual("{\"n\":1}", (string?)e["body"]);
            var (unknown, _) = await Send(HttpMethod.Get, "/lambda-url/HttpFunction/");
            Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode, "HttpFunction has no FunctionUrlConfig");
        }

        [TestMethod]
        public async Task Responses_map_as_API_Gateway_maps_them()
        {
            var (bare, bareBody) = await Send(HttpMethod.Get, "/http/bare");
            Assert.AreEqual(HttpStatusCode.OK, bare.StatusCode);
            Assert.AreEqual("{\"bare\":true,\"function\":\"HttpFunction\"}", bareBody);
            var (cookies, _) = await Send(HttpMethod.Get, "/http/cookies");
            Assert.AreEqual(HttpStatusCode.Created, cookies.StatusCode);
            CollectionAssert.AreEqual(new[] { "a=1; Path=/", "b=2" }, cookies.Headers.GetValues("Set-Cookie").ToArray());
            var binary = await Http.GetByteArrayAsync(Url + "/http/binary");
            CollectionAssert.AreEqual(new byte[] { 0, 1, 0xFE, 0xFF }, binary);
            Assert.AreEqual(HttpStatusCode.InternalServerError, (await Send(HttpMethod.Get, "/http/error")).Response.StatusCode);
            Assert.AreEqual(HttpStatusCode.BadGateway, (await Send(HttpMethod.Get, "/rest/x/error")).Response.StatusCode);
            Assert.AreEqual(HttpStatusCode.InternalServerError, (await Send(HttpMethod.Get, "/http/malformed")).Response.StatusCode);
            int from = Server.LineCount;
            Assert.AreEqual(HttpStatusCode.BadGateway, (await Send(HttpMethod.Get, "/rest/x/panic")).Response.StatusCode);
            Server.WaitFor(l => l.Contains("GET /rest/x/panic -> RestFunction 502", StringComparison.Ordinal) && l.Contains("crashed", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the crash in the server log", from);
            Assert.AreEqual(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/rest/hello")).Response.StatusCode, "a new process serves after the crash");
        }

        [TestMethod]
        public async Task A_function_that_never_answers_is_cut_at_its_Timeout_and_replaced()
        {
            var watch = Stopwatch.StartNew();
            var (response, _) = await Send(HttpMethod.Get, "/rest/x/sleep");
            watch.Stop();
            Assert.AreEqual(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(20), $"RestFunction's Timeout is 2 s; the answer took {watch.Elapsed}");
            Assert.AreEqual(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/rest/hello")).Response.StatusCode);
        }

        [TestMethod]
        public async Task Requests_over_6_MB_are_refused_with_413()
        {
            var big = new ByteArrayContent(new byte[FunctionLimits.MaxPayloadBytes + 1]);
            Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, (await Send(HttpMethod.Post, "/items", big)).Response.StatusCode);
            var (invoke, body) = await Send(HttpMethod.Post, "/2015-03-31/functions/HttpFunction/invocations", new StringContent("\"" + new string('x', FunctionLimits.MaxPayloadBytes) + "\""));
            Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, invoke.StatusCode);
            Assert.AreEqual("RequestEntityTooLargeException", Header(invoke, "x-amzn-ErrorType"), body);
        }

        [TestMethod]
        public async Task The_Invoke_API_answers_as_Lambda_does()
        {
            var (ok, okBody) = await Send(HttpMethod.Post, "/2015-03-31/functions/UrlFunction/invocations", new StringContent("{\"name\":\"x\"}"));
            Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
            Assert.AreEqual("x", (string?)JsonNode.Parse(okBody)!["echo"]!["name"]);
            var (failed, failedBody) = await Send(HttpMethod.Post, "/2015-03-31/functions/UrlFunction/invocations", new StringContent("{\"action\":\"error\"}"));
            Assert.AreEqual(HttpStatusCode.OK, failed.StatusCode);
            Assert.AreEqual("Unhandled", Header(failed, "X-Amz-Function-Error"));
            StringAssert.Contains(failedBody, "errorMessage");
            var (queued, _) = await Send(HttpMethod.Post, "/2015-03-31/functions/UrlFunction/invocations", new StringContent("{}"), ("X-Amz-Invocation-Type", "Event"));
            Assert.AreEqual(HttpStatusCode.Accepted, queued.StatusCode);
            var (dry, _) = await Send(HttpMethod.Post, "/2015-03-31/functions/UrlFunction/invocations", new StringContent("{}"), ("X-Amz-Invocation-Type", "DryRun"));
            Assert.AreEqual(HttpStatusCode.NoContent, dry.StatusCode);
            var (missing, _) = await Send(HttpMethod.Post, "/2015-03-31/functions/Nope/invocations", new StringContent("{}"));
            Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.AreEqual("ResourceNotFoundException", Header(missing, "x-amzn-ErrorType"));
        }

        [TestMethod]
        public void The_AWS_CLI_invokes_functions_through_endpoint_url()
        {
            var aws = AwsCli.Find();
            if (aws == null)
            {
                Assert.Inconclusive("no working `aws` (Debian's awscli) on this machine; CI installs it.");
            }
            string output = Path.Combine(_sandbox!.Folder, "out.json");
            var (code, stdout, stderr) = aws.Invoke(Url, "UrlFunction", "{\"name\":\"cli\"}", output);
            Assert.AreEqual(0, code, stderr);
            Assert.AreEqual("cli", (string?)JsonNode.Parse(File.ReadAllText(output))!["echo"]!["name"]);
            StringAssert.Contains(stdout, "200");

            (code, stdout, stderr) = aws.Invoke(Url, "UrlFunction", "{\"action\":\"error\"}", output);
            Assert.AreEqual(0, code, stderr);
            StringAssert.Contains(stdout, "Unhandled", "the CLI reports FunctionError from X-Amz-Function-Error");
            StringAssert.Contains(File.ReadAllText(output), "errorMessage");

            (code, _, stderr) = aws.Invoke(Url, "NoSuchFunction", "{}", output);
            Assert.AreNotEqual(0, code);
            StringAssert.Contains(stderr, "ResourceNotFoundException");
        }

        [TestMethod]
        public async Task Thousands_of_requests_over_several_functions_are_each_answered_exactly_once()
        {
            const int count = 2000;
            var paths = new[] { "/items/{0}", "/rest/n/{0}", "/lambda-url/UrlFunction/n/{0}", "/http/{0}/error", "/v1/n/{0}" };
            var answers = new ConcurrentDictionary<int, int>();
            var wrong = new ConcurrentBag<string>();
            using var gate = new SemaphoreSlim(32);
            var tasks = Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    string path = string.Format(paths[i % paths.Length], i) + (i % paths.Length == 3 ? "" : $"?n={i}");
                    var (response, body) = await Send(HttpMethod.Get, path);
                    answers.AddOrUpdate(i, 1, (_, n) => n + 1);
                    bool fails = i % paths.Length == 3;
                    // The echoed event carries this request's own query: rawQueryString (2.0) or queryStringParameters (1.0).
                    bool own = body.Contains($"n={i}\"", StringComparison.Ordinal) || body.Contains($"\"n\":\"{i}\"", StringComparison.Ordinal);
                    bool right = fails ? response.StatusCode == HttpStatusCode.InternalServerError : response.StatusCode == HttpStatusCode.OK && own;
                    if (!right)
                    {
                        wrong.Add($"{path}: {(int)response.StatusCode} {body.Substring(0, Math.Min(200, body.Length))}");
                    }
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(tasks);
            Assert.AreEqual(count, answers.Count);
            Assert.IsTrue(answers.Values.All(n => n == 1));
            Assert.AreEqual(0, wrong.Count, "answers that were not this request's own:\n" + string.Join("\n", wrong.Take(10)));
        }

        [TestMethod]
        public async Task A_function_flooding_stdout_does_not_stall_others()
        {
            var flood = Send(HttpMethod.Get, "/http/flood");
            await Task.Delay(50);
            var watch = Stopwatch.StartNew();
            var (other, _) = await Send(HttpMethod.Get, "/rest/hello");
            Assert.AreEqual(HttpStatusCode.OK, other.StatusCode);
            var (response, _) = await flood;
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), $"another function's request took {watch.Elapsed} during the flood");
            Server.WaitFor(l => l.StartsWith("[HttpFunction] flood line 19999 of request ", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the flood's last line, prefixed");
        }

        [TestMethod]
        public async Task Malformed_HTTP_and_clients_that_vanish_do_not_hurt_the_server()
        {
            var uri = new Uri(Url);
            using (var garbage = new TcpClient())
            {
                await garbage.ConnectAsync(uri.Host, uri.Port);
                var stream = garbage.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes("NOT HTTP AT ALL\r\n\x01\x02\r\n\r\n"));
                var buffer = new byte[256];
                int read = await stream.ReadAsync(buffer);
                StringAssert.StartsWith(Encoding.ASCII.GetString(buffer, 0, read), "HTTP/1.1 400");
            }
            using (var half = new TcpClient())
            {
                // Half a request, then gone.
                await half.ConnectAsync(uri.Host, uri.Port);
                await half.GetStream().WriteAsync(Encoding.ASCII.GetBytes("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":"));
            }
            using (var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            {
                // A client that gives up while its function runs.
                await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => Http.GetAsync(Url + "/http/x/sleep", impatient.Token));
            }
            var (response, _) = await Send(HttpMethod.Get, "/items/1");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.IsFalse(Server.HasExited);
        }
    }
}
