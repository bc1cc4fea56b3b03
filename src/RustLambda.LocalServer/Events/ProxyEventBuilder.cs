using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RustLambda.LocalServer.Events
{
    /// <summary>
    /// Builds the events API Gateway and Function URLs send, field for field as AWS does (the shapes of the fixtures in
    /// tests/RustLambda.LocalServer.Tests/Fixtures), not as SAM local does: a fresh request id and time per request,
    /// `timeEpoch` in milliseconds, 2.0 header names lower-cased with repeats comma-joined, 1.0's multi-value forms.
    /// </summary>
    public static class ProxyEventBuilder
    {
        /// <summary>The account id SAM local and the Lambda emulators report.</summary>
        public const string AccountId = "123456789012";

        /// <summary>Payload format 1.0: REST APIs, and HTTP APIs whose event sets PayloadFormatVersion "1.0".</summary>
        public static JsonObject BuildV1(IncomingRequest request, EventTarget target)
        {
            var headers = WithForwardingHeaders(request);
            var singleHeaders = new JsonObject();
            var multiHeaders = new JsonObject();
            foreach (var group in GroupPreservingCase(headers))
            {
                singleHeaders[group.Key] = group.Value[group.Value.Count - 1];
                multiHeaders[group.Key] = new JsonArray(group.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            var query = request.QueryParameters();
            JsonObject? singleQuery = null, multiQuery = null;
            if (query.Count > 0)
            {
                singleQuery = new JsonObject();
                multiQuery = new JsonObject();
                foreach (var group in query.GroupBy(q => q.Key, StringComparer.Ordinal))
                {
                    singleQuery[group.Key] = group.Last().Value;
                    multiQuery[group.Key] = new JsonArray(group.Select(q => (JsonNode?)JsonValue.Create(q.Value)).ToArray());
                }
            }
            bool base64 = request.Body.Length > 0 && (target.Source == EventSource.RestApi
                ? MediaTypes.IsBinaryForRestApi(request.Header("Content-Type"), target.BinaryMediaTypes)
                : MediaTypes.IsBinaryForHttpApi(request.Header("Content-Type"), request.Body));
            // A REST API's requestContext.path carries the stage, as on AWS (/Prod/items); `path` does not.
            string contextPath = target.Source == EventSource.RestApi && target.Stage != "$default" ? "/" + target.Stage + request.Path : request.Path;

            var identity = new JsonObject
            {
                ["cognitoIdentityPoolId"] = null,
                ["accountId"] = null,
                ["cognitoIdentityId"] = null,
                ["caller"] = null,
                ["apiKey"] = null,
                ["apiKeyId"] = null,
                ["accessKey"] = null,
                ["sourceIp"] = request.SourceIp,
                ["cognitoAuthenticationType"] = null,
                ["cognitoAuthenticationProvider"] = null,
                ["userArn"] = null,
                ["userAgent"] = request.Header("User-Agent") ?? "",
                ["user"] = null,
            };
            var context = new JsonObject
            {
                ["accountId"] = AccountId,
                ["resourceId"] = ResourceId(target.ResourcePath),
                ["path"] = contextPath,
                ["stage"] = target.Stage,
                ["domainName"] = request.Host,
                ["domainPrefix"] = DomainPrefix(request.Host),
                ["requestId"] = request.RequestId,
                ["protocol"] = request.Protocol,
                ["identity"] = identity,
                ["resourcePath"] = target.ResourcePath,
                ["httpMethod"] = request.Method,
                ["requestTime"] = RequestTime(request.Time),
                ["requestTimeEpoch"] = request.Time.ToUnixTimeMilliseconds(),
                ["apiId"] = target.ApiId,
            };
            var result = new JsonObject();
            if (target.Source != EventSource.RestApi)
            {
                result["version"] = "1.0";
            }
            result["resource"] = target.ResourcePath;
            result["path"] = request.Path;
            result["httpMethod"] = request.Method;
            result["headers"] = singleHeaders;
            result["multiValueHeaders"] = multiHeaders;
            result["queryStringParameters"] = singleQuery;
            result["multiValueQueryStringParameters"] = multiQuery;
            result["pathParameters"] = ToObject(target.PathParameters);
            result["stageVariables"] = target.StageVariables.Count > 0 ? ToObject(target.StageVariables) : null;
            result["requestContext"] = context;
            result["body"] = request.Body.Length == 0 ? null : base64 ? Convert.ToBase64String(request.Body) : Encoding.UTF8.GetString(request.Body);
            result["isBase64Encoded"] = base64;
            return result;
        }

        /// <summary>Payload format 2.0: HTTP APIs and Function URLs.</summary>
        public static JsonObject BuildV2(IncomingRequest request, EventTarget target)
        {
            var headers = WithForwardingHeaders(request);
            var cookies = headers.Where(h => h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                .SelectMany(h => h.Value.Split(';')).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            var joined = new JsonObject();
            foreach (var group in headers.GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal))
            {
                // HTTP APIs move cookies out of the headers into `cookies`; a Function URL event keeps both (AWS's sample).
                if (group.Key == "cookie" && target.Source == EventSource.HttpApi)
                {
                    continue;
                }
                joined[group.Key] = string.Join(",", group.Select(h => h.Value));
            }
            var query = request.QueryParameters();
            JsonObject? queryObject = null;
            if (query.Count > 0)
            {
                queryObject = new JsonObject();
                foreach (var group in query.GroupBy(q => q.Key, StringComparer.Ordinal))
                {
                    queryObject[group.Key] = string.Join(",", group.Select(q => q.Value));
                }
            }
            bool base64 = request.Body.Length > 0 && MediaTypes.IsBinaryForHttpApi(request.Header("Content-Type"), request.Body);

            var result = new JsonObject
            {
                ["version"] = "2.0",
                ["routeKey"] = target.RouteKey,
                ["rawPath"] = request.RawPath,
                ["rawQueryString"] = request.RawQueryString,
            };
            if (cookies.Count > 0)
            {
                result["cookies"] = new JsonArray(cookies.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
            }
            result["headers"] = joined;
            if (queryObject != null)
            {
                result["queryStringParameters"] = queryObject;
            }
            if (target.PathParameters is { Count: > 0 })
            {
                result["pathParameters"] = ToObject(target.PathParameters);
            }
            if (target.StageVariables.Count > 0)
            {
                result["stageVariables"] = ToObject(target.StageVariables);
            }
            result["requestContext"] = new JsonObject
            {
                ["accountId"] = AccountId,
                ["apiId"] = target.ApiId,
                ["domainName"] = request.Host,
                ["domainPrefix"] = DomainPrefix(request.Host),
                ["http"] = new JsonObject
                {
                    ["method"] = request.Method,
                    ["path"] = request.Path,
                    ["protocol"] = request.Protocol,
                    ["sourceIp"] = request.SourceIp,
                    ["userAgent"] = request.Header("User-Agent") ?? "",
                },
                ["requestId"] = request.RequestId,
                ["routeKey"] = target.RouteKey,
                ["stage"] = target.Stage,
                ["time"] = RequestTime(request.Time),
                ["timeEpoch"] = request.Time.ToUnixTimeMilliseconds(),
            };
            if (request.Body.Length > 0)
            {
                result["body"] = base64 ? Convert.ToBase64String(request.Body) : Encoding.UTF8.GetString(request.Body);
            }
            result["isBase64Encoded"] = base64;
            return result;
        }

        /// <summary>API Gateway adds these before the function sees the request (lambda_http reads the scheme from X-Forwarded-Proto).</summary>
        private static List<KeyValuePair<string, string>> WithForwardingHeaders(IncomingRequest request)
        {
            var headers = request.Headers.ToList();
            void AddIfMissing(string name, string value)
            {
                if (!headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
                {
                    headers.Add(new KeyValuePair<string, string>(name, value));
                }
            }
            AddIfMissing("X-Forwarded-For", request.SourceIp);
            AddIfMissing("X-Forwarded-Port", request.LocalPort.ToString(CultureInfo.InvariantCulture));
            AddIfMissing("X-Forwarded-Proto", "http");
            AddIfMissing("X-Amzn-Trace-Id", TraceId(request));
            return headers;
        }

        /// <summary>1.0 keeps each header name as sent; repeats of one name (in any case) group under its first spelling.</summary>
        private static List<KeyValuePair<string, List<string>>> GroupPreservingCase(List<KeyValuePair<string, string>> headers)
        {
            var groups = new List<KeyValuePair<string, List<string>>>();
            foreach (var header in headers)
            {
                int index = groups.FindIndex(g => g.Key.Equals(header.Key, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    groups.Add(new KeyValuePair<string, List<string>>(header.Key, new List<string> { header.Value }));
                }
                else
                {
                    groups[index].Value.Add(header.Value);
                }
            }
            return groups;
        }

        private static JsonObject? ToObject(IReadOnlyDictionary<string, string>? values)
        {
            if (values == null)
            {
                return null;
            }
            var result = new JsonObject();
            foreach (var pair in values)
            {
                result[pair.Key] = pair.Value;
            }
            return result;
        }

        /// <summary>API Gateway's `21/Apr/2020:15:08:21 +0000`.</summary>
        public static string RequestTime(DateTimeOffset time) =>
            time.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

        private static string DomainPrefix(string host)
        {
            string name = host.Split(':')[0];
            int dot = name.IndexOf('.');
            return dot < 0 ? name : name.Substring(0, dot);
        }

        private static string ResourceId(string resourcePath)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(resourcePath));
            return Convert.ToHexString(hash, 0, 3).ToLowerInvariant();
        }

        private static string TraceId(IncomingRequest request)
        {
            string id = request.RequestId.Replace("-", "");
            id = id.Length >= 24 ? id.Substring(0, 24) : id.PadRight(24, '0');
            return $"Root=1-{request.Time.ToUnixTimeSeconds():x8}-{id}";
        }
    }
}
