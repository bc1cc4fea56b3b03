using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>`sam build`'s layout, written by dotnet build so `sam deploy` works straight after it.</summary>
    [TestClass]
    public class SamBuildOutputTests
    {
        [TestMethod]
        public void Writes_executable_bootstraps_and_a_template_pointing_at_them()
        {
            using var sandbox = Sandbox.FromSample("MultiFunction");
            sandbox.Build("MultiFunction.csproj").AssertSucceeded();
            foreach (var id in new[] { "FunctionA", "FunctionB" })
            {
                string bootstrap = sandbox.PathOf($".aws-sam/build/{id}/bootstrap");
                Assert.IsTrue(File.Exists(bootstrap), bootstrap);
                Assert.AreEqual(UnixFileMode.UserExecute, File.GetUnixFileMode(bootstrap) & UnixFileMode.UserExecute);
                Assert.AreEqual(UnixFileMode.OtherExecute, File.GetUnixFileMode(bootstrap) & UnixFileMode.OtherExecute);
            }
            string template = File.ReadAllText(sandbox.PathOf(".aws-sam/build/template.yaml"));
            StringAssert.Contains(template, "CodeUri: FunctionA");
            StringAssert.Contains(template, "CodeUri: FunctionB");
            StringAssert.Contains(template, "SamResourceId: FunctionA");

            sandbox.Dotnet(new[] { "clean", "MultiFunction.csproj" }).AssertSucceeded();
            Assert.IsFalse(File.Exists(sandbox.PathOf(".aws-sam/build/template.yaml")), "Clean removes what the build wrote");
            Assert.IsFalse(File.Exists(sandbox.PathOf(".aws-sam/build/FunctionA/bootstrap")));
        }

        [TestMethod]
        public void A_deleted_build_folder_is_written_again_by_the_next_build()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Directory.Delete(sandbox.PathOf(".aws-sam"), recursive: true);
            sandbox.Build("SingleFunction.csproj").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf(".aws-sam/build/HelloFunction/bootstrap")));
        }

        [TestMethod]
        public void SamBuildDir_moves_it_and_SamBuildOutput_false_turns_it_off()
        {
            using var sandbox = Sandbox.FromSample("SingleFunction");
            sandbox.Build("SingleFunction.csproj", "-p:SamBuildDir=out/sam").AssertSucceeded();
            Assert.IsTrue(File.Exists(sandbox.PathOf("out/sam/template.yaml")));
            Assert.IsFalse(Directory.Exists(sandbox.PathOf(".aws-sam")));

            using var off = Sandbox.FromSample("SingleFunction");
            off.Build("SingleFunction.csproj", "-p:SamBuildOutput=false").AssertSucceeded();
            Assert.IsFalse(Directory.Exists(off.PathOf(".aws-sam")));
            Assert.IsTrue(File.Exists(off.PathOf("bin/Debug/HelloFunction/bootstrap.zip")));
        }
    }
}
