using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>
    /// Reads HTTP/1.1 requests one after the other from a connection: the request line, the headers, and a body
    /// framed by Content-Length or by chunked transfer coding. Answers <c>Expect: 100-continue</c>.
    /// </summary>
    internal sealed class HttpRequestReader
    {
        private const int MaxHeaderBytes = 64 * 1024;
        private const int MaxChunkLineBytes = 4 * 1024;

        // Bodies over the limit but under this are read and dropped, so the connection stays in step.
        private const long MaxDiscardedBodyBytes = 64L * 1024 * 1024;

        private static readonly byte[] ContinueResponse = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");

        private readonly Stream _stream;
        private readonly int _maxBodyBytes;
        private readonly TimeSpan _requestTimeout;
        private byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public HttpRequestReader(Stream stream, int maxBodyBytes, TimeSpan requestTimeout)
        {
            _stream = stream;
            _maxBodyBytes = maxBodyBytes;
            _requestTimeout = requestTimeout;
        }

        private int Buffered => _end - _start;

        /// <summary>
        /// Reads the next request. Waits without limit for its first byte (a kept-alive connection may idle between
        /// invocations), then reads the rest within the request timeout. <see langword="null"/> when the client closed
        /// the connection between requests.
        /// </summary>
        public async Task<RuntimeApiRequest?> ReadRequestAsync(CancellationToken cancellationToken)
        {
            // Wait for the start of a request, skipping empty lines between requests (RFC 9112 2.2).
            while (true)
            {
                while (Buffered > 0 && (_buffer[_start] == (byte)'\r' || _buffer[_start] == (byte)'\n'))
                {
                    _start++;
                }
                if (Buffered > 0)
                {
                    break;
                }
                if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return null;
                }
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_requestTimeout);
            try
            {
                return await ReadRestOfRequestAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpProtocolException(408, "The request was not received in time.");
            }
        }

        /// <summary>
        /// While a request is being answered slowly (a long poll), watches the connection: completes with
        /// <see langword="true"/> when the client closed it or it failed, <see langword="false"/> when more data
        /// arrived (kept for the next request) or <paramref name="cancellationToken"/> was cancelled.
        /// </summary>
        public async Task<bool> WatchForCloseAsync(CancellationToken cancellationToken)
        {
            try
            {
                int read = await FillAsync(cancellationToken).ConfigureAwait(false);
                return read == 0;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (IOException)
            {
                return true;
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
        }

        private async Task<RuntimeApiRequest> ReadRestOfRequestAsync(CancellationToken cancellationToken)
        {
            int headerEnd;
            while ((headerEnd = FindHeaderEnd()) < 0)
            {
                if (Buffered >= MaxHeaderBytes)
                {
                    throw new HttpProtocolException(431, "The request's headers are too large.");
                }
                if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new HttpProtocolException(400, "The connection was closed in the middle of a request's headers.");
                }
            }
            if (headerEnd - _start > MaxHeaderBytes)
            {
                throw new HttpProtocolException(431, "The request's headers are too large.");
            }

            string head = Encoding.Latin1.GetString(_buffer, _start, headerEnd - _start);
            _start = headerEnd;
            var request = ParseHead(head);

            string? transferEncoding = request.Header("Transfer-Encoding");
            string? contentLength = request.Header("Content-Length");
            bool chunked = false;
            long length = 0;
            if (transferEncoding != null)
            {
                var codings = transferEncoding.Split(',');
                if (!string.Equals(codings[codings.Length - 1].Trim(), "chunked", StringComparison.OrdinalIgnoreCase))
                {
                    throw new HttpProtocolException(501, $"Transfer-Encoding '{transferEncoding}' is not supported.");
                }
                chunked = true;
            }
            else if (contentLength != null)
            {
                if (!long.TryParse(contentLength.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length))
                {
                    throw new HttpProtocolException(400, $"Invalid Content-Length '{contentLength}'.");
                }
            }

            if (!chunked && length > _maxBodyBytes)
            {
                request.BodyTooLarge = true;
                request.BodyLength = length;
                if (length <= MaxDiscardedBodyBytes)
                {
                    // Read and drop it, so that a client that writes its whole body before it reads the answer gets the
                    // answer (413) rather than a reset connection, and the connection stays usable.
                    await ContinueIfExpectedAsync(request, cancellationToken).ConfigureAwait(false);
                    await DiscardAsync(length, cancellationToken).ConfigureAwait(false);
                    request.BodyDiscarded = true;
                }
                return request;
            }

            if (chunked || length > 0)
            {
                await ContinueIfExpectedAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (chunked)
            {
                await ReadChunkedBodyAsync(request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                request.Body = await ReadExactlyAsync((int)length, cancellationToken).ConfigureAwait(false);
                request.BodyLength = length;
            }
            return request;
        }

        private async Task ContinueIfExpectedAsync(RuntimeApiRequest request, CancellationToken cancellationToken)
        {
            if (string.Equals(request.Header("Expect")?.Trim(), "100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await _stream.WriteAsync(ContinueResponse, cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task DiscardAsync(long count, CancellationToken cancellationToken)
        {
            long fromBuffer = Math.Min(count, Buffered);
            _start += (int)fromBuffer;
            long remaining = count - fromBuffer;
            var scratch = new byte[64 * 1024];
            while (remaining > 0)
            {
                int read = await _stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new HttpProtocolException(400, "The connection was closed in the middle of a request body.");
                }
                remaining -= read;
            }
        }

        private static RuntimeApiRequest ParseHead(string head)
        {
            var lines = head.Split('\n');
            var requestLine = lines[0].TrimEnd('\r').Split(' ');
            if (requestLine.Length != 3 || requestLine[0].Length == 0 || requestLine[1].Length == 0)
            {
                throw new HttpProtocolException(400, $"Malformed request line '{lines[0].TrimEnd('\r')}'.");
            }
            string version = requestLine[2];
            if (version != "HTTP/1.1" && version != "HTTP/1.0")
            {
                throw new HttpProtocolException(505, $"'{version}' is not supported: use HTTP/1.1.");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd('\r');
                if (line.Length == 0)
                {
                    continue;
                }
                int colon = line.IndexOf(':');
                if (colon <= 0 || char.IsWhiteSpace(line[colon - 1]))
                {
                    throw new HttpProtocolException(400, $"Malformed header line '{line}'.");
                }
                string name = line.Substring(0, colon);
                string value = line.Substring(colon + 1).Trim();
                if (headers.TryGetValue(name, out var existing))
                {
                    if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase) && existing != value)
                    {
                        throw new HttpProtocolException(400, "Conflicting Content-Length headers.");
                    }
                    headers[name] = string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase) ? value : existing + ", " + value;
                }
                else
                {
                    headers[name] = value;
                }
            }
            return new RuntimeApiRequest(requestLine[0], requestLine[1], version, headers);
        }

        private async Task ReadChunkedBodyAsync(RuntimeApiRequest request, CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            while (true)
            {
                string sizeLine = await ReadLineAsync(MaxChunkLineBytes, cancellationToken).ConfigureAwait(false);
                int extension = sizeLine.IndexOf(';');
                string sizeText = (extension < 0 ? sizeLine : sizeLine.Substring(0, extension)).Trim();
                if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
                {
                    throw new HttpProtocolException(400, $"Invalid chunk size '{sizeLine}'.");
                }
                if (size == 0)
                {
                    break;
                }
                long total = (request.BodyTooLarge ? request.BodyLength : body.Length) + size;
                if (total > _maxBodyBytes)
                {
                    request.BodyTooLarge = true;
                    request.BodyLength = total;
                    if (total > MaxDiscardedBodyBytes)
                    {
                        // Too much to drop: stop reading; the connection is closed after the answer.
                        return;
                    }
                    await DiscardAsync(size, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var chunk = await ReadExactlyAsync((int)size, cancellationToken).ConfigureAwait(false);
                    body.Write(chunk, 0, chunk.Length);
                }
                string end = await ReadLineAsync(MaxChunkLineBytes, cancellationToken).ConfigureAwait(false);
                if (end.Length != 0)
                {
                    throw new HttpProtocolException(400, "A chunk is not followed by CRLF.");
                }
            }

            // Trailer fields, up to the empty line.
            int trailerBytes = 0;
            while (true)
            {
                string trailer = await ReadLineAsync(MaxChunkLineBytes, cancellationToken).ConfigureAwait(false);
                if (trailer.Length == 0)
                {
                    break;
                }
                trailerBytes += trailer.Length;
                if (trailerBytes > MaxHeaderBytes)
                {
                    throw new HttpProtocolException(431, "The request's trailers are too large.");
                }
            }
            if (request.BodyTooLarge)
            {
                request.BodyDiscarded = true;
                return;
            }
            request.Body = body.ToArray();
            request.BodyLength = request.Body.Length;
        }

        private async Task<string> ReadLineAsync(int maxBytes, CancellationToken cancellationToken)
        {
            while (true)
            {
                int newline = Array.IndexOf(_buffer, (byte)'\n', _start, Buffered);
                if (newline >= 0)
                {
                    int end = newline > _start && _buffer[newline - 1] == (byte)'\r' ? newline - 1 : newline;
                    string line = Encoding.Latin1.GetString(_buffer, _start, end - _start);
                    _start = newline + 1;
                    return line;
                }
                if (Buffered > maxBytes)
                {
                    throw new HttpProtocolException(400, "A line of the request is too long.");
                }
                if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new HttpProtocolException(400, "The connection was closed in the middle of a request.");
                }
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            int copied = Math.Min(count, Buffered);
            Buffer.BlockCopy(_buffer, _start, result, 0, copied);
            _start += copied;
            while (copied < count)
            {
                int read = await _stream.ReadAsync(result.AsMemory(copied, count - copied), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new HttpProtocolException(400, $"The connection was closed after {copied} of {count} body bytes.");
                }
                copied += read;
            }
            return result;
        }

        /// <summary>Index just past the empty line that ends the headers, or -1.</summary>
        private int FindHeaderEnd()
        {
            int lineStart = _start;
            for (int i = _start; i < _end; i++)
            {
                if (_buffer[i] != (byte)'\n')
                {
                    continue;
                }
                int lineLength = i - lineStart;
                if (lineLength == 0 || (lineLength == 1 && _buffer[lineStart] == (byte)'\r'))
                {
                    return i + 1;
                }
                lineStart = i + 1;
            }
            return -1;
        }

        private async Task<int> FillAsync(CancellationToken cancellationToken)
        {
            if (_start == _end)
            {
                _start = _end = 0;
            }
            else if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, Buffered);
                    _end -= _start;
                    _start = 0;
                }
                else
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
            }
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            _end += read;
            return read;
        }
    }
}
