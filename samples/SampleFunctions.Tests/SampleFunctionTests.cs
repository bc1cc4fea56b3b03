using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Testing;

namespace SampleFunctions.Tests;

[TestClass]
public class SampleFunctionTests
{
    /// <summary>The zip of a function, as GetRustLambdaArtifacts reported it at build time.</summary>
    private static string Artifact(string logicalId) =>
        typeof(SampleFunctionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "RustLambdaArtifact:" + logicalId)?.Value
        ?? throw new InvalidOperationException($"No artifact for {logicalId}; is its project referenced?");

    private static async Task<InvocationResult> Invoke(string logicalId, string eventJson, Action<RustLambdaFunctionOptions>? configure = null)
    {
        var options = new RustLambdaFunctionOptions { FunctionName = logicalId, Timeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        await using var function = await RustLambdaFunction.StartAsync(Artifact(logicalId), options);
        return await function.InvokeAsync(eventJson);
    }

    [TestMethod]
    public async Task HelloFunction_greets_by_name()
    {
        var result = await Invoke("HelloFunction", "{\"name\":\"Ada\"}", o => o.EnvironmentVariables["GREETING"] = "Hello");
        Assert.IsTrue(result.IsSuccess, result.ToString());
        StringAssert.Contains(result.Payload, "\"message\":\"Hello, Ada!\"");
        StringAssert.Contains(result.Payload, $"\"requestId\":\"{result.RequestId}\"");
    }

    [TestMethod]
    public async Task FunctionA_echoes_the_event_and_FunctionB_measures_it()
    {
        var a = await Invoke("FunctionA", "{\"order\":42}");
        Assert.IsTrue(a.IsSuccess, a.ToString());
        StringAssert.Contains(a.Payload, "\"echo\":{\"order\":42}");
        var b = await Invoke("FunctionB", "{\"order\":42}");
        StringAssert.Contains(b.Payload, "\"length\":12");
    }

    [TestMethod]
    [DataRow("OrdersFunction", "\"status\":\"accepted\"")]
    [DataRow("PaymentsFunction", "\"status\":\"charged\"")]
    public async Task Workspace_members_answer(string logicalId, string expected)
    {
        var result = await Invoke(logicalId, "{}");
        Assert.IsTrue(result.IsSuccess, result.ToString());
        StringAssert.Contains(result.Payload, expected);
    }

    [TestMethod]
    public async Task A_warm_function_serves_several_invocations_in_one_process()
    {
        await using var function = await RustLambdaFunction.StartAsync(Artifact("FunctionA"), new RustLambdaFunctionOptions { FunctionName = "FunctionA" });
        var first = await function.InvokeAsync("{\"n\":1}");
        var second = await function.InvokeAsync("{\"n\":2}");
        Assert.IsTrue(first.IsColdStart);
        Assert.IsFalse(second.IsColdStart);
        StringAssert.Contains(second.Payload, "\"echo\":{\"n\":2}");
    }

    [TestMethod]
    public async Task A_handler_error_is_reported_as_Lambda_reports_it()
    {
        var result = await Invoke("FunctionB", "{\"action\":\"error\"}");
        Assert.AreEqual(InvocationFailureKind.FunctionError, result.FailureKind);
        Assert.AreEqual("HandlerError", result.ErrorType);
        Assert.AreEqual("requested failure", result.ErrorMessage);
    }

    [TestMethod]
    [DataRow("panic")]
    [DataRow("exit")]
    public async Task A_crash_is_a_runtime_exit_error(string action)
    {
        var result = await Invoke("OrdersFunction", $"{{\"action\":\"{action}\"}}");
        Assert.AreEqual(InvocationFailureKind.ProcessExited, result.FailureKind);
        Assert.AreEqual("Runtime.ExitError", result.ErrorType);
    }

    [TestMethod]
    public async Task The_template_timeout_is_enforced()
    {
        var result = await Invoke("HelloFunction", "{\"action\":\"sleep\"}", o => o.Timeout = TimeSpan.FromSeconds(1));
        Assert.AreEqual(InvocationFailureKind.Timeout, result.FailureKind);
        StringAssert.Contains(result.ErrorMessage, "Task timed out after 1.00 seconds");
    }
}
