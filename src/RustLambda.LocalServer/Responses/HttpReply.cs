using System;
using System.Collections.Generic;
using System.Text;

namespace RustLambda.LocalServer.Responses
{
    /// <summary>The HTTP answer to send: status, header lines (a name may repeat, as Set-Cookie does) and body.</summary>
    public sealed class HttpReply
    {
        public int StatusCode { get; init; } = 200;
        public List<KeyValuePair<string, string>> Headers { get; init; } = new();
        public byte[] Body { get; init; } = Array.Empty<byte>();

        public string BodyText => Encoding.UTF8.GetString(Body);

        public static HttpReply Json(int status, string json, params (string Name, string Value)[] headers)
        {
            var reply = new HttpReply { StatusCode = status, Body = Encoding.UTF8.GetBytes(json) };
            reply.Headers.Add(new KeyValuePair<string, string>("Content-Type", "application/json"));
            foreach (var (name, value) in headers)
            {
                reply.Headers.Add(new KeyValuePair<string, string>(name, value));
            }
            return reply;
        }
    }
}
