using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.LocalServer.Functions;
using RustLambda.LocalServer.Invoke;
using RustLambda.LocalServer.Responses;

namespace RustLambda.LocalServer.Tests
{
    [TestClass]
    public class InvokeApiTests
    {
        /// <summary>Answers `{"fail":true}` with a function error, anything else with `{"got": payload}`; records calls.</summary>
        private sealed class FakeInvoker : IFunctionInvoker
        {
            public ConcurrentQueue<string> Calls { get; } = new();

            public bool HasFunction(string logicalId) => logicalId == "Fn";

            public Task<InvocationOutcome> InvokeAsync(string logicalId, string payload, CancellationToken ct)
            {
                Calls.Enqueue(payload);
                return Task.FromResult(payload.Contains("\"fail\"")
                    ? new InvocationOutcome { Kind = InvocationOutcomeKind.FunctionError, RequestId = "r1", ErrorBody = "{\"errorMessage\":\"no\",\"errorType\":\"Bad\"}", Log = "START\nline\nEND" }
                    : InvocationOutcome.Succeeded("r1", "{\"got\":" + payload + "}"));
            }
        }

        private static Task<HttpReply> Invoke(FakeInvoker invoker, string name, string? type, string body, string? logType = null) =>
            new InvokeApi(invoker, "eu-west-1").InvokeAsync(name, type, logType, Encoding.UTF8.GetBytes(body), CancellationToken.None);

        private static string? Header(HttpReply reply, string name) => reply.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        [TestMethod]
        public async Task RequestResponse_is_200_with_the_payload()
        {
            var reply = await Invoke(new FakeInvoker(), "Fn", null, "{\"a\":1}");
            Assert.AreEqual(200, reply.StatusCode);
            Assert.AreEqual("{\"got\":{\"a\":1}}", reply.BodyText);
            Assert.IsNull(Header(reply, "X-Amz-Function-Error"));
            Assert.AreEqual("$LATEST", Header(reply, "X-Amz-Executed-Version"));
        }

        [TestMethod]
        public async Task A_function_error_is_200_with_X_Amz_Function_Error_and_the_error_document()
        {
            var reply = await Invoke(new FakeInvoker(), "Fn", "RequestResponse", "{\"fail\":true}", logType: "Tail");
            Assert.AreEqual(200, reply.StatusCode);
            Assert.AreEqual("Unhandled", Header(reply, "X-Amz-Function-Error"));
            Assert.AreEqual("{\"errorMessage\":\"no\",\"errorType\":\"Bad\"}", reply.BodyText);
            Assert.AreEqual("START\nline\nEND", Encoding.UTF8.GetString(Convert.FromBase64String(Header(reply, "X-Amz-Log-Result")!)));
        }

        [TestMethod]
        public async Task Event_is_202_and_runs_DryRun_is_204_and_does_not()
        {
            var invoker = new FakeInvoker();
            var api = new InvokeApi(invoker, "us-east-1");
            var queued = await api.InvokeAsync("Fn", "Event", null, Encoding.UTF8.GetBytes("{\"e\":1}"), CancellationToken.None);
            Assert.AreEqual(202, queued.StatusCode);
            await api.DrainAsync();
            Assert.AreEqual(1, invoker.Calls.Count);
            var dry = await api.InvokeAsync("Fn", "DryRun", null, Encoding.UTF8.GetBytes("{}"), CancellationToken.None);
            Assert.AreEqual(204, dry.StatusCode);
            Assert.AreEqual(1, invoker.Calls.Count);
        }

        [TestMethod]
        public async Task An_unknown_function_is_404_ResourceNotFoundException()
        {
            var reply = await Invoke(new FakeInvoker(), "Other", null, "{}");
            Assert.AreEqual(404, reply.StatusCode);
            Assert.AreEqual("ResourceNotFoundException", Header(reply, "x-amzn-ErrorType"));
            StringAssert.Contains(reply.BodyText, "arn:aws:lambda:eu-west-1:123456789012:function:Other");
        }

        [TestMethod]
        public async Task A_payload_over_6_MB_is_413_RequestEntityTooLargeException_and_exactly_6_MB_passes()
        {
            var invoker = new FakeInvoker();
            string atLimit = "\"" + new string('x', FunctionLimits.MaxPayloadBytes - 2) + "\"";
            Assert.AreEqual(200, (await Invoke(invoker, "Fn", null, atLimit)).StatusCode);
            var reply = await Invoke(invoker, "Fn", null, atLimit + " ");
            Assert.AreEqual(413, reply.StatusCode);
            Assert.AreEqual("RequestEntityTooLargeException", Header(reply, "x-amzn-ErrorType"));
        }

        [TestMethod]
        public async Task A_body_that_is_not_JSON_is_400_and_an_empty_one_is_an_empty_object()
        {
            var invoker = new FakeInvoker();
            var reply = await Invoke(invoker, "Fn", null, "{oops");
            Assert.AreEqual(400, reply.StatusCode);
            Assert.AreEqual("InvalidRequestContentException", Header(reply, "x-amzn-ErrorType"));
            Assert.AreEqual("{\"got\":{}}", (await Invoke(invoker, "Fn", null, "")).BodyText);
        }

        [TestMethod]
        [DataRow("Fn", "Fn")]
        [DataRow("Fn:$LATEST", "Fn")]
        [DataRow("arn:aws:lambda:us-east-1:123456789012:function:Fn", "Fn")]
        [DataRow("arn:aws:lambda:us-east-1:123456789012:function:Fn:live", "Fn")]
        public void Names_qualifiers_and_ARNs_name_the_function(string given, string expected) =>
            Assert.AreEqual(expected, InvokeApi.FunctionNameOf(given));
    }
}
