using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.LocalServer.Events;
using RustLambda.LocalServer.Functions;
using RustLambda.LocalServer.Responses;

namespace RustLambda.LocalServer.Tests
{
    [TestClass]
    public class ResponseMappingTests
    {
        private static HttpReply Map(string payload, EventSource source, string version, out string? problem) =>
            ProxyResponseMapper.Map(InvocationOutcome.Succeeded("id", payload), source, version, out problem);

        private static HttpReply Map(string payload, EventSource source = EventSource.HttpApi, string version = "2.0") => Map(payload, source, version, out _);

        private static string[] Header(HttpReply reply, string name) =>
            reply.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToArray();

        [TestMethod]
        public void A_1_0_response_maps_status_headers_multi_value_headers_and_body()
        {
            var reply = Map(Fixture.Load("example-apigw-response.json").ToJsonString(), EventSource.RestApi, "1.0");
            Assert.AreEqual(200, reply.StatusCode);
            Assert.AreEqual("Hello World", reply.BodyText);
            CollectionAssert.AreEqual(new[] { "192.168.100.1, 192.168.1.1" }, Header(reply, "X-Forwarded-For"), "the same value in headers and multiValueHeaders is sent once");
            CollectionAssert.AreEqual(new[] { "application/json" }, Header(reply, "Content-Type"), "API Gateway's default content type");
            var multi = Map("{\"statusCode\":201,\"headers\":{\"a\":\"1\"},\"multiValueHeaders\":{\"a\":[\"1\",\"2\"],\"Set-Cookie\":[\"x=1\",\"y=2\"]},\"body\":\"ok\"}", EventSource.RestApi, "1.0");
            Assert.AreEqual(201, multi.StatusCode);
            CollectionAssert.AreEqual(new[] { "1", "2" }, Header(multi, "a"), "headers and multiValueHeaders merge without duplicate pairs");
            CollectionAssert.AreEqual(new[] { "x=1", "y=2" }, Header(multi, "Set-Cookie"));
        }

        [TestMethod]
        public void A_REST_response_without_statusCode_is_200_but_HTTP_API_1_0_needs_one()
        {
            Assert.AreEqual(200, Map("{\"body\":\"x\"}", EventSource.RestApi, "1.0").StatusCode);
            var reply = Map("{\"body\":\"x\"}", EventSource.HttpApi, "1.0", out var problem);
            Assert.AreEqual(500, reply.StatusCode);
            StringAssert.Contains(problem, "statusCode");
        }

        [TestMethod]
        [DataRow("{\"message\":\"hi\"}", "{\"message\":\"hi\"}")]
        [DataRow("\"plain text\"", "plain text")]
        [DataRow("42", "42")]
        [DataRow("[1,2]", "[1,2]")]
        public void The_2_0_shortcut_turns_anything_without_statusCode_into_a_200_JSON_body(string payload, string body)
        {
            var reply = Map(payload);
            Assert.AreEqual(200, reply.StatusCode);
            Assert.AreEqual(body, reply.BodyText);
            CollectionAssert.AreEqual(new[] { "application/json" }, Header(reply, "Content-Type"));
        }

        [TestMethod]
        public void A_2_0_response_maps_cookies_to_Set_Cookie_and_decodes_base64()
        {
            var reply = Map("{\"statusCode\":202,\"cookies\":[\"a=1; Path=/\",\"b=2\"],\"headers\":{\"content-type\":\"image/png\",\"x-n\":5},\"isBase64Encoded\":true,\"body\":\"AAH+/w==\"}");
            Assert.AreEqual(202, reply.StatusCode);
            CollectionAssert.AreEqual(new[] { "a=1; Path=/", "b=2" }, Header(reply, "Set-Cookie"));
            CollectionAssert.AreEqual(new[] { "5" }, Header(reply, "x-n"), "non-string header values are sent as their JSON text");
            CollectionAssert.AreEqual(new byte[] { 0, 1, 0xFE, 0xFF }, reply.Body);
        }

        [TestMethod]
        public void The_functions_framing_headers_are_dropped_because_Kestrel_frames_the_body()
        {
            var reply = Map("{\"statusCode\":200,\"headers\":{\"Content-Length\":\"999\",\"Transfer-Encoding\":\"chunked\"},\"body\":\"ok\"}");
            Assert.AreEqual(0, Header(reply, "Content-Length").Length + Header(reply, "Transfer-Encoding").Length);
        }

        [TestMethod]
        [DataRow("not json", EventSource.HttpApi, "2.0", 500)]
        [DataRow("not json", EventSource.RestApi, "1.0", 502)]
        [DataRow("not json", EventSource.FunctionUrl, "2.0", 502)]
        [DataRow("[1]", EventSource.RestApi, "1.0", 502)]
        [DataRow("{\"statusCode\":\"abc\"}", EventSource.RestApi, "1.0", 502)]
        [DataRow("{\"statusCode\":99}", EventSource.HttpApi, "2.0", 500)]
        [DataRow("{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"***\"}", EventSource.HttpApi, "2.0", 500)]
        public void A_malformed_response_is_the_5xx_API_Gateway_returns(string payload, EventSource source, string version, int status)
        {
            var reply = Map(payload, source, version, out var problem);
            Assert.AreEqual(status, reply.StatusCode);
            StringAssert.Contains(problem, "malformed");
        }

        [TestMethod]
        [DataRow(InvocationOutcomeKind.FunctionError, EventSource.RestApi, 502, "Internal server error")]
        [DataRow(InvocationOutcomeKind.Timeout, EventSource.HttpApi, 500, "Internal Server Error")]
        [DataRow(InvocationOutcomeKind.Crashed, EventSource.FunctionUrl, 502, "Internal Server Error")]
        public void A_function_error_crash_or_timeout_is_a_5xx_and_the_reason_goes_to_the_log(InvocationOutcomeKind kind, EventSource source, int status, string message)
        {
            var outcome = new InvocationOutcome { Kind = kind, RequestId = "r", ErrorType = "Boom", ErrorMessage = "it broke" };
            var reply = ProxyResponseMapper.Map(outcome, source, "2.0", out var problem);
            Assert.AreEqual(status, reply.StatusCode);
            StringAssert.Contains(reply.BodyText, message);
            StringAssert.Contains(problem, kind == InvocationOutcomeKind.FunctionError ? "Boom" : "it broke");
        }
    }
}
