using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// The query (GetRustLambdaArtifacts) and the build resolve the same template separately: whichever target runs first in
    /// one invocation, Build, Publish and RustLambdaInvoke still get the opt-in, the tool checks and the settings file.
    /// (Before, the first caller fixed the mode, so `-t:GetRustLambdaArtifacts;Build` built without the opt-in.)
    /// </summary>
    [TestClass]
    public class TargetOrderTests
    {
        private static readonly string[] Targets = { "GetRustLambdaArtifacts", "Build", "Publish", "RustLambdaInvoke" };

        /// <summary>Every order of the four targets in one invocation (24).</summary>
        public static IEnumerable<object[]> EveryOrder() => Permutations(Targets).Select(p => new object[] { string.Join(";", p) });

        private static IEnumerable<IReadOnlyList<string>> Permutations(IReadOnlyList<string> items)
        {
            if (items.Count <= 1)
            {
                yield return items;
                yield break;
            }
            for (int i = 0; i < items.Count; i++)
            {
                var rest = items.Where((_, j) => j != i).ToList();
                foreach (var tail in Permutations(rest))
                {
                    yield return new[] { items[i] }.Concat(tail).ToList();
                }
            }
        }

        [TestMethod]
        public void There_are_24_orders() => Assert.AreEqual(24, EveryOrder().Distinct(new RowComparer()).Count());

        [TestMethod]
        [DynamicData(nameof(EveryOrder))]
        public void Without_the_opt_in_every_order_fails_with_RL0040_before_cargo(string targets)
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "order");
            var build = sandbox.Build("SingleFunction.csproj", "-t:" + targets, "-p:SamBetaFeatures=", "-p:SamEvent=events/hello.json");
            build.AssertFailedWith("RL0040");
            Assert.AreEqual(0, sandbox.CargoStarts.Count, targets + " started cargo:\n" + string.Join("\n", sandbox.CargoStarts));
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")), targets + " wrote a zip");
        }

        [TestMethod]
        [DataRow("GetRustLambdaArtifacts;Build")]
        [DataRow("GetRustLambdaArtifacts;Publish")]
        [DataRow("GetRustLambdaArtifacts;RustLambdaInvoke")]
        [DataRow("RustLambdaInvoke;GetRustLambdaArtifacts")]
        public void With_the_opt_in_a_query_first_still_runs_the_builds_resolution(string targets)
        {
            using var sandbox = Sandbox.FromSample("SingleFunction", "order-in");
            string settings = sandbox.PathOf("obj/Debug/rustlambda/build-settings.hash");
            var build = sandbox.Build("SingleFunction.csproj", "-t:" + targets, "-p:SamEvent=events/hello.json");
            build.AssertSucceeded();
            Assert.IsTrue(File.Exists(settings), "the build's resolution writes the settings file:\n" + build.Output);
            Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
            if (targets.Contains("RustLambdaInvoke"))
            {
                StringAssert.Contains(build.Output, "Hello");
            }
            if (targets.Contains("Publish"))
            {
                Assert.IsTrue(File.Exists(sandbox.PathOf("bin/Debug/publish/HelloFunction/bootstrap.zip")), build.Output);
            }
        }

        private sealed class RowComparer : IEqualityComparer<object[]>
        {
            public bool Equals(object[]? x, object[]? y) => (string)x![0] == (string)y![0];

            public int GetHashCode(object[] obj) => obj[0].GetHashCode();
        }
    }
}
