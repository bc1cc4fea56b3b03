using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Hosting.Processes;
using RustLambda.Hosting.RuntimeApi;
using static RustLambda.Testing.Tests.TestSupport;

namespace RustLambda.Testing.Tests
{
    /// <summary>The Runtime API's HTTP handling, spoken to directly while the function's runtime idles in its long poll.</summary>
    [TestClass]
    public class RuntimeApiHttpTests
    {
        private const int TestTimeout = 60_000;

        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Keep_alive_connection_serves_several_requests()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            using var connection = await RawConnection.OpenAsync(fn.RuntimeApiAddress, TestContext.Token());

            await connection.SendAsync("POST /2018-06-01/runtime/invocation/not-a-request/response HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            var first = await connection.ReadResponseAsync();
            Assert.AreEqual(400, first.Status);
            Assert.AreEqual("application/json", first.Headers["Content-Type"]);
            Assert.AreEqual("{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}", first.Body);

            await connection.SendAsync("GET /2018-06-01/runtime/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            var second = await connection.ReadResponseAsync();
            Assert.AreEqual(404, second.Status);
            Assert.AreEqual("NotFound", Json(second.Body).GetProperty("errorType").GetString());

            await connection.SendAsync("POST /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            var third = await connection.ReadResponseAsync();
            Assert.AreEqual(405, third.Status);
            Assert.AreEqual("GET", third.Headers["Allow"]);

            // The function is untouched by all this.
            AssertSuccess(await fn.InvokeAsync("{}", TestContext.Token()));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Pipelined_requests_and_chunked_bodies_are_read_correctly()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            using var connection = await RawConnection.OpenAsync(fn.RuntimeApiAddress, TestContext.Token());
            await connection.SendAsync(
                "POST /2018-06-01/runtime/invocation/x/error HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nTrailer: 1\r\n\r\n"
                + "POST /2018-06-01/runtime/invocation/y/error HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz");
            Assert.AreEqual(400, (await connection.ReadResponseAsync()).Status);
            Assert.AreEqual(400, (await connection.ReadResponseAsync()).Status);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Expect_100_continue_is_answered_before_the_body()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            using var connection = await RawConnection.OpenAsync(fn.RuntimeApiAddress, TestContext.Token());
            await connection.SendAsync("POST /2018-06-01/runtime/invocation/x/response HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            var interim = await connection.ReadResponseAsync();
            Assert.AreEqual(100, interim.Status);
            await connection.SendAsync("null");
            Assert.AreEqual(400, (await connection.ReadResponseAsync()).Status);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Http_1_0_and_Connection_close_close_the_connection()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            foreach (var request in new[]
            {
                "GET /nothing HTTP/1.0\r\n\r\n",
                "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            })
            {
                using var connection = await RawConnection.OpenAsync(fn.RuntimeApiAddress, TestContext.Token());
                await connection.SendAsync(request);
                var response = await connection.ReadResponseAsync();
                Assert.AreEqual(404, response.Status);
                Assert.AreEqual("close", response.Headers["Connection"]);
                Assert.IsTrue(await connection.IsClosedAsync(), "the server closes the connection");
            }
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Malformed_requests_get_400_and_a_closed_connection()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            using var connection = await RawConnection.OpenAsync(fn.RuntimeApiAddress, TestContext.Token());
            await connection.SendAsync("this is not http\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.AreEqual(400, response.Status);
            Assert.IsTrue(await connection.IsClosedAsync());
            AssertSuccess(await fn.InvokeAsync("{}", TestContext.Token()));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Body_over_the_limit_is_read_and_dropped_and_the_connection_stays_usable()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            using var connection = await RawConnection.OpenAsync(fn.RuntimeApiAddress, TestContext.Token());
            int size = 7_000_000;
            await connection.SendAsync($"POST /2018-06-01/runtime/invocation/x/response HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n\r\n" + new string('x', size));
            var response = await connection.ReadResponseAsync();
            Assert.AreEqual(400, response.Status, "an unknown request id, whatever the size");
            Assert.IsFalse(response.Headers.ContainsKey("Connection"));
            await connection.SendAsync("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.AreEqual(404, (await connection.ReadResponseAsync()).Status);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Oversized_body_gets_413_and_a_closed_connection()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            using var connection = await RawConnection.OpenAsync(fn.RuntimeApiAddress, TestContext.Token());
            await connection.SendAsync("POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.AreEqual(403, response.Status, "the runtime is past init");
            Assert.IsTrue(await connection.IsClosedAsync(), "the unread body cannot be skipped: the connection is closed");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public void Exit_statuses_are_described_as_Lambda_does()
        {
            Assert.AreEqual("exit status 0", ExitStatus.Describe(0));
            Assert.AreEqual("exit status 3", ExitStatus.Describe(3));
            Assert.AreEqual("exit status 101", ExitStatus.Describe(101));
            Assert.AreEqual("signal: aborted", ExitStatus.Describe(134));
            Assert.AreEqual("signal: killed", ExitStatus.Describe(137));
            Assert.AreEqual("signal: segmentation fault", ExitStatus.Describe(139));
            Assert.AreEqual("exit status 255", ExitStatus.Describe(255));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public void Reported_errors_are_read_from_the_body_then_the_header()
        {
            var full = LambdaJson.ParseReportedError(Encoding.UTF8.GetBytes("{\"errorMessage\":\"m\",\"errorType\":\"T\"}"), "H");
            Assert.AreEqual("T", full.ErrorType);
            Assert.AreEqual("m", full.ErrorMessage);

            var typeFromHeader = LambdaJson.ParseReportedError(Encoding.UTF8.GetBytes("{\"errorMessage\":\"m\"}"), "H");
            Assert.AreEqual("H", typeFromHeader.ErrorType);

            var empty = LambdaJson.ParseReportedError(Array.Empty<byte>(), "H");
            Assert.AreEqual("H", empty.ErrorType);
            Assert.IsNull(empty.ErrorMessage);
            Assert.AreEqual("H", Json(empty.ErrorBody).GetProperty("errorType").GetString());

            var nothing = LambdaJson.ParseReportedError(Array.Empty<byte>(), null);
            Assert.AreEqual("Unhandled", nothing.ErrorType);
        }

        private sealed class RawResponse
        {
            public int Status { get; set; }

            public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public string Body { get; set; } = string.Empty;
        }

        /// <summary>A hand-driven HTTP/1.1 client connection with a read timeout on every wait.</summary>
        private sealed class RawConnection : IDisposable
        {
            private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
            private readonly TcpClient _client;
            private readonly NetworkStream _stream;
            private readonly CancellationToken _token;
            private readonly List<byte> _buffer = new List<byte>();

            private RawConnection(TcpClient client, CancellationToken token)
            {
                _client = client;
                _stream = client.GetStream();
                _token = token;
            }

            public static async Task<RawConnection> OpenAsync(string hostAndPort, CancellationToken token)
            {
                var parts = hostAndPort.Split(':');
                var client = new TcpClient();
                await client.ConnectAsync(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), token);
                return new RawConnection(client, token);
            }

            public async Task SendAsync(string text)
            {
                await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), _token);
            }

            public async Task<RawResponse> ReadResponseAsync()
            {
                int headerEnd;
                while ((headerEnd = IndexOf("\r\n\r\n")) < 0)
                {
                    Assert.IsTrue(await FillAsync() > 0, "the connection closed before a response");
                }
                string head = Encoding.ASCII.GetString(_buffer.GetRange(0, headerEnd).ToArray());
                _buffer.RemoveRange(0, headerEnd + 4);
                var lines = head.Split("\r\n");
                var response = new RawResponse { Status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture) };
                for (int i = 1; i < lines.Length; i++)
                {
                    int colon = lines[i].IndexOf(':');
                    response.Headers[lines[i].Substring(0, colon)] = lines[i].Substring(colon + 1).Trim();
                }
                int length = response.Headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
                while (_buffer.Count < length)
                {
                    Assert.IsTrue(await FillAsync() > 0, "the connection closed in a response body");
                }
                response.Body = Encoding.UTF8.GetString(_buffer.GetRange(0, length).ToArray());
                _buffer.RemoveRange(0, length);
                return response;
            }

            public async Task<bool> IsClosedAsync()
            {
                try
                {
                    return await FillAsync() == 0;
                }
                catch (IOException)
                {
                    return true;
                }
            }

            public void Dispose() => _client.Dispose();

            private int IndexOf(string marker)
            {
                var bytes = Encoding.ASCII.GetBytes(marker);
                for (int i = 0; i + bytes.Length <= _buffer.Count; i++)
                {
                    int j = 0;
                    while (j < bytes.Length && _buffer[i + j] == bytes[j])
                    {
                        j++;
                    }
                    if (j == bytes.Length)
                    {
                        return i;
                    }
                }
                return -1;
            }

            private async Task<int> FillAsync()
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_token);
                timeout.CancelAfter(ReadTimeout);
                var chunk = new byte[8192];
                int read = await _stream.ReadAsync(chunk, timeout.Token);
                for (int i = 0; i < read; i++)
                {
                    _buffer.Add(chunk[i]);
                }
                return read;
            }
        }
    }
}
