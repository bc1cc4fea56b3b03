using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.LocalServer.Tests
{
    /// <summary>AWS's sample events (Fixtures/SOURCE.md) and a field-by-field comparison of our events with them.</summary>
    internal static class Fixture
    {
        public static JsonObject Load(string name) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)))!.AsObject();

        /// <summary>
        /// Every field of <paramref name="ours"/> exists in the fixture with the same JSON kind, and every field of the fixture
        /// exists in ours except those named in <paramref name="absentByDesign"/> (dotted paths: authorizers, client certs).
        /// Objects whose keys are data (headers, query, path parameters, stage variables) are compared as kinds only.
        /// </summary>
        public static void AssertSameShape(JsonObject fixture, JsonObject ours, params string[] absentByDesign) =>
            AssertSameShape(fixture, ours, absentByDesign, Array.Empty<string>());

        /// <param name="extraByDesign">Fields AWS documents that this fixture happens to leave out (dotted paths).</param>
        public static void AssertSameShape(JsonObject fixture, JsonObject ours, string[] absentByDesign, string[] extraByDesign)
        {
            var problems = new List<string>();
            Compare(fixture, ours, "", new HashSet<string>(absentByDesign), problems);
            problems.RemoveAll(p => extraByDesign.Any(extra => p.StartsWith(extra + ": ours has it", StringComparison.Ordinal)));
            Assert.AreEqual(0, problems.Count, "event differs from the fixture:\n" + string.Join("\n", problems) + "\nours: " + ours.ToJsonString());
        }

        private static readonly HashSet<string> DataObjects = new()
        {
            "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables",
        };

        private static void Compare(JsonObject fixture, JsonObject ours, string prefix, HashSet<string> absent, List<string> problems)
        {
            foreach (var (key, value) in ours)
            {
                string path = prefix + key;
                if (!fixture.ContainsKey(key))
                {
                    problems.Add($"{path}: ours has it, the fixture does not");
                    continue;
                }
                var expected = fixture[key];
                if (expected == null || value == null)
                {
                    // null in either: the other may be null or an object (AWS sends null for an empty map).
                    continue;
                }
                if (expected.GetValueKind() != value.GetValueKind())
                {
                    problems.Add($"{path}: fixture {expected.GetValueKind()}, ours {value.GetValueKind()}");
                    continue;
                }
                if (value is JsonObject child && !DataObjects.Contains(key))
                {
                    Compare(expected.AsObject(), child, path + ".", absent, problems);
                }
            }
            foreach (var (key, _) in fixture)
            {
                string path = prefix + key;
                if (!ours.ContainsKey(key) && !absent.Contains(path))
                {
                    problems.Add($"{path}: the fixture has it, ours does not");
                }
            }
        }
    }
}
