using System;
using System.Collections.Generic;
using System.Linq;

namespace RustLambda.LocalServer.Events
{
    /// <summary>An HTTP request as the event builders need it, independent of ASP.NET Core (so unit tests build them too).</summary>
    public sealed class IncomingRequest
    {
        public string Method { get; init; } = "GET";

        /// <summary>The decoded path, used for matching and `path` / `requestContext.http.path`.</summary>
        public string Path { get; init; } = "/";

        /// <summary>The path exactly as the client sent it (percent-encoding kept): 2.0's `rawPath`.</summary>
        public string RawPath { get; init; } = "/";

        /// <summary>The query string without '?', as sent.</summary>
        public string RawQueryString { get; init; } = "";

        /// <summary>Each header line in order, names as sent; a header sent twice appears twice.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();

        public byte[] Body { get; init; } = Array.Empty<byte>();
        public string SourceIp { get; init; } = "127.0.0.1";
        public string Protocol { get; init; } = "HTTP/1.1";

        /// <summary>The port the server listens on, for X-Forwarded-Port.</summary>
        public int LocalPort { get; init; }

        public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
        public string RequestId { get; init; } = Guid.NewGuid().ToString();

        public string? Header(string name) => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).LastOrDefault();

        public string Host => Header("Host") ?? "localhost";

        /// <summary>The query's parameters, decoded, in order; a key without '=' has an empty value.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> QueryParameters()
        {
            var result = new List<KeyValuePair<string, string>>();
            foreach (var part in RawQueryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = part.IndexOf('=');
                string key = equals < 0 ? part : part.Substring(0, equals);
                string value = equals < 0 ? "" : part.Substring(equals + 1);
                result.Add(new KeyValuePair<string, string>(Decode(key), Decode(value)));
            }
            return result;
        }

        private static string Decode(string text)
        {
            try
            {
                return Uri.UnescapeDataString(text.Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                return text;
            }
        }
    }
}
