using System;
using System.Collections.Generic;
using System.Text;

namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>One HTTP/1.1 request as read by <see cref="RuntimeApiServer"/>.</summary>
    internal sealed class RuntimeApiRequest
    {
        public RuntimeApiRequest(string method, string target, string version, Dictionary<string, string> headers)
        {
            Method = method;
            Target = target;
            Version = version;
            Headers = headers;
            int query = target.IndexOf('?');
            Path = query < 0 ? target : target.Substring(0, query);
        }

        public string Method { get; }

        /// <summary>The request target as sent (path and query).</summary>
        public string Target { get; }

        /// <summary>The target without its query.</summary>
        public string Path { get; }

        public string Version { get; }

        /// <summary>Headers by name, case-insensitive; repeated headers are joined with ", ".</summary>
        public Dictionary<string, string> Headers { get; }

        public byte[] Body { get; set; } = Array.Empty<byte>();

        /// <summary>The body was larger than <see cref="RuntimeApiServer.MaxBodyBytes"/>: <see cref="Body"/> is empty.</summary>
        public bool BodyTooLarge { get; set; }

        /// <summary>A body that was too large was read to its end and dropped, so the connection can serve the next request.</summary>
        public bool BodyDiscarded { get; set; }

        /// <summary>Bytes of this request may still be unread in the stream: the connection must be closed after the answer.</summary>
        public bool MustClose => BodyTooLarge && !BodyDiscarded;

        /// <summary>The body's size when known (Content-Length, or what was read of a chunked body).</summary>
        public long BodyLength { get; set; }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        /// <summary>Whether the client asked to close the connection after this request (HTTP/1.0 without keep-alive, or Connection: close).</summary>
        public bool WantsClose
        {
            get
            {
                var connection = Header("Connection");
                bool hasToken(string token) => connection != null
                    && Array.Exists(connection.Split(','), t => string.Equals(t.Trim(), token, StringComparison.OrdinalIgnoreCase));
                if (string.Equals(Version, "HTTP/1.0", StringComparison.Ordinal))
                {
                    return !hasToken("keep-alive");
                }
                return hasToken("close");
            }
        }
    }
}
