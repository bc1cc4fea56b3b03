using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;

namespace RustLambda.LocalServer.Tests
{
    [TestClass]
    public class TemplateApiTests
    {
        private static SamApiSet Read(string yaml, out DiagnosticBag diagnostics, params string[] functions)
        {
            string path = Path.Combine(Path.GetTempPath(), "rl-apis-" + Guid.NewGuid().ToString("N") + ".yaml");
            File.WriteAllText(path, yaml);
            try
            {
                diagnostics = new DiagnosticBag();
                var overrides = new System.Collections.Generic.Dictionary<string, string> { ["Stage"] = "qa" };
                return new SamApiReader(diagnostics).Read(path, overrides, functions.Length == 0 ? new[] { "F", "G" } : functions);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private const string Template = @"
Parameters:
  Stage: { Type: String, Default: dev }
  Binary: { Type: String, Default: image~1png }
Globals:
  Function:
    Runtime: provided.al2023
  Api:
    Variables:
      fromGlobals: yes
Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig: { AuthType: NONE }
      Events:
        Implicit: { Type: Api, Properties: { Path: /a, Method: GET } }
        Explicit: { Type: Api, Properties: { Path: '/b/{id}', Method: post, RestApiId: !Ref Rest } }
        Http: { Type: HttpApi, Properties: { Path: /c, Method: any, PayloadFormatVersion: '1.0' } }
        Catch: { Type: HttpApi }
        Queue: { Type: SQS, Properties: { Queue: arn } }
  G:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        NoPath: { Type: Api, Properties: { Method: get } }
        BadMethod: { Type: Api, Properties: { Path: /x, Method: FETCH } }
        Relative: { Type: HttpApi, Properties: { Path: x, Method: get } }
        UnknownApi: { Type: Api, Properties: { Path: /y, Method: get, RestApiId: !Ref Nope } }
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      BinaryMediaTypes: [ !Ref Binary, 'application~1octet-stream' ]
      Variables: { color: blue }
  Unused:
    Type: AWS::Serverless::HttpApi
";

        [TestMethod]
        public void Api_and_HttpApi_events_become_routes_with_their_APIs_resolved_as_in_a_build()
        {
            var apis = Read(Template, out var diagnostics);
            var routes = apis.Routes.Where(r => r.FunctionLogicalId == "F").ToList();
            Assert.AreEqual(4, routes.Count, string.Join(", ", routes.Select(r => r.EventName)));
            var implicitRoute = routes.Single(r => r.EventName == "Implicit");
            Assert.AreEqual((SamApi.ImplicitRestApiId, "GET", "/a", "1.0"), (implicitRoute.ApiLogicalId, implicitRoute.Method, implicitRoute.Path, implicitRoute.PayloadFormatVersion));
            Assert.AreEqual(("Rest", "POST"), (routes.Single(r => r.EventName == "Explicit").ApiLogicalId, routes.Single(r => r.EventName == "Explicit").Method));
            Assert.AreEqual(("ANY", "1.0"), (routes.Single(r => r.EventName == "Http").Method, routes.Single(r => r.EventName == "Http").PayloadFormatVersion));
            Assert.AreEqual(("$default", "ANY", "2.0"), (routes.Single(r => r.EventName == "Catch").Path, routes.Single(r => r.EventName == "Catch").Method, routes.Single(r => r.EventName == "Catch").PayloadFormatVersion));

            var rest = apis.Apis.Single(a => a.LogicalId == "Rest");
            Assert.AreEqual("qa", rest.StageName, "StageName !Ref resolves through SamParameterOverrides");
            CollectionAssert.AreEqual(new[] { "image/png", "application/octet-stream" }, rest.BinaryMediaTypes, "~1 is CloudFormation's escape for /");
            Assert.AreEqual("blue", rest.StageVariables["color"]);
            Assert.AreEqual("yes", rest.StageVariables["fromGlobals"], "Globals.Api applies to explicit APIs");
            var implicitApi = apis.Apis.Single(a => a.LogicalId == SamApi.ImplicitRestApiId);
            Assert.IsTrue(implicitApi.IsImplicit);
            Assert.AreEqual("Prod", implicitApi.StageName, "SAM's implicit REST API stage");
            Assert.AreEqual("$default", apis.Apis.Single(a => a.LogicalId == SamApi.ImplicitHttpApiId).StageName);
            Assert.IsFalse(apis.Apis.Any(a => a.LogicalId == "Unused"), "an API no served event uses is not mounted");

            Assert.AreEqual("F", apis.FunctionUrls.Single().FunctionLogicalId);
        }

        [TestMethod]
        public void Events_the_server_cannot_mount_are_warnings_with_their_line_never_errors()
        {
            var apis = Read(Template, out var diagnostics);
            Assert.IsFalse(apis.Routes.Any(r => r.FunctionLogicalId == "G"));
            Assert.IsFalse(diagnostics.HasErrors);
            var warnings = diagnostics.Items.Select(d => (d.Code, d.Line, d.Message)).ToList();
            Assert.AreEqual(3, warnings.Count(w => w.Code == DiagnosticCodes.UnservableEvent), string.Join("\n", warnings));
            Assert.AreEqual(1, warnings.Count(w => w.Code == DiagnosticCodes.UnknownEventApi), string.Join("\n", warnings));
            Assert.IsTrue(warnings.All(w => w.Line > 0));
            StringAssert.Contains(warnings.Single(w => w.Message.Contains("FETCH")).Message, "G.Events.BadMethod");
        }

        [TestMethod]
        public void Only_the_served_functions_events_are_read()
        {
            var apis = Read(Template, out _, "G");
            Assert.AreEqual(0, apis.Routes.Count);
            Assert.AreEqual(0, apis.FunctionUrls.Count);
        }
    }
}
