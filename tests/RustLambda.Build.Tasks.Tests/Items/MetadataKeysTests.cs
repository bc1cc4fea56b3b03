using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tests.Items
{
    [TestClass]
    public class MetadataKeysTests
    {
        private static readonly string Targets = File.ReadAllText(RepositoryRoot.File("sdk", "RustLambda.Sdk", "Sdk", "Sdk.targets"));

        [TestMethod]
        public void Every_metadata_name_Sdk_targets_reads_from_the_tasks_items_is_a_MetadataKey()
        {
            // %(_RustLambdaFunction.ZipPath), @(_RustLambdaFunction->'%(ZipPath)') and the like, for the items the tasks make.
            // (_RustLambdaQueryFunction: the same items, from the query's own resolution.)
            var used = Regex.Matches(Targets, @"%\((_RustLambda(?:Query)?(?:Function|Invocation|Binary|Stack))\.(\w+)\)").Select(m => m.Groups[2].Value)
                .Concat(Regex.Matches(Targets, @"@\(_RustLambda(?:Query)?(?:Function|Invocation|Binary|Stack)->'[^']*%\((\w+)\)").Select(m => m.Groups[1].Value))
                .Where(name => name != "Identity")
                .Distinct()
                .ToList();
            Assert.IsTrue(used.Contains("ZipPath") && used.Contains("LogicalId"), "the scan found Sdk.targets' uses: " + string.Join(", ", used));
            CollectionAssert.IsSubsetOf(used, MetadataKeys.All.ToList(), "Sdk.targets uses a metadata name the tasks do not define");
        }

        [TestMethod]
        public void GetRustLambdaArtifacts_keeps_exactly_the_artifact_metadata()
        {
            var keep = Regex.Match(Targets, @"<RustLambdaArtifact\b[^\n]*?KeepMetadata=""([^""]+)""").Groups[1].Value.Split(';');
            CollectionAssert.AreEqual(MetadataKeys.Artifact.ToList(), keep);
        }

        [TestMethod]
        public void Names_are_unique_and_cover_the_function_invocation_stack_and_written_file_items()
        {
            Assert.AreEqual(MetadataKeys.All.Count, MetadataKeys.All.Distinct().Count());
            var function = new FunctionItem { LogicalId = "Fn" }.ToItem();
            var invocation = InvocationItem.ToItem(new Build.Building.CargoInvocation { Id = "i" });
            var stack = StackItem.ToItem(new Build.Template.SamStack("", "template.yaml", new Build.Template.SamTemplate("template.yaml", new Build.Template.LambdaFunctionDefinition[0]), new Build.Template.NestedStackReference[0]));
            var file = WrittenFileItem.ToItem("bootstrap.zip", new Build.IO.FileStamp(3, 4, new string('0', 64)));
            var written = function.MetadataNames.Cast<string>().Concat(invocation.MetadataNames.Cast<string>()).Concat(stack.MetadataNames.Cast<string>())
                .Concat(file.MetadataNames.Cast<string>())
                .Where(n => MetadataKeys.All.Contains(n)).Distinct().ToList();
            CollectionAssert.AreEquivalent(MetadataKeys.All.ToList(), written, "every key is written by one of the items");
        }
    }
}
