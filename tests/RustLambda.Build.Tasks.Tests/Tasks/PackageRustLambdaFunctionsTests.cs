using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Tasks;
using RustLambda.Build.Tasks.Items;
using RustLambda.Build.Tests.Mocks;

namespace RustLambda.Build.Tests.Tasks
{
    [TestClass]
    public class PackageRustLambdaFunctionsTests
    {
        private static ITaskItem Function(TempDirectory dir, string id = "Books") => new FunctionItem
        {
            LogicalId = id,
            Binary = "books",
            Runtime = "provided.al2023",
            Architecture = "x86_64",
            ZipPath = dir.Combine("bin", id, "bootstrap.zip"),
            InvocationId = "inv",
            TemplatePath = dir.Combine("template.yaml"),
            TemplateLine = 6,
        }.ToItem();

        private static ITaskItem Binary(TempDirectory dir, string content) => new BinaryItem(dir.Write("obj/bin/books", content), "books", "inv").ToItem();

        [TestMethod]
        public void Skipped_checks_are_a_warning_not_an_error_and_the_zip_is_written()
        {
            using var dir = new TempDirectory();
            var engine = new MockBuildEngine();
            var task = new PackageRustLambdaFunctions { BuildEngine = engine, Functions = new[] { Function(dir) }, Binaries = new[] { Binary(dir, "not checked") }, SkipArtifactChecks = true };

            Assert.IsTrue(task.Execute(), engine.Log);
            Assert.AreEqual(DiagnosticCodes.ArtifactChecksSkipped, engine.Warnings.Single().Code);
            Assert.AreEqual(0, engine.Errors.Count);
            Assert.IsTrue(File.Exists(dir.Combine("bin", "Books", "bootstrap.zip")));
            Assert.AreEqual(dir.Combine("bin", "Books", "bootstrap.zip"), task.WrittenFiles.Single().ItemSpec);
        }

        [TestMethod]
        public void A_binary_whose_content_changed_is_zipped_again_even_with_its_old_time_and_an_unchanged_one_is_hashed_once()
        {
            using var dir = new TempDirectory();
            string stamps = dir.Combine("obj", "zips");
            PackageRustLambdaFunctions Task(string content) => new PackageRustLambdaFunctions
            {
                BuildEngine = new MockBuildEngine(), Functions = new[] { Function(dir) }, Binaries = new[] { Binary(dir, content) },
                SkipArtifactChecks = true, StampDirectory = stamps,
            };
            Assert.IsTrue(Task("first build").Execute());
            string zip = dir.Combine("bin", "Books", "bootstrap.zip");
            string binary = dir.Combine("obj", "bin", "books");
            var time = File.GetLastWriteTimeUtc(binary);
            StringAssert.Contains(File.ReadAllText(Path.Combine(stamps, "binaries.stamps")), binary, "the binary's hash is kept by size and time");

            // Same time, other size: the kept hash is not trusted.
            var again = Task("second build, longer");
            File.SetLastWriteTimeUtc(binary, time);
            Assert.IsTrue(again.Execute());
            using (var archive = System.IO.Compression.ZipFile.OpenRead(zip))
            using (var reader = new StreamReader(archive.Entries.Single().Open()))
            {
                Assert.AreEqual("second build, longer", reader.ReadToEnd());
            }
        }

        [TestMethod]
        public void Functions_built_from_one_binary_get_byte_identical_zips_deflated_once()
        {
            using var dir = new TempDirectory();
            var engine = new MockBuildEngine();
            var task = new PackageRustLambdaFunctions
            {
                BuildEngine = engine, Functions = new[] { Function(dir, "Books"), Function(dir, "Authors") }, Binaries = new[] { Binary(dir, "one binary") },
                SkipArtifactChecks = true, StampDirectory = dir.Combine("obj", "zips"),
            };
            Assert.IsTrue(task.Execute(), engine.Log);
            CollectionAssert.AreEqual(File.ReadAllBytes(dir.Combine("bin", "Books", "bootstrap.zip")), File.ReadAllBytes(dir.Combine("bin", "Authors", "bootstrap.zip")));
            Assert.AreEqual(1, engine.Messages.Count(m => m.Message!.Contains("the same binary's zip, copied from")), engine.Log);
            Assert.AreEqual(2, task.WrittenFiles.Length);
        }

        [TestMethod]
        public void A_binary_that_is_not_a_Linux_executable_is_an_error_at_the_function_in_the_template()
        {
            using var dir = new TempDirectory();
            var engine = new MockBuildEngine();
            var task = new PackageRustLambdaFunctions { BuildEngine = engine, Functions = new[] { Function(dir) }, Binaries = new[] { Binary(dir, "#!/bin/sh\necho hi\n") } };

            Assert.IsFalse(task.Execute());
            var error = engine.Errors.Single();
            Assert.AreEqual((DiagnosticCodes.NotALinuxExecutable, dir.Combine("template.yaml"), 6), (error.Code, error.File, error.LineNumber));
            Assert.IsFalse(File.Exists(dir.Combine("bin", "Books", "bootstrap.zip")));
            Assert.AreEqual(0, task.WrittenFiles.Length);
        }

        [TestMethod]
        public void A_function_whose_binary_was_not_built_is_RL0062_and_the_others_still_zip()
        {
            using var dir = new TempDirectory();
            var engine = new MockBuildEngine();
            var task = new PackageRustLambdaFunctions
            {
                BuildEngine = engine,
                Functions = new[] { Function(dir, "Books"), new FunctionItem { LogicalId = "Authors", Binary = "authors", InvocationId = "inv", ZipPath = dir.Combine("bin", "Authors", "bootstrap.zip") }.ToItem() },
                Binaries = new[] { Binary(dir, "x") },
                SkipArtifactChecks = true,
            };

            Assert.IsFalse(task.Execute());
            Assert.AreEqual(DiagnosticCodes.BinaryNotProduced, engine.Errors.Single().Code);
            StringAssert.Contains(engine.Errors.Single().Message, "authors");
            Assert.IsTrue(File.Exists(dir.Combine("bin", "Books", "bootstrap.zip")));
        }
    }
}
