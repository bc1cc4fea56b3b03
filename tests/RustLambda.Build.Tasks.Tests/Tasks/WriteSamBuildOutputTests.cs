using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Tests.Mocks;

namespace RustLambda.Build.Tests.Tasks
{
    [TestClass]
    public class WriteSamBuildOutputTests
    {
        [TestMethod]
        public void Writes_each_bootstrap_and_the_rewritten_template_and_lists_them()
        {
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            var task = new WriteSamBuildOutput
            {
                BuildEngine = engine,
                TemplatePath = dir.Combine("template.yaml"),
                Functions = new[] { new FunctionItem { LogicalId = "Books", Binary = "books", InvocationId = "inv" }.ToItem() },
                Binaries = new[] { new BinaryItem(dir.Write("obj/bin/books", "binary"), "books", "inv").ToItem() },
            };

            Assert.IsTrue(task.Execute(), engine.Log);
            string build = dir.Combine(".aws-sam", "build");
            CollectionAssert.AreEqual(new[] { Path.Combine(build, "Books", "bootstrap"), Path.Combine(build, "template.yaml") }, task.WrittenFiles.Select(f => f.ItemSpec).ToArray());
            Assert.AreEqual("binary", File.ReadAllText(Path.Combine(build, "Books", "bootstrap")));
            StringAssert.Contains(File.ReadAllText(Path.Combine(build, "template.yaml")), "CodeUri: Books");
        }

        [TestMethod]
        public void A_build_folder_that_cannot_be_made_is_RL0070_not_an_exception()
        {
            using var dir = TaskFixture.Project();
            var engine = new MockBuildEngine();
            string blocked = dir.Write("blocked", "a file where the folder should be");
            var task = new WriteSamBuildOutput
            {
                BuildEngine = engine,
                TemplatePath = dir.Combine("template.yaml"),
                BuildDirectory = Path.Combine(blocked, "build"),
                Functions = new[] { new FunctionItem { LogicalId = "Books", Binary = "books", InvocationId = "inv" }.ToItem() },
                Binaries = new[] { new BinaryItem(dir.Write("obj/bin/books", "binary"), "books", "inv").ToItem() },
            };

            Assert.IsFalse(task.Execute());
            Assert.AreEqual(DiagnosticCodes.PackagingFailed, engine.Errors.Single().Code);
            StringAssert.Contains(engine.Errors.Single().Message, "SamBuildOutput=false");
        }
    }
}
