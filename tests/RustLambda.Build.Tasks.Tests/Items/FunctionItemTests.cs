using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tests.Items
{
    [TestClass]
    public class FunctionItemTests
    {
        private static FunctionItem Sample() => new FunctionItem
        {
            LogicalId = "Books",
            Binary = "bücher",
            Runtime = "provided.al2023",
            Architecture = "arm64",
            Handler = "bootstrap",
            ZipPath = "/out/Books/bootstrap.zip",
            InvocationId = "inv-1",
            CodeUri = "/src/my crate",
            TemplatePath = "/src/template.yaml",
            TemplateLine = 12,
            TimeoutSeconds = 30,
            MemorySizeMb = 512,
            // Values holding ';' (MSBuild's list separator) and '=' must survive.
            EnvironmentVariables = new Dictionary<string, string> { ["TABLE"] = "a;b", ["EXPR"] = "x=1", ["EMPTY"] = "" },
        };

        [TestMethod]
        public void Every_property_survives_ToItem_then_FromItem()
        {
            var original = Sample();
            var item = original.ToItem();
            var back = FunctionItem.FromItem(item);

            Assert.AreEqual("Books", item.ItemSpec);
            Assert.AreEqual(original.LogicalId, back.LogicalId);
            Assert.AreEqual(original.Binary, back.Binary);
            Assert.AreEqual(original.Runtime, back.Runtime);
            Assert.AreEqual(original.Architecture, back.Architecture);
            Assert.AreEqual(original.Handler, back.Handler);
            Assert.AreEqual(original.ZipPath, back.ZipPath);
            Assert.AreEqual(original.InvocationId, back.InvocationId);
            Assert.AreEqual(original.CodeUri, back.CodeUri);
            Assert.AreEqual(original.TemplatePath, back.TemplatePath);
            Assert.AreEqual(original.TemplateLine, back.TemplateLine);
            Assert.AreEqual(original.TimeoutSeconds, back.TimeoutSeconds);
            Assert.AreEqual(original.MemorySizeMb, back.MemorySizeMb);
            CollectionAssert.AreEquivalent(new List<KeyValuePair<string, string>>(original.EnvironmentVariables), new List<KeyValuePair<string, string>>(back.EnvironmentVariables));
        }

        [TestMethod]
        public void Absent_optional_values_stay_absent()
        {
            var back = FunctionItem.FromItem(new FunctionItem { LogicalId = "Fn", Handler = null, TimeoutSeconds = null, MemorySizeMb = null }.ToItem());
            Assert.IsNull(back.Handler);
            Assert.IsNull(back.TimeoutSeconds);
            Assert.IsNull(back.MemorySizeMb);
            Assert.AreEqual(0, back.EnvironmentVariables.Count);
        }

        [TestMethod]
        public void The_metadata_names_are_the_MetadataKeys()
        {
            var item = Sample().ToItem();
            foreach (var key in new[] { MetadataKeys.LogicalId, MetadataKeys.ZipPath, MetadataKeys.Binary, MetadataKeys.Runtime, MetadataKeys.Architecture, MetadataKeys.Handler, MetadataKeys.InvocationId })
            {
                Assert.AreNotEqual("", item.GetMetadata(key), key);
            }
            Assert.AreEqual("/out/Books/bootstrap.zip", item.GetMetadata("ZipPath"));
        }
    }
}
