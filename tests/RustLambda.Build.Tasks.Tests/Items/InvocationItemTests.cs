using System;
using System.Linq;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;
using RustLambda.Build.Tasks.Items;

namespace RustLambda.Build.Tests.Items
{
    [TestClass]
    public class InvocationItemTests
    {
        [TestMethod]
        [DataRow(BuilderKind.CargoLambda, "/obj/lambda")]
        [DataRow(BuilderKind.Cargo, null)]
        public void Every_property_survives_ToItem_then_FromItem(BuilderKind builder, string? lambdaDirectory)
        {
            var original = new CargoInvocation
            {
                Id = "crate-arm64-release",
                Builder = builder,
                WorkingDirectory = "/src/with space",
                Arguments = new[] { "lambda", "build", "--release", "--features", "a;b", "--bin", "x" },
                Binaries = new[] { "x", "y" },
                Architecture = "arm64",
                TargetTriple = "aarch64-unknown-linux-gnu",
                ProfileDirectory = "release",
                StateDirectory = "/obj/rustlambda/crate",
                LambdaDirectory = lambdaDirectory,
            };
            var item = InvocationItem.ToItem(original);
            var back = InvocationItem.FromItem(item);

            Assert.AreEqual(original.Id, item.ItemSpec);
            Assert.AreEqual(original.Id, back.Id);
            Assert.AreEqual(original.Builder, back.Builder);
            Assert.AreEqual(original.WorkingDirectory, back.WorkingDirectory);
            CollectionAssert.AreEqual(original.Arguments.ToArray(), back.Arguments.ToArray());
            CollectionAssert.AreEqual(original.Binaries.ToArray(), back.Binaries.ToArray());
            Assert.AreEqual(original.Architecture, back.Architecture);
            Assert.AreEqual(original.TargetTriple, back.TargetTriple);
            Assert.AreEqual(original.ProfileDirectory, back.ProfileDirectory);
            Assert.AreEqual(original.StateDirectory, back.StateDirectory);
            Assert.AreEqual(original.LambdaDirectory, back.LambdaDirectory);
            Assert.AreEqual(original.DependencyInputsFile, item.GetMetadata(MetadataKeys.DependencyInputsFile));
        }

        [TestMethod]
        public void An_item_with_an_unknown_builder_is_refused()
        {
            var item = new TaskItem("x");
            item.SetMetadata(MetadataKeys.Builder, "Make");
            var error = Assert.ThrowsExactly<ArgumentException>(() => InvocationItem.FromItem(item));
            StringAssert.Contains(error.Message, "CargoLambda");
        }

        [TestMethod]
        public void A_binary_item_round_trips()
        {
            var back = BinaryItem.FromItem(new BinaryItem("/obj/bin/x", "x", "inv").ToItem());
            Assert.AreEqual("/obj/bin/x", back.Path);
            Assert.AreEqual("x", back.Binary);
            Assert.AreEqual("inv", back.InvocationId);
        }
    }
}
