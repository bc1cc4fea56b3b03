using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.LocalServer.Events;

namespace RustLambda.LocalServer.Tests
{
    [TestClass]
    public class EventTests
    {
        private static IncomingRequest Request(string method = "GET", string path = "/my/path", string query = "", byte[]? body = null, params (string, string)[] headers) => new()
        {
            Method = method,
            Path = path,
            RawPath = path,
            RawQueryString = query,
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList(),
            Body = body ?? Array.Empty<byte>(),
            SourceIp = "127.0.0.1",
            LocalPort = 3000,
        };

        private static readonly (string, string)[] TypicalHeaders =
        {
            ("Host", "127.0.0.1:3000"), ("User-Agent", "curl/8"), ("Accept", "*/*"), ("X-Repeat", "a"), ("x-repeat", "b"), ("Content-Type", "application/json"),
        };

        private static EventTarget Rest(IReadOnlyDictionary<string, string>? parameters = null) => new()
        {
            Source = EventSource.RestApi,
            ApiId = "RestApi",
            Stage = "dev",
            ResourcePath = "/{proxy+}",
            RouteKey = "ANY /{proxy+}",
            PathParameters = parameters ?? new Dictionary<string, string> { ["proxy"] = "my/path" },
            StageVariables = new Dictionary<string, string> { ["color"] = "blue" },
            BinaryMediaTypes = new[] { "image/png" },
        };

        private static EventTarget Http(EventSource source = EventSource.HttpApi) => new()
        {
            Source = source,
            ApiId = "ServerlessHttpApi",
            Stage = "$default",
            RouteKey = source == EventSource.FunctionUrl ? "$default" : "GET /my/{rest+}",
            PathParameters = source == EventSource.FunctionUrl ? null : new Dictionary<string, string> { ["rest"] = "path" },
            StageVariables = source == EventSource.FunctionUrl ? new Dictionary<string, string>() : new Dictionary<string, string> { ["v"] = "1" },
        };

        [TestMethod]
        public void A_REST_event_has_the_fields_of_API_Gateways_1_0_event()
        {
            var ours = ProxyEventBuilder.BuildV1(Request("POST", query: "name=me", body: Encoding.UTF8.GetBytes("{\"a\":1}"), headers: TypicalHeaders), Rest());
            // isBase64Encoded is in every REST proxy event AWS documents; these two older fixtures predate it.
            Fixture.AssertSameShape(Fixture.Load("example-apigw-request.json"), ours, new[] { "requestContext.authorizer" }, new[] { "isBase64Encoded" });
            Fixture.AssertSameShape(Fixture.Load("example-apigw-request-multi-value-parameters.json"), ours, new[] { "requestContext.authorizer" }, new[] { "isBase64Encoded" });
        }

        [TestMethod]
        public void A_REST_event_carries_values_as_API_Gateway_sets_them()
        {
            var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var ours = ProxyEventBuilder.BuildV1(Request("POST", query: "a=1&a=2&b=x%20y", body: Encoding.UTF8.GetBytes("{}"), headers: TypicalHeaders), Rest());
            Assert.AreEqual("/{proxy+}", (string?)ours["resource"]);
            Assert.AreEqual("/my/path", (string?)ours["path"]);
            Assert.AreEqual("POST", (string?)ours["httpMethod"]);
            Assert.AreEqual("b", (string?)ours["headers"]!["X-Repeat"], "1.0 headers keep the last value");
            CollectionAssert.AreEqual(new[] { "a", "b" }, ours["multiValueHeaders"]!["X-Repeat"]!.AsArray().Select(v => (string?)v).ToArray());
            Assert.AreEqual("2", (string?)ours["queryStringParameters"]!["a"]);
            Assert.AreEqual("x y", (string?)ours["queryStringParameters"]!["b"]);
            CollectionAssert.AreEqual(new[] { "1", "2" }, ours["multiValueQueryStringParameters"]!["a"]!.AsArray().Select(v => (string?)v).ToArray());
            Assert.AreEqual("my/path", (string?)ours["pathParameters"]!["proxy"]);
            Assert.AreEqual("blue", (string?)ours["stageVariables"]!["color"]);
            Assert.AreEqual("http", (string?)ours["headers"]!["X-Forwarded-Proto"], "lambda_http takes the scheme from X-Forwarded-Proto");
            var context = ours["requestContext"]!;
            Assert.AreEqual("/dev/my/path", (string?)context["path"], "a REST API's requestContext.path includes the stage");
            Assert.AreEqual("dev", (string?)context["stage"]);
            Assert.AreEqual("POST", (string?)context["httpMethod"]);
            Assert.AreEqual("127.0.0.1", (string?)context["identity"]!["sourceIp"]);
            long epoch = (long)context["requestTimeEpoch"]!;
            Assert.IsTrue(epoch >= before && epoch <= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1, "requestTimeEpoch is now, in milliseconds");
            StringAssert.Matches((string?)context["requestTime"], new System.Text.RegularExpressions.Regex(@"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$"));
            Assert.AreEqual("{}", (string?)ours["body"]);
            Assert.AreEqual(false, (bool)ours["isBase64Encoded"]!);
        }

        [TestMethod]
        public void Each_request_gets_its_own_request_id()
        {
            var a = ProxyEventBuilder.BuildV2(Request(headers: TypicalHeaders), Http());
            var b = ProxyEventBuilder.BuildV2(Request(headers: TypicalHeaders), Http());
            Assert.AreNotEqual((string?)a["requestContext"]!["requestId"], (string?)b["requestContext"]!["requestId"]);
        }

        [TestMethod]
        public void A_REST_body_is_base64_only_for_the_APIs_binary_media_types()
        {
            var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
            var binary = ProxyEventBuilder.BuildV1(Request("POST", body: png, headers: new[] { ("Content-Type", "image/png") }), Rest());
            Assert.AreEqual(true, (bool)binary["isBase64Encoded"]!);
            CollectionAssert.AreEqual(png, Convert.FromBase64String((string)binary["body"]!));
            var text = ProxyEventBuilder.BuildV1(Request("POST", body: Encoding.UTF8.GetBytes("plain"), headers: new[] { ("Content-Type", "application/octet-stream") }), Rest());
            Assert.AreEqual(false, (bool)text["isBase64Encoded"]!, "not a binary media type of this API: passed as text, as API Gateway does");
            var empty = ProxyEventBuilder.BuildV1(Request(), Rest());
            Assert.IsNull(empty["body"]);
        }

        [TestMethod]
        public void An_HTTP_API_event_has_the_fields_of_API_Gateways_2_0_event()
        {
            var full = ProxyEventBuilder.BuildV2(Request(query: "Parameter1=value1&Parameter1=value2", body: Encoding.UTF8.GetBytes("{}"), headers: TypicalHeaders.Append(("Cookie", "c1=1; c2=2")).ToArray()), Http());
            Fixture.AssertSameShape(Fixture.Load("example-apigw-v2-request-multi-value-parameters.json"), full, "requestContext.authorizer", "requestContext.authentication");
            var minimal = ProxyEventBuilder.BuildV2(Request(headers: TypicalHeaders), new EventTarget { Source = EventSource.HttpApi, ApiId = "api", RouteKey = "$default" });
            Fixture.AssertSameShape(Fixture.Load("example-apigw-v2-request-no-authorizer.json"), minimal, "requestContext.authentication");
        }

        [TestMethod]
        public void A_2_0_event_lowercases_header_names_and_comma_joins_repeats()
        {
            var ours = ProxyEventBuilder.BuildV2(Request(query: "a=1&a=2", headers: TypicalHeaders.Append(("Cookie", "c1=1; c2=2")).ToArray()), Http());
            var headers = ours["headers"]!.AsObject();
            Assert.IsTrue(headers.All(h => h.Key == h.Key.ToLowerInvariant()), headers.ToJsonString());
            Assert.AreEqual("a,b", (string?)headers["x-repeat"]);
            Assert.IsFalse(headers.ContainsKey("cookie"), "an HTTP API moves cookies into `cookies`");
            CollectionAssert.AreEqual(new[] { "c1=1", "c2=2" }, ours["cookies"]!.AsArray().Select(c => (string?)c).ToArray());
            Assert.AreEqual("1,2", (string?)ours["queryStringParameters"]!["a"]);
            Assert.AreEqual("a=1&a=2", (string?)ours["rawQueryString"]);
            Assert.AreEqual("GET /my/{rest+}", (string?)ours["routeKey"]);
            Assert.AreEqual("GET /my/{rest+}", (string?)ours["requestContext"]!["routeKey"]);
            Assert.AreEqual("GET", (string?)ours["requestContext"]!["http"]!["method"]);
            long epoch = (long)ours["requestContext"]!["timeEpoch"]!;
            Assert.IsTrue(Math.Abs(epoch - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) < 60_000, "timeEpoch is in milliseconds (SAM local sends seconds)");
        }

        [TestMethod]
        public void A_2_0_body_is_base64_when_it_is_not_text()
        {
            var binary = ProxyEventBuilder.BuildV2(Request("POST", body: new byte[] { 0, 1, 0xFE }, headers: new[] { ("Content-Type", "application/octet-stream") }), Http());
            Assert.AreEqual(true, (bool)binary["isBase64Encoded"]!);
            Assert.AreEqual("AAH+", (string?)binary["body"]);
            var json = ProxyEventBuilder.BuildV2(Request("POST", body: Encoding.UTF8.GetBytes("{\"x\":1}"), headers: new[] { ("Content-Type", "application/json; charset=utf-8") }), Http());
            Assert.AreEqual(false, (bool)json["isBase64Encoded"]!);
            Assert.AreEqual("{\"x\":1}", (string?)json["body"]);
            var invalidText = ProxyEventBuilder.BuildV2(Request("POST", body: new byte[] { 0xC3, 0x28 }, headers: new[] { ("Content-Type", "text/plain") }), Http());
            Assert.AreEqual(true, (bool)invalidText["isBase64Encoded"]!, "bytes that are not UTF-8 cannot travel as a JSON string");
        }

        [TestMethod]
        public void A_Function_URL_event_has_the_fields_of_AWSs_sample()
        {
            var ours = ProxyEventBuilder.BuildV2(Request(query: "parameter1=value1&parameter1=value2", headers: TypicalHeaders.Append(("Cookie", "test=hi")).ToArray()), Http(EventSource.FunctionUrl));
            // AWS's Function URL payload documents queryStringParameters; this sample leaves it out although it has a query.
            Fixture.AssertSameShape(Fixture.Load("lambda_function_url_request.json"), ours, Array.Empty<string>(), new[] { "queryStringParameters" });
            Assert.AreEqual("$default", (string?)ours["routeKey"]);
            Assert.AreEqual("test=hi", (string?)ours["headers"]!["cookie"], "a Function URL event keeps the cookie header too (AWS's sample)");
        }

        [TestMethod]
        public void An_HTTP_API_with_payload_1_0_says_so()
        {
            var ours = ProxyEventBuilder.BuildV1(Request(headers: TypicalHeaders), Http());
            Assert.AreEqual("1.0", (string?)ours["version"]);
            Assert.AreEqual("/my/path", (string?)ours["requestContext"]!["path"], "no stage prefix on an HTTP API's $default stage");
        }
    }
}
