using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>Answers one request. <paramref name="connectionClosed"/> fires when the client goes away during a long poll.</summary>
    internal delegate Task<RuntimeApiResponse> RuntimeApiRequestHandler(RuntimeApiRequest request, CancellationToken connectionClosed);

    /// <summary>
    /// A small HTTP/1.1 server on 127.0.0.1 and a port the system picks: keep-alive connections, Content-Length and
    /// chunked request bodies, every response with a Content-Length. Enough for the Lambda Runtime API, which runtimes
    /// call with plain HTTP/1.1 clients.
    /// </summary>
    internal sealed class RuntimeApiServer : IAsyncDisposable
    {
        /// <summary>Lambda's limit for a synchronous response (6 MB + 100 bytes); larger bodies are refused with 413.</summary>
        public const int MaxBodyBytes = 6 * 1024 * 1024 + 100;

        private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

        private readonly TcpListener _listener;
        private readonly RuntimeApiRequestHandler _handler;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly ConcurrentDictionary<long, Socket> _connections = new ConcurrentDictionary<long, Socket>();
        private readonly ConcurrentDictionary<long, Task> _connectionTasks = new ConcurrentDictionary<long, Task>();
        private readonly Task _acceptLoop;
        private long _nextConnectionId;
        private int _disposed;

        private RuntimeApiServer(RuntimeApiRequestHandler handler)
        {
            _handler = handler;
            // Binding port 0 lets the system pick a free port atomically: no window in which another process could take it.
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Server.ExclusiveAddressUse = false;
            _listener.Start(backlog: 64);
            EndPoint = (IPEndPoint)_listener.LocalEndpoint;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        /// <summary>The address the server listens on (127.0.0.1 and the port picked).</summary>
        public IPEndPoint EndPoint { get; }

        /// <summary><c>127.0.0.1:port</c>, the form <c>AWS_LAMBDA_RUNTIME_API</c> takes.</summary>
        public string HostAndPort => EndPoint.Address + ":" + EndPoint.Port.ToString(CultureInfo.InvariantCulture);

        public static RuntimeApiServer Start(RuntimeApiRequestHandler handler) => new RuntimeApiServer(handler);

        /// <summary>Stops listening, closes every connection and waits (bounded) for their handlers to end.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            _stopping.Cancel();
            try
            {
                _listener.Stop();
            }
            catch (SocketException)
            {
            }
            foreach (var socket in _connections.Values)
            {
                CloseQuietly(socket);
            }
            var pending = _connectionTasks.Values.Append(_acceptLoop).ToArray();
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(StopTimeout)).ConfigureAwait(false);
            _stopping.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException)
                {
                    if (_stopping.IsCancellationRequested)
                    {
                        break;
                    }
                    continue;
                }
                catch (InvalidOperationException)
                {
                    break;
                }

                long id = Interlocked.Increment(ref _nextConnectionId);
                _connections[id] = socket;
                if (_stopping.IsCancellationRequested)
                {
                    // Raced with DisposeAsync, which may already have closed the others.
                    _connections.TryRemove(id, out _);
                    CloseQuietly(socket);
                    break;
                }
                _connectionTasks[id] = Task.Run(() => ServeConnectionAsync(id, socket));
            }
        }

        private async Task ServeConnectionAsync(long id, Socket socket)
        {
            try
            {
                socket.NoDelay = true;
                using var stream = new NetworkStream(socket, ownsSocket: true);
                var reader = new HttpRequestReader(stream, MaxBodyBytes, RequestReadTimeout);
                var token = _stopping.Token;
                while (!token.IsCancellationRequested)
                {
                    RuntimeApiRequest? request;
                    try
                    {
                        request = await reader.ReadRequestAsync(token).ConfigureAwait(false);
                    }
                    catch (HttpProtocolException e)
                    {
                        var error = RuntimeApiResponse.Error(e.Status, "InvalidRequest", e.Message);
                        await WriteResponseAsync(stream, error, close: true, token).ConfigureAwait(false);
                        return;
                    }
                    if (request == null)
                    {
                        return;
                    }

                    RuntimeApiResponse response;
                    using (var closed = CancellationTokenSource.CreateLinkedTokenSource(token))
                    {
                        // Long polls (GET /invocation/next) can wait for minutes: notice when the client gives up
                        // meanwhile. Not for requests with an unread body, whose bytes are still in the stream.
                        Task<bool>? watch = null;
                        using var stopWatching = new CancellationTokenSource();
                        var handling = InvokeHandlerAsync(request, closed.Token);
                        if (!request.MustClose && !handling.IsCompleted)
                        {
                            watch = reader.WatchForCloseAsync(stopWatching.Token);
                            var first = await Task.WhenAny(handling, watch).ConfigureAwait(false);
                            if (first == watch && await watch.ConfigureAwait(false))
                            {
                                closed.Cancel();
                            }
                        }
                        response = await handling.ConfigureAwait(false);
                        if (watch != null && !watch.IsCompleted)
                        {
                            stopWatching.Cancel();
                            if (await watch.ConfigureAwait(false))
                            {
                                response.OnSendFailed?.Invoke();
                                return;
                            }
                        }
                        else if (watch != null && watch.Result)
                        {
                            response.OnSendFailed?.Invoke();
                            return;
                        }
                    }

                    bool close = response.Close || request.WantsClose || request.MustClose;
                    try
                    {
                        await WriteResponseAsync(stream, response, close, token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException)
                    {
                        response.OnSendFailed?.Invoke();
                        throw;
                    }
                    if (close)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                // The client went away, or the server is stopping.
            }
            finally
            {
                _connections.TryRemove(id, out _);
                _connectionTasks.TryRemove(id, out _);
                CloseQuietly(socket);
            }
        }

        private async Task<RuntimeApiResponse> InvokeHandlerAsync(RuntimeApiRequest request, CancellationToken connectionClosed)
        {
            try
            {
                return await _handler(request, connectionClosed).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return RuntimeApiResponse.Error(500, "InternalServerError", "The request was cancelled: the connection closed or the environment is stopping.");
            }
            catch (Exception e)
            {
                return RuntimeApiResponse.Error(500, "InternalServerError", "Internal error of the RustLambda.Hosting Runtime API: " + e.Message);
            }
        }

        private static async Task WriteResponseAsync(Stream stream, RuntimeApiResponse response, bool close, CancellationToken cancellationToken)
        {
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(RuntimeApiResponse.ReasonPhrase(response.Status)).Append("\r\n");
            foreach (var header in response.Headers)
            {
                head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }
            head.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            head.Append("Date: ").Append(DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
            if (close)
            {
                head.Append("Connection: close\r\n");
            }
            head.Append("\r\n");

            var headBytes = Encoding.Latin1.GetBytes(head.ToString());
            var message = new byte[headBytes.Length + response.Body.Length];
            Buffer.BlockCopy(headBytes, 0, message, 0, headBytes.Length);
            Buffer.BlockCopy(response.Body, 0, message, headBytes.Length, response.Body.Length);
            await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        private static void CloseQuietly(Socket socket)
        {
            try
            {
                socket.Dispose();
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }
        }
    }
}
