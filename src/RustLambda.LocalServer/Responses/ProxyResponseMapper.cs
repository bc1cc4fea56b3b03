using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using RustLambda.LocalServer.Events;
using RustLambda.LocalServer.Functions;

namespace RustLambda.LocalServer.Responses
{
    /// <summary>
    /// Turns a function's answer into the HTTP response API Gateway (or a Function URL) would send: `statusCode`, `headers`,
    /// `multiValueHeaders`, `cookies` as Set-Cookie, base64 bodies decoded, 2.0's shortcut for a bare JSON value or an object
    /// without `statusCode`. A function error, crash, timeout or malformed answer is the 5xx AWS returns; <see cref="Problem"/>
    /// says why, for the server log.
    /// </summary>
    public static class ProxyResponseMapper
    {
        public static HttpReply Map(InvocationOutcome outcome, EventSource source, string payloadVersion, out string? problem)
        {
            problem = null;
            if (!outcome.IsSuccess)
            {
                problem = outcome.Kind switch
                {
                    InvocationOutcomeKind.Timeout => $"timed out: {outcome.ErrorMessage}",
                    InvocationOutcomeKind.Crashed => $"crashed: {outcome.ErrorType}: {outcome.ErrorMessage}",
                    _ => $"function error: {outcome.ErrorDocument()}",
                };
                return Failure(source);
            }
            try
            {
                return payloadVersion == "2.0" ? MapV2(outcome.Payload ?? "", source) : MapV1(outcome.Payload ?? "", source);
            }
            catch (MalformedResponseException ex)
            {
                problem = $"malformed response ({ex.Message})";
                return Malformed(source);
            }
        }

        /// <summary>A function error, crash or timeout: REST 502, HTTP API 500, Function URL 502 (AWS's answers).</summary>
        public static HttpReply Failure(EventSource source) => source switch
        {
            EventSource.RestApi => HttpReply.Json(502, "{\"message\": \"Internal server error\"}"),
            EventSource.HttpApi => HttpReply.Json(500, "{\"message\":\"Internal Server Error\"}"),
            _ => HttpReply.Json(502, "{\"Message\":\"Internal Server Error\"}"),
        };

        private static HttpReply Malformed(EventSource source) => source == EventSource.HttpApi
            ? HttpReply.Json(500, "{\"message\":\"Internal Server Error\"}")
            : HttpReply.Json(502, "{\"message\": \"Internal server error\"}");

        private static HttpReply MapV1(string payload, EventSource source)
        {
            var root = Parse(payload);
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedResponseException($"payload 1.0 needs a JSON object with statusCode, got {root.ValueKind}");
            }
            int status = 200;
            if (root.TryGetProperty("statusCode", out var statusNode))
            {
                status = StatusCode(statusNode);
            }
            else if (source != EventSource.RestApi)
            {
                throw new MalformedResponseException("an HTTP API with payload 1.0 needs statusCode in the response");
            }
            var headers = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("headers", out var single) && single.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in single.EnumerateObject())
                {
                    headers.Add(new(header.Name, Scalar(header.Value)));
                }
            }
            if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in multi.EnumerateObject())
                {
                    foreach (var value in header.Value.ValueKind == JsonValueKind.Array ? header.Value.EnumerateArray().Select(Scalar) : new[] { Scalar(header.Value) })
                    {
                        if (!headers.Any(h => h.Key.Equals(header.Name, StringComparison.OrdinalIgnoreCase) && h.Value == value))
                        {
                            headers.Add(new(header.Name, value));
                        }
                    }
                }
            }
            return Reply(status, headers, root, defaultJson: true);
        }

        private static HttpReply MapV2(string payload, EventSource source)
        {
            var root = Parse(payload);
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var statusNode))
            {
                // The 2.0 shortcut: anything else is the body of a 200 application/json answer; a JSON string is its text.
                string body = root.ValueKind == JsonValueKind.String ? root.GetString()! : payload;
                return new HttpReply
                {
                    StatusCode = 200,
                    Headers = { new("Content-Type", "application/json") },
                    Body = Encoding.UTF8.GetBytes(body),
                };
            }
            int status = StatusCode(statusNode);
            var headers = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("headers", out var single) && single.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in single.EnumerateObject())
                {
                    headers.Add(new(header.Name, Scalar(header.Value)));
                }
            }
            if (root.TryGetProperty("cookies", out var cookies) && cookies.ValueKind == JsonValueKind.Array)
            {
                foreach (var cookie in cookies.EnumerateArray())
                {
                    headers.Add(new("Set-Cookie", Scalar(cookie)));
                }
            }
            return Reply(status, headers, root, defaultJson: true);
        }

        private static HttpReply Reply(int status, List<KeyValuePair<string, string>> headers, JsonElement root, bool defaultJson)
        {
            byte[] body = Array.Empty<byte>();
            if (root.TryGetProperty("body", out var bodyNode) && bodyNode.ValueKind != JsonValueKind.Null)
            {
                string text = bodyNode.ValueKind == JsonValueKind.String ? bodyNode.GetString()! : bodyNode.GetRawText();
                bool base64 = (root.TryGetProperty("isBase64Encoded", out var flag) && IsTrue(flag))
                    || (root.TryGetProperty("base64Encoded", out var legacy) && IsTrue(legacy));
                if (base64)
                {
                    try
                    {
                        body = Convert.FromBase64String(text);
                    }
                    catch (FormatException)
                    {
                        throw new MalformedResponseException("isBase64Encoded is true but body is not base64");
                    }
                }
                else
                {
                    body = Encoding.UTF8.GetBytes(text);
                }
            }
            // Kestrel frames the body itself; a function's own framing headers would contradict it.
            headers.RemoveAll(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase));
            if (defaultJson && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(new("Content-Type", "application/json"));
            }
            return new HttpReply { StatusCode = status, Headers = headers, Body = body };
        }

        private static JsonElement Parse(string payload)
        {
            try
            {
                using var document = JsonDocument.Parse(payload);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new MalformedResponseException("the response is not JSON: " + ex.Message);
            }
        }

        private static int StatusCode(JsonElement node)
        {
            int status;
            bool ok = node.ValueKind == JsonValueKind.Number ? node.TryGetInt32(out status)
                : int.TryParse(node.ValueKind == JsonValueKind.String ? node.GetString() : null, out status);
            if (!ok || status < 100 || status > 599)
            {
                throw new MalformedResponseException($"statusCode {node.GetRawText()} is not an HTTP status");
            }
            return status;
        }

        private static bool IsTrue(JsonElement node) => node.ValueKind == JsonValueKind.True
            || (node.ValueKind == JsonValueKind.String && string.Equals(node.GetString(), "true", StringComparison.OrdinalIgnoreCase));

        private static string Scalar(JsonElement node) => node.ValueKind == JsonValueKind.String ? node.GetString()! : node.GetRawText();

        private sealed class MalformedResponseException : Exception
        {
            public MalformedResponseException(string message) : base(message)
            {
            }
        }
    }
}
