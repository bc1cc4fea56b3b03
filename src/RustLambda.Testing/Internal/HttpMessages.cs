using System;
using System.Collections.Generic;
using System.Text;

namespace RustLambda.Testing.Internal
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

    /// <summary>An HTTP response to write back; always sent with a Content-Length.</summary>
    internal sealed class RuntimeApiResponse
    {
        public RuntimeApiResponse(int status, byte[]? body = null, string? contentType = null)
        {
            Status = status;
            Body = body ?? Array.Empty<byte>();
            if (contentType != null)
            {
                Headers.Add(new KeyValuePair<string, string>("Content-Type", contentType));
            }
        }

        public int Status { get; }

        public byte[] Body { get; }

        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Close the connection after this response.</summary>
        public bool Close { get; set; }

        /// <summary>Called when the response could not be written (the client went away), so that what it carried is not lost.</summary>
        public Action? OnSendFailed { get; set; }

        public static RuntimeApiResponse Json(int status, string json) => new RuntimeApiResponse(status, Encoding.UTF8.GetBytes(json), "application/json");

        /// <summary>An error in Lambda's format: <c>{"errorMessage":"...","errorType":"..."}</c>.</summary>
        public static RuntimeApiResponse Error(int status, string errorType, string errorMessage) => Json(status, LambdaJson.Error(errorType, errorMessage));

        /// <summary>202 with the body Lambda answers to accepted posts.</summary>
        public static RuntimeApiResponse Accepted() => Json(202, "{\"status\":\"OK\"}");

        public static string ReasonPhrase(int status) => status switch
        {
            100 => "Continue",
            200 => "OK",
            202 => "Accepted",
            400 => "Bad Request",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            408 => "Request Timeout",
            411 => "Length Required",
            413 => "Payload Too Large",
            431 => "Request Header Fields Too Large",
            500 => "Internal Server Error",
            501 => "Not Implemented",
            505 => "HTTP Version Not Supported",
            _ => "Status",
        };
    }

    /// <summary>A request that cannot be parsed: answered with <see cref="Status"/> and the connection closed.</summary>
    internal sealed class HttpProtocolException : Exception
    {
        public HttpProtocolException(int status, string message)
            : base(message)
        {
            Status = status;
        }

        public int Status { get; }
    }
}
