using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Template;
using RustLambda.LocalServer.Routing;

namespace RustLambda.LocalServer.Tests
{
    [TestClass]
    public class RoutingTests
    {
        private static readonly SamApi Implicit = new() { LogicalId = SamApi.ImplicitHttpApiId, Kind = SamApiKind.Http, IsImplicit = true, StageName = "$default" };
        private static readonly SamApi Explicit = new() { LogicalId = "MyApi", Kind = SamApiKind.Http, StageName = "prod" };

        private static SamApiRoute Route(string function, string method, string path, string api = SamApi.ImplicitHttpApiId) =>
            new() { FunctionLogicalId = function, Method = method, Path = path, ApiLogicalId = api, Kind = SamApiKind.Http, PayloadFormatVersion = "2.0" };

        private static RouteTable Table(params SamApiRoute[] routes) => RouteTable.Build(new[] { Implicit, Explicit }, routes);

        [TestMethod]
        [DataRow("GET", "/items/special", "Literal")]
        [DataRow("GET", "/items/42", "Variable")]
        [DataRow("GET", "/items/42/parts/1", "Greedy")]
        [DataRow("GET", "/items", "ItemsRoot")]
        [DataRow("GET", "/elsewhere", "Default")]
        [DataRow("GET", "/", "Default")]
        [DataRow("DELETE", "/items/42", "AnyVariable")]
        public void The_most_specific_route_wins(string method, string path, string expected)
        {
            // Declared least specific first, so template order alone would pick wrongly.
            var table = Table(
                Route("Default", "ANY", "$default"),
                Route("Greedy", "ANY", "/items/{proxy+}"),
                Route("AnyVariable", "ANY", "/items/{id}"),
                Route("Variable", "GET", "/items/{id}"),
                Route("Literal", "GET", "/items/special"),
                Route("ItemsRoot", "GET", "/items"));
            var match = table.Match(method, path);
            Assert.IsNotNull(match);
            Assert.AreEqual(expected, match!.Route.FunctionLogicalId);
        }

        [TestMethod]
        public void Path_parameters_are_extracted_and_a_greedy_one_takes_the_rest()
        {
            var table = Table(Route("F", "GET", "/users/{user}/files/{path+}"));
            var match = table.Match("GET", "/users/ann/files/a/b/c.txt");
            Assert.AreEqual("ann", match!.PathParameters!["user"]);
            Assert.AreEqual("a/b/c.txt", match.PathParameters["path"]);
            Assert.IsNull(table.Match("GET", "/users/ann/files"), "a greedy variable needs at least one segment");
            Assert.IsNull(table.Match("POST", "/users/ann/files/x"), "GET only");
        }

        [TestMethod]
        public void A_route_without_parameters_has_null_path_parameters_and_trailing_slashes_do_not_matter()
        {
            var match = Table(Route("F", "GET", "/hello")).Match("GET", "/hello/");
            Assert.IsNotNull(match);
            Assert.IsNull(match!.PathParameters);
        }

        [TestMethod]
        public void Methods_match_case_insensitively_and_ANY_matches_all()
        {
            var table = Table(Route("F", "ANY", "/x"));
            foreach (var method in new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" })
            {
                Assert.IsNotNull(table.Match(method, "/x"), method);
            }
            Assert.IsNotNull(Table(Route("F", "POST", "/x")).Match("post", "/x"));
        }

        [TestMethod]
        public void On_the_same_path_the_implicit_API_beats_an_explicit_one_as_in_SAM()
        {
            var table = Table(Route("OnExplicit", "GET", "/same", "MyApi"), Route("OnImplicit", "GET", "/same"));
            Assert.AreEqual("OnImplicit", table.Match("GET", "/same")!.Route.FunctionLogicalId);
        }

        [TestMethod]
        public void Route_keys_are_method_and_path_or_default()
        {
            var table = Table(Route("F", "GET", "/a/{b}"), Route("G", "ANY", "$default"));
            Assert.AreEqual("GET /a/{b}", table.Match("GET", "/a/1")!.Route.RouteKey);
            Assert.AreEqual("$default", table.Match("GET", "/zzz")!.Route.RouteKey);
        }

        [TestMethod]
        public void Routes_on_an_API_the_template_does_not_have_are_not_mounted()
        {
            var table = RouteTable.Build(new[] { Implicit }, new[] { Route("F", "GET", "/a", "Missing") });
            Assert.AreEqual(0, table.Routes.Count);
        }
    }
}
